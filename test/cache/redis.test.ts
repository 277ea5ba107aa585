// RedisStore against a real redis-server, through node-redis and through ioredis.
import { Redis } from 'ioredis'
import { App } from 'phial'
import { Cache, RedisStore } from 'phial/cache'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordingLogger, sleep } from './_cache.ts'
import { REDIS, type ServerProcess, skipWithout, startServer } from './_servers.ts'

let server: ServerProcess
const clients: Array<{ close(): unknown }> = []

async function nodeRedis(options: { disableOfflineQueue?: boolean } = {}) {
  const client = createClient({ url: `redis://127.0.0.1:${server.port}`, ...options })
  client.on('error', () => {}) // node-redis emits every lost connection; without a listener it throws
  await client.connect()
  clients.push({ close: () => client.destroy() })
  return client
}

function ioredis() {
  const client = new Redis(server.port, '127.0.0.1', { lazyConnect: false, maxRetriesPerRequest: null })
  client.on('error', () => {})
  clients.push({ close: () => client.disconnect() })
  return client
}

describe.skipIf(skipWithout(REDIS, 'redis-server'))('RedisStore on a real redis-server', () => {
  beforeAll(async () => {
    if (!(await import('node:fs')).existsSync(REDIS))
      throw new Error(`${REDIS} missing: .ci/run installs redis-server`)
    server = await startServer('redis')
  })
  afterAll(async () => {
    for (const client of clients) await client.close()
    await server?.stop()
  })

  for (const [name, make] of [
    ['node-redis', nodeRedis],
    ['ioredis', ioredis],
  ] as const) {
    describe(name, () => {
      it('sets, gets, adds, deletes and expires values', async () => {
        const cache = new Cache({ store: new RedisStore(await make()), keyPrefix: `${name}:` })
        await cache.set('obj', { a: [1, 'b'] })
        expect(await cache.get('obj')).toEqual({ a: [1, 'b'] })
        expect(await cache.add('obj', 2)).toBe(false)
        expect(await cache.replace('absent', 1)).toBe(false)
        expect(await cache.has('absent')).toBe(false)
        expect(await cache.replace('obj', { a: [2] })).toBe(true)
        expect(await cache.get('obj')).toEqual({ a: [2] })
        expect(await cache.add('fresh', 2, { timeout: 0.1 })).toBe(true)
        expect(await cache.get('fresh')).toBe(2)
        await sleep(150)
        expect(await cache.get('fresh')).toBeUndefined()
        expect(await cache.delete('obj')).toBe(true)
        expect(await cache.delete('obj')).toBe(false)
        expect(await cache.get('missing')).toBeUndefined()
      })

      it('clear() removes its prefix only, a prefix with glob characters included', async () => {
        const client = await make()
        const mine = new Cache({ store: new RedisStore(client), keyPrefix: `${name}[a]*:` })
        const other = new Cache({ store: new RedisStore(client), keyPrefix: `${name}a*:` })
        for (let i = 0; i < 1200; i++) await mine.set(`k${i}`, i) // more than one SCAN page
        await other.set('k1', 'kept')
        await mine.clear()
        expect(await mine.get('k1')).toBeUndefined()
        expect(await mine.get('k1199')).toBeUndefined()
        expect(await other.get('k1')).toBe('kept')
      })
    })
  }

  it('shares pages between processes: a page one worker cached is served by another', async () => {
    const apps = await Promise.all(
      [nodeRedis(), nodeRedis()].map(async (client, worker) => {
        const app = new App()
        const cache = new Cache({ store: new RedisStore(await client), keyPrefix: 'shared:' })
        app.get(
          '/page',
          cache.cached(() => ({ builtBy: worker })),
        )
        return app
      }),
    )
    const [one, two] = apps as [App, App]
    expect(await (await one.request('/page')).json()).toEqual({ builtBy: 0 })
    expect(await (await two.request('/page')).json()).toEqual({ builtBy: 0 })
  })

  it('answers at once while Redis is down (no offline queue), and caches again once it is back', async () => {
    const { lines, logger } = recordingLogger()
    const app = new App({ logger })
    const store = new RedisStore(await nodeRedis({ disableOfflineQueue: true }))
    const cache = new Cache({ store, keyPrefix: 'down:', storeTimeout: 200, logger })
    let runs = 0
    app.get(
      '/p',
      cache.cached(() => ({ run: ++runs })),
    )
    expect(await (await app.request('/p')).json()).toEqual({ run: 1 })
    await server.stop()
    const started = Date.now()
    const res = await app.request('/p')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ run: 2 })
    expect(Date.now() - started).toBeLessThan(150) // refused by the client, not timed out
    expect(lines.join('\n')).toMatch(/could not read "view:http:\/\/localhost\/p"/)
    await server.restart()
    for (let i = 0; i < 50 && (await store.get('probe').catch(() => 'down')) === 'down'; i++) await sleep(100)
    expect(await (await app.request('/p')).json()).toEqual({ run: 3 })
    expect(await (await app.request('/p')).json()).toEqual({ run: 3 })
  }, 20_000)

  it('answers within storeTimeout while an ioredis client queues commands for a Redis that is down', async () => {
    const { lines, logger } = recordingLogger()
    const app = new App({ logger })
    const cache = new Cache({
      store: new RedisStore(ioredis()),
      keyPrefix: 'queued:',
      storeTimeout: 200,
      logger,
    })
    let runs = 0
    app.get(
      '/p',
      cache.cached(() => ({ run: ++runs })),
    )
    expect(await (await app.request('/p')).json()).toEqual({ run: 1 })
    await server.stop()
    try {
      const started = Date.now()
      const res = await app.request('/p')
      expect([res.status, await res.json()]).toEqual([200, { run: 2 }])
      const took = Date.now() - started
      expect(took).toBeGreaterThanOrEqual(380) // the read and the write each waited 200 ms
      expect(took).toBeLessThan(1500)
      expect(lines.join('\n')).toMatch(/did not answer get "view:http:\/\/localhost\/p" within 200 ms/)
    } finally {
      await server.restart()
    }
  }, 20_000)

  it('refuses an object that is not a Redis client', () => {
    expect(() => new RedisStore({} as never)).toThrow(/node-redis client .* or an ioredis one/)
  })
})
