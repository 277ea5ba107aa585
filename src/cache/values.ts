// What the Cache stores (JSON text), how memoize keys a call, and how long a store call may take.
import { PhialError } from '../errors.ts'

/** @internal `value` as the JSON text stored; a `PhialError` naming `key` for what JSON cannot hold. */
export function toJSON(key: string, value: unknown): string {
  if (value === undefined) {
    throw new PhialError(`cache: "${key}": undefined cannot be cached (it means a miss); use null`)
  }
  try {
    const text = JSON.stringify(value)
    if (text === undefined) throw new TypeError(`a ${typeof value} has no JSON form`)
    return text
  } catch (error) {
    throw new PhialError(`cache: "${key}": the value cannot be stored as JSON: ${(error as Error).message}`)
  }
}

// Stands for `undefined` in a memoized call's arguments, which JSON would write as `null`.
const UNDEFINED = { $undefined: 0 }

/**
 * @internal The key of a memoized call: its arguments as JSON, refusing those JSON would merge with
 * others (a `Map` or `Set` is `{}`, `NaN` and `Infinity` are `null`); `undefined` is kept apart from `null`.
 */
export function argsKey(name: string, args: readonly unknown[]): string {
  const replacer = (_key: string, value: unknown): unknown => {
    if (value === undefined) return UNDEFINED
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new TypeError(`${value} is not a JSON number`)
    if (value instanceof Map || value instanceof Set)
      throw new TypeError(`a ${value.constructor.name} has no JSON form`)
    return value
  }
  try {
    return `memoize:${name}:${JSON.stringify(args, replacer)}`
  } catch (error) {
    throw new PhialError(
      `cache.memoize: "${name}": an argument cannot be part of a key: ${(error as Error).message}`,
    )
  }
}

/**
 * @internal A store call's answer, as a promise that rejects after `limit` ms without one (`0`: no
 * limit). An answer given at once, or any thenable a store returns, is accepted.
 */
export function bounded<T>(result: T | PromiseLike<T>, limit: number, what: string, key: string): Promise<T> {
  if (typeof (result as PromiseLike<T> | null)?.then !== 'function') return Promise.resolve(result as T)
  const answer = Promise.resolve(result)
  if (limit === 0) return answer
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the cache store did not answer ${what} "${key}" within ${limit} ms`)),
      limit,
    )
  })
  return Promise.race([answer, late]).finally(() => clearTimeout(timer))
}

/** @internal Whether `key` can be stored as it is: no lone surrogate, which UTF-8 would make U+FFFD. */
export function checkKey(key: string): void {
  if ((key as { isWellFormed?: () => boolean }).isWellFormed?.() === false) {
    throw new PhialError(
      `cache: the key ${JSON.stringify(key)} has a lone surrogate; Redis and Memcached would store it as another key`,
    )
  }
}
