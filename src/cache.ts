/**
 * A cache for values, function results and whole view responses, kept in this process
 * ({@link MemoryStore}), in Redis ({@link RedisStore}) or in Memcached ({@link MemcachedStore}), and
 * server-side sessions in the same stores ({@link CacheSessionInterface}).
 * A subpath of its own (`phial/cache`): `phial` never loads it. Flask-Caching's `Cache`.
 *
 * @packageDocumentation
 */
import { type CacheStore, MemoryStore } from './cache/store.ts'
import { argsKey, bounded, checkKey, toJSON } from './cache/values.ts'
import { cachedView, checkTimeout, type ViewCacheOptions } from './cache/view.ts'
import { decoratedMethods } from './decorations.ts'
import { PhialError } from './errors.ts'
import type { PhialRequest } from './request.ts'
import type { Logger } from './types.ts'

export { MemcachedStore, type MemjsClient } from './cache/memcached.ts'
export { type IORedisClient, type NodeRedisClient, RedisStore } from './cache/redis.ts'
export { CacheSessionInterface, type CacheSessionOptions } from './cache/sessions.ts'
export { type CacheStore, MemoryStore, type MemoryStoreOptions } from './cache/store.ts'
export type { ViewCacheOptions } from './cache/view.ts'

/** Options of {@link Cache}. */
export interface CacheOptions {
  /** Where values are kept. @default a new {@link MemoryStore} (one per process) */
  store?: CacheStore | undefined
  /** Seconds a value lives when a call gives no `timeout`; `0` for no expiry. @default 300 (Flask-Caching: `CACHE_DEFAULT_TIMEOUT`) */
  defaultTimeout?: number | undefined
  /** Put before every key, so apps can share a store; `clear()` removes only these keys. @default '' (Flask-Caching: `CACHE_KEY_PREFIX`) */
  keyPrefix?: string | undefined
  /**
   * Milliseconds a store call may take before it counts as failed, so a Redis or Memcached that
   * stopped answering slows no request past it. `0` waits forever. @default 1000
   */
  storeTimeout?: number | undefined
  /** Where `memoize` and `getOrSet` report a store that failed (they then work without it). @default console */
  logger?: Logger | undefined
}

/** Options of one write. */
export interface SetOptions {
  /** Seconds the value lives; `0` for no expiry. @default the cache's `defaultTimeout` */
  timeout?: number | undefined
}

/** Options of {@link Cache.memoize}. */
export interface MemoizeOptions extends SetOptions {
  /** The name in the keys. @default the function's name (required for an anonymous function) */
  name?: string | undefined
}

/** A memoized function, and how to forget one of its results. */
export type Memoized<A extends unknown[], R> = ((...args: A) => Promise<Awaited<R>>) & {
  /** Removes the result cached for these arguments (Flask-Caching: `delete_memoized`). */
  forget(...args: A): Promise<boolean>
}

/**
 * A cache: `get`/`set` by key, `getOrSet` to compute a value once, `memoize` for a function's results,
 * and `cached` for a view's whole response. Values are stored as JSON, so what comes back is what
 * `JSON.parse(JSON.stringify(value))` gives (a `Date` comes back a string); `undefined` means a miss
 * and cannot be stored. Flask-Caching: `Cache`.
 *
 * @example
 * const cache = new Cache({ store: new RedisStore(redis), defaultTimeout: 60 })
 * app.get('/posts', cache.cached(() => db.latestPosts()))
 * const user = await cache.getOrSet(`user:${id}`, () => db.user(id), { timeout: 300 })
 */
export class Cache {
  /** The store the values are in. */
  readonly store: CacheStore
  /** The cache's options, with their defaults. */
  readonly options: Readonly<{
    defaultTimeout: number
    keyPrefix: string
    storeTimeout: number
    logger: Logger
  }>
  readonly #pending = new Map<string, Promise<string | undefined>>()
  readonly #memoized = new Set<string>()

  constructor(options: CacheOptions = {}) {
    this.store = options.store ?? new MemoryStore()
    const defaultTimeout = options.defaultTimeout ?? 300
    checkTimeout(defaultTimeout, 'defaultTimeout')
    const storeTimeout = options.storeTimeout ?? 1000
    checkTimeout(storeTimeout, 'storeTimeout')
    this.options = Object.freeze({
      defaultTimeout,
      keyPrefix: options.keyPrefix ?? '',
      storeTimeout,
      logger: options.logger ?? console,
    })
  }

