// Where a Cache keeps its values: the store interface, and the in-process store.

/**
 * Where a {@link Cache} keeps its values: strings under string keys, each with an optional time to
 * live. {@link MemoryStore}, {@link RedisStore} and {@link MemcachedStore} are the stores phial ships;
 * any object with these six methods is one (Cloudflare KV, a database table…). A method may answer
 * at once or with a promise. Flask-Caching: `BaseCache`.
 */
export interface CacheStore {
  /** The value under `key`, or `undefined` when there is none or it expired. */
  get(key: string): string | undefined | Promise<string | undefined>
  /** Stores `value` under `key`, replacing any; `ttl` is in milliseconds, `0` for no expiry. */
  set(key: string, value: string, ttl: number): void | Promise<void>
  /** Stores `value` only if `key` has no value; whether it did. */
  add(key: string, value: string, ttl: number): boolean | Promise<boolean>
  /** Stores `value` only if `key` has a value; whether it did. */
  replace(key: string, value: string, ttl: number): boolean | Promise<boolean>
  /** Removes `key`; whether it had a value. */
  delete(key: string): boolean | Promise<boolean>
  /** Removes every key that starts with `prefix` (every key of the store for `''`, where the store can list them). */
  clear(prefix: string): void | Promise<void>
}

/** Options of {@link MemoryStore}. */
export interface MemoryStoreOptions {
  /** How many values it keeps; past that, the least recently used goes. @default 1000 */
  maxEntries?: number | undefined
}

interface Entry {
  value: string
  /** When it expires, in `Date.now()` milliseconds; `Infinity` for never. */
  expires: number
}

/**
 * A store in this process's memory, least recently used out first: the default of `new Cache()`.
 * Each worker process has its own, so under several workers (node:cluster, Gunicorn's model) a
 * value set in one is not seen by the others, and `delete` reaches one process only: use
 * {@link RedisStore} or {@link MemcachedStore} there. Flask-Caching: `SimpleCache`.
 */
export class MemoryStore implements CacheStore {
  readonly #entries = new Map<string, Entry>()
  readonly #max: number

  constructor(options: MemoryStoreOptions = {}) {
    const max = options.maxEntries ?? 1000
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError(`MemoryStore: maxEntries must be a positive integer, not ${max}`)
    }
    this.#max = max
  }

  /** How many values it holds now, expired ones not yet removed included. */
  get size(): number {
    return this.#entries.size
  }

  get(key: string): string | undefined {
    const entry = this.#entries.get(key)
    if (entry === undefined) return undefined
    if (entry.expires <= Date.now()) {
      this.#entries.delete(key)
      return undefined
    }
    // A Map keeps insertion order: moving a read entry to the end makes the first one the least used.
    this.#entries.delete(key)
    this.#entries.set(key, entry)
    return entry.value
  }

  set(key: string, value: string, ttl: number): void {
    this.#entries.delete(key)
    this.#entries.set(key, { value, expires: ttl > 0 ? Date.now() + ttl : Number.POSITIVE_INFINITY })
    if (this.#entries.size > this.#max) this.#evict()
  }

  add(key: string, value: string, ttl: number): boolean {
    if (this.get(key) !== undefined) return false
    this.set(key, value, ttl)
    return true
  }

  replace(key: string, value: string, ttl: number): boolean {
    if (this.get(key) === undefined) return false
    this.set(key, value, ttl)
    return true
  }

  delete(key: string): boolean {
    const entry = this.#entries.get(key)
    this.#entries.delete(key)
    return entry !== undefined && entry.expires > Date.now()
  }

  clear(prefix: string): void {
    if (prefix === '') this.#entries.clear()
    else for (const key of this.#entries.keys()) if (key.startsWith(prefix)) this.#entries.delete(key)
  }

  // The least recently used goes: O(1), as the first key of the Map. An expired entry is dropped
  // when read, or when it becomes the least recently used.
  #evict(): void {
    for (const key of this.#entries.keys()) {
      this.#entries.delete(key)
      if (this.#entries.size <= this.#max) break
    }
  }
}
