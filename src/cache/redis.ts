// A cache store on Redis (or Valkey, KeyDB, Dragonfly), through the client the app already uses.
import { PhialError } from '../errors.ts'
import type { CacheStore } from './store.ts'

/** node-redis (`redis` on npm, v4 and later): `createClient()`, connected. */
export interface NodeRedisClient {
  sendCommand(args: string[]): Promise<unknown>
}

/** ioredis: `new Redis()`. */
export interface IORedisClient {
  call(command: string, ...args: string[]): Promise<unknown>
}

type Command = (args: string[]) => Promise<unknown>

// SCAN's MATCH is a glob: a prefix's own `*`, `?`, `[`, `]` and `\` must match only themselves.
const GLOB = /[*?[\]\\]/g

/**
 * Keeps a {@link Cache}'s values in Redis, shared by every worker process and server. It speaks plain
 * Redis commands (`GET`, `SET … PX`, `SET … NX`/`XX`, `DEL`, `SCAN`) through a client you create and
 * connect: node-redis (`redis`) or ioredis, so phial itself adds no dependency. Flask-Caching:
 * `RedisCache`.
 *
 * A client that queues commands while disconnected (both do by default) makes a request wait for
 * Redis to come back; the `Cache`'s `storeTimeout` bounds that wait, and a cached view then answers
 * without the cache, but the queued writes still run when Redis returns. Turn the queue off
 * (node-redis `disableOfflineQueue: true`, ioredis `enableOfflineQueue: false`) to fail at once
 * instead. `clear()` deletes the keys under the cache's `keyPrefix` with `SCAN`, or every
 * key of the database when the prefix is `''`.
 *
 * @example
 * import { createClient } from 'redis'
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect()
 * const cache = new Cache({ store: new RedisStore(redis), keyPrefix: 'blog:' })
 */
export class RedisStore implements CacheStore {
  readonly #command: Command

  constructor(client: NodeRedisClient | IORedisClient) {
    const c = client as Partial<NodeRedisClient & IORedisClient> | null
    // ioredis has a sendCommand too, taking its own Command objects: look for its call() first.
    if (typeof c?.call === 'function') {
      const call = c.call.bind(c)
      this.#command = ([name, ...args]) => call(name as string, ...args)
    } else if (typeof c?.sendCommand === 'function') {
      const send = c.sendCommand.bind(c)
      this.#command = (args) => send(args)
    } else {
      throw new PhialError(
        'RedisStore needs a node-redis client (createClient() from "redis") or an ioredis one (new Redis())',
      )
    }
  }

  async get(key: string): Promise<string | undefined> {
    const value = await this.#command(['GET', key])
    return value === null || value === undefined ? undefined : String(value)
  }

  async set(key: string, value: string, ttl: number): Promise<void> {
    await this.#command(ttl > 0 ? ['SET', key, value, 'PX', String(Math.ceil(ttl))] : ['SET', key, value])
  }

  async add(key: string, value: string, ttl: number): Promise<boolean> {
    const args = ['SET', key, value, 'NX']
    if (ttl > 0) args.push('PX', String(Math.ceil(ttl)))
    return (await this.#command(args)) !== null
  }

  async replace(key: string, value: string, ttl: number): Promise<boolean> {
    const args = ['SET', key, value, 'XX']
    if (ttl > 0) args.push('PX', String(Math.ceil(ttl)))
    return (await this.#command(args)) !== null
  }

  async delete(key: string): Promise<boolean> {
    return Number(await this.#command(['DEL', key])) > 0
  }

  async clear(prefix: string): Promise<void> {
    const match = `${prefix.replace(GLOB, '\\$&')}*`
    let cursor = '0'
    do {
      const reply = (await this.#command(['SCAN', cursor, 'MATCH', match, 'COUNT', '500'])) as [
        unknown,
        unknown[],
      ]
      cursor = String(reply[0])
      const keys = reply[1].map(String)
      if (keys.length > 0) await this.#command(['UNLINK', ...keys])
    } while (cursor !== '0')
  }
}