  /** The value under `key`, or `undefined`. A store failure rejects. Flask-Caching: `get`. */
  async get<T = unknown>(key: string): Promise<T | undefined> {
    const text = await this.#call('get', key, (k) => this.store.get(k))
    if (text === undefined) return undefined
    try {
      return JSON.parse(text) as T
    } catch {
      return undefined // a value some other program wrote under the key: not ours, so a miss
    }
  }

  /** Stores `value` (as JSON) under `key`. Flask-Caching: `set`. */
  async set(key: string, value: unknown, options: SetOptions = {}): Promise<void> {
    const text = toJSON(key, value)
    await this.#call('set', key, (k) => this.store.set(k, text, this.#ttl(options)))
  }

  /** @internal The stored text under `key` as it is, for cached views (their entries are not JSON). */
  getText(key: string): Promise<string | undefined> {
    return this.#call('get', key, (k) => this.store.get(k))
  }

  /** @internal Stores `text` as it is, for cached views. */
  setText(key: string, text: string, options: SetOptions = {}): Promise<void> {
    return this.#call('set', key, (k) => this.store.set(k, text, this.#ttl(options)))
  }

  /** Stores `value` only if `key` has none; whether it did. Flask-Caching: `add`. */
  async add(key: string, value: unknown, options: SetOptions = {}): Promise<boolean> {
    const text = toJSON(key, value)
    return this.#call('add', key, (k) => this.store.add(k, text, this.#ttl(options)))
  }

  /** Stores `value` only if `key` has a value (not expired); whether it did. */
  async replace(key: string, value: unknown, options: SetOptions = {}): Promise<boolean> {
    const text = toJSON(key, value)
    return this.#call('replace', key, (k) => this.store.replace(k, text, this.#ttl(options)))
  }

  /** Removes `key`; whether it had a value. Flask-Caching: `delete`. */
  delete(key: string): Promise<boolean> {
    return this.#call('delete', key, (k) => this.store.delete(k))
  }

