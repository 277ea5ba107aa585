// A cache store on Memcached, through memjs.
import { PhialError } from '../errors.ts'
import type { CacheStore } from './store.ts'

/** The part of a memjs client (`memjs.Client.create()`) the store uses. */
export interface MemjsClient {
  get(key: string): Promise<{ value: Uint8Array | null }>
  set(key: string, value: string, options: { expires: number }): Promise<boolean | null>
  add(key: string, value: string, options: { expires: number }): Promise<boolean | null>
  replace(key: string, value: string, options: { expires: number }): Promise<boolean | null>
  delete(key: string): Promise<boolean | null>
  flush(): Promise<unknown>
}

const MAX_KEY = 250
// Memcached's longest relative expiry; a larger number is read as a Unix time (memcached protocol.txt).
const MONTH = 60 * 60 * 24 * 30
const decoder = new TextDecoder()
const encoder = new TextEncoder()

/**
 * Keeps a {@link Cache}'s values in Memcached, shared by every worker process and server, through a
 * memjs client you create (`memjs.Client.create('127.0.0.1:11211')`), so phial itself adds no
 * dependency. Flask-Caching: `MemcachedCache`.
 *
 * Memcached differs from the other stores in three ways: a time to live is whole seconds (a shorter
 * one lasts one second), a value is at most 1 MB by default (a larger one is not stored, and the
 * `Cache` reports the failure), and it cannot list its keys, so `clear()` empties the whole server
 * (every prefix, other apps' keys too), as Flask-Caching's does. Keys longer than 250 bytes, or with
 * spaces, control characters or non-ASCII text, are stored under an encoded or hashed form.
 *
 * @example
 * import memjs from 'memjs'
 * const cache = new Cache({ store: new MemcachedStore(memjs.Client.create(process.env.MEMCACHED)) })
 */
export class MemcachedStore implements CacheStore {
  readonly #client: MemjsClient

  constructor(client: MemjsClient) {
    if (typeof (client as Partial<MemjsClient> | null)?.flush !== 'function') {
      throw new PhialError("MemcachedStore needs a memjs client: memjs.Client.create('host:11211')")
    }
    this.#client = client
  }

  async get(key: string): Promise<string | undefined> {
    const { value } = await this.#client.get(await toMemcachedKey(key))
    return value === null ? undefined : decoder.decode(value)
  }

  async set(key: string, value: string, ttl: number): Promise<void> {
    const stored = await this.#client.set(await toMemcachedKey(key), value, { expires: toExpires(ttl) })
    if (stored !== true)
      throw new Error(`Memcached did not store "${key}" (a value of ${value.length} characters)`)
  }

  async add(key: string, value: string, ttl: number): Promise<boolean> {
    try {
      return (await this.#client.add(await toMemcachedKey(key), value, { expires: toExpires(ttl) })) === true
    } catch (error) {
      // memjs rejects an ADD of a key that exists ("Item exists") instead of answering false.
      if (error instanceof Error && /exists/i.test(error.message)) return false
      throw error
    }
  }

  async replace(key: string, value: string, ttl: number): Promise<boolean> {
    const options = { expires: toExpires(ttl) }
    return (await this.#client.replace(await toMemcachedKey(key), value, options)) === true
  }

  async delete(key: string): Promise<boolean> {
    return (await this.#client.delete(await toMemcachedKey(key))) === true
  }

  async clear(_prefix: string): Promise<void> {
    await this.#client.flush()
  }
}

/**
 * Seconds as Memcached reads them: at least 1 for any time to live (0 is "never"), and an absolute
 * Unix time past 30 days.
 */
function toExpires(ttl: number): number {
  if (ttl <= 0) return 0
  const seconds = Math.max(1, Math.ceil(ttl / 1000))
  return seconds > MONTH ? Math.floor(Date.now() / 1000) + seconds : seconds
}

/**
 * A key Memcached takes: printable ASCII without spaces, at most 250 bytes. Other bytes, and `%`
 * itself, are percent-encoded, so two well-formed keys never share a form (the Cache refuses a lone
 * surrogate, which UTF-8 cannot hold); a form still too long is `%%` and
 * the key's SHA-256 (`%%` never appears in an encoded key), and the empty key is `%`.
 */
async function toMemcachedKey(key: string): Promise<string> {
  if (key === '') return '%' // Memcached has no empty key; a lone `%` is no encoded key either
  if (key.length <= MAX_KEY && /^[\x21-\x24\x26-\x7e]*$/.test(key)) return key
  let encoded = ''
  for (const byte of encoder.encode(key)) {
    encoded +=
      byte > 0x20 && byte < 0x7f && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  if (encoded.length <= MAX_KEY) return encoded
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(key)))
  return `%%${Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')}`
}