  /** Whether `key` has a value. Flask-Caching: `has`. */
  async has(key: string): Promise<boolean> {
    return (await this.#call('get', key, (k) => this.store.get(k))) !== undefined
  }

  /** Removes every key under this cache's `keyPrefix` (see each store for `''`). Flask-Caching: `clear`. */
  clear(): Promise<void> {
    return this.#call('clear', '', () => this.store.clear(this.options.keyPrefix))
  }

  /**
   * The value under `key`, or `compute()`'s, stored. Concurrent calls for one key in this process
   * share one `compute()`, and each gets its own copy of the value, as from `get`. A store that fails
   * is logged and skipped: the value is computed. A value JSON cannot hold is a `PhialError`.
   */
  async getOrSet<T>(
    key: string,
    compute: () => T | Promise<T>,
    options: SetOptions = {},
  ): Promise<Awaited<T>> {
    const ttl = this.#ttl(options)
    let pending = this.#pending.get(key)
    if (pending === undefined) {
      pending = this.#getOrSet(key, compute, ttl).finally(() => this.#pending.delete(key))
      this.#pending.set(key, pending)
    }
    const text = await pending
    return (text === undefined ? undefined : JSON.parse(text)) as Awaited<T>
  }

  // The stored text under `key`, else compute()'s, stored; undefined when compute() gives undefined.
  async #getOrSet(key: string, compute: () => unknown, ttl: number): Promise<string | undefined> {
    const hit = await this.#call('get', key, (k) => this.store.get(k)).catch((e) =>
      this.#report('read', key, e),
    )
    if (hit !== undefined && isJSON(hit)) return hit
    const value = await compute()
    if (value === undefined) return undefined
    const text = toJSON(key, value)
    await this.#call('set', key, (k) => this.store.set(k, text, ttl)).catch((e) =>
      this.#report('write', key, e),
    )
    return text
  }

  /**
   * `fn` with its results cached by its name and arguments (as JSON): a call with arguments seen
   * before, within the timeout, returns the stored result without calling it. A name is memoized
   * once per cache; it is part of the keys, so keep it when the function is renamed or bundled
   * (a bundler may rename functions: pass `name`). Flask-Caching: `memoize`.
   *
   * @example
   * const topPosts = cache.memoize(async (n: number) => db.topPosts(n), { timeout: 60 })
   * await topPosts(10); await topPosts.forget(10)
   */
  memoize<A extends unknown[], R>(fn: (...args: A) => R, options: MemoizeOptions = {}): Memoized<A, R> {
    const name = options.name ?? fn.name
    if (name === '') throw new PhialError('cache.memoize: an anonymous function needs a name: { name: "…" }')
    // Two functions under one name would answer each other's calls from the cache.
    if (this.#memoized.has(name)) {
      throw new PhialError(
        `cache.memoize: a function named "${name}" is memoized already; give this one { name: "…" }`,
      )
    }
    if (options.timeout !== undefined) checkTimeout(options.timeout, 'timeout')
    this.#memoized.add(name)
    const keyOf = (args: A) => argsKey(name, args)
    // async: an argument refused by keyOf() is a rejection, as every other failure of a call is.
    const memoized = (async (...args: A) =>
      this.getOrSet(keyOf(args), () => fn(...args), options)) as Memoized<A, R>
    memoized.forget = async (...args: A) => this.delete(keyOf(args))
    Object.defineProperty(memoized, 'name', { value: name })
    return memoized
  }

  /**
   * A view with its response cached: a `GET` or `HEAD` whose key (host, path and sorted query
   * string) was answered within the timeout gets the stored status, headers and body without the view
   * running. What is stored and what is not: see {@link ViewCacheOptions} and docs/caching.md.
   *
   * @example
   * app.get('/posts', cache.cached({ timeout: 60 }, listPosts))
   * class Pages { @app.get('/about') @cache.cached() static about() { return render('about') } }
   */
  // TypeScript types the inner view before it knows the route, so its `req.params` are `any` unless
  // `req` is annotated (`(req: PhialRequest<{ id: number }>) => …`); a decorated method keeps its own.
  // biome-ignore lint/suspicious/noExplicitAny: the route's params are not known here (see above)
  cached<P = any>(handler: (req: PhialRequest<P>) => unknown): (req: PhialRequest<P>) => unknown
  // biome-ignore lint/suspicious/noExplicitAny: as above
  cached<P = any>(
    options: ViewCacheOptions,
    handler: (req: PhialRequest<P>) => unknown,
  ): (req: PhialRequest<P>) => unknown
  cached(options?: ViewCacheOptions): <H>(value: H, context: ClassMethodDecoratorContext) => H
  cached(first?: unknown, second?: unknown): unknown {
    if (typeof first === 'function') return cachedView(this, {}, first as never)
    const options = (first ?? {}) as ViewCacheOptions
    if (typeof second === 'function') return cachedView(this, options, second as never)
    return (value: unknown, context: unknown) => {
      if (decoratedMethods.has(value as object)) {
        throw new PhialError(
          '@cache.cached() is written above a route decorator, which registered the method before it was wrapped: write @cache.cached() below @app.get(…)',
        )
      }
      if (typeof value !== 'function' || (context as { kind?: string } | undefined)?.kind !== 'method') {
        throw new PhialError(
          '@cache.cached() decorates a method (a TC39 decorator; remove experimentalDecorators)',
        )
      }
      return cachedView(this, options, value as never)
    }
  }

  #ttl(options: SetOptions): number {
    const timeout = options.timeout ?? this.options.defaultTimeout
    checkTimeout(timeout, 'timeout')
    return timeout * 1000
  }

  // A store call with the key prefix, bounded by `storeTimeout` when the store answers with a promise.
  #call<T>(what: string, key: string, run: (key: string) => T | Promise<T>): Promise<T> {
    try {
      checkKey(key)
      return bounded(run(this.options.keyPrefix + key), this.options.storeTimeout, what, key)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  #report(what: 'read' | 'write', key: string, error: unknown): undefined {
    this.options.logger.warn(`phial cache: could not ${what} "${key}", working without the cache:`, error)
    return undefined
  }
}

function isJSON(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false // a value some other program wrote under the key: not ours, so a miss
  }
}
