// examples/cache.ts over HTTP (in this process's memory), and its stores from the environment.
import { App } from 'phial'
import { Cache, MemcachedStore, MemoryStore, RedisStore } from 'phial/cache'
import { afterAll, describe, expect, it } from 'vitest'
import { app, slow, storeFromEnv } from '../../examples/cache.ts'
import { MEMCACHED, REDIS, type ServerProcess, skipWithout, startServer } from './_servers.ts'

describe('examples/cache', () => {
  it('caches /report per query string: the slow query runs once per region', async () => {
    const before = slow.calls
    const first = await (await app.request('/report?region=eu')).json()
    const again = await (await app.request('/report?region=eu')).json()
    const other = await (await app.request('/report?region=us')).json()
    expect(again).toEqual(first)
    expect(first).toMatchObject({ region: 'eu', total: 42 })
    expect(other).toMatchObject({ region: 'us', total: 42 })
    expect(slow.calls - before).toBe(2)
  })

  it('memoizes prices by SKU, and a change forgets one', async () => {
    const before = slow.calls
    expect(await (await app.request('/price/abc')).json()).toEqual({ sku: 'abc', price: 30 })
    expect(await (await app.request('/price/abc')).json()).toEqual({ sku: 'abc', price: 30 })
    expect(slow.calls - before).toBe(1)
    const changed = await app.request('/price/abc/changed', { method: 'POST' })
    expect([changed.status, await changed.json()]).toEqual([200, { forgot: true }])
    await app.request('/price/abc')
    expect(slow.calls - before).toBe(2)
  })

  it('computes /visitors once for concurrent requests', async () => {
    const before = slow.calls
    const bodies = await Promise.all([1, 2, 3].map(async () => (await app.request('/visitors')).json()))
    expect(bodies).toEqual(Array(3).fill({ visitors: 1000 }))
    expect(slow.calls - before).toBe(1)
  })

  it('keeps a server-side session: an id in the cookie, visits counted, logout forgets', async () => {
    const client = app.testClient()
    await client.post('/login/ada')
    expect(client.getCookie('session')).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(await (await client.get('/whoami')).json()).toEqual({ user: 'ada', visits: 1 })
    expect(await (await client.get('/whoami')).json()).toEqual({ user: 'ada', visits: 2 })
    await client.post('/logout')
    expect(await (await client.get('/whoami')).json()).toEqual({ user: null, visits: 1 })
  })

  it('uses this process’s memory without REDIS_URL or MEMCACHED', async () => {
    expect((await storeFromEnv({})).store).toBeInstanceOf(MemoryStore)
  })
})

describe('examples/cache stores from the environment', () => {
  const servers: ServerProcess[] = []
  const closers: Array<() => Promise<unknown>> = []
  afterAll(async () => {
    for (const close of closers) await close()
    for (const server of servers) await server.stop()
  })

  // One app per store, so two "workers" (two apps, two clients) share the page.
  async function sharedPage(env: Record<string, string>) {
    const workers = await Promise.all(
      [0, 1].map(async (worker) => {
        const { store, close } = await storeFromEnv(env)
        closers.push(close)
        const cache = new Cache({ store, keyPrefix: 'env:' })
        const workerApp = new App()
        workerApp.get(
          '/w',
          cache.cached(() => ({ worker })),
        )
        return { workerApp, store }
      }),
    )
    const bodies = []
    for (const { workerApp } of workers) bodies.push(await (await workerApp.request('/w')).json())
    return { bodies, stores: workers.map((w) => w.store) }
  }

  it.skipIf(skipWithout(REDIS, 'redis-server'))(
    'REDIS_URL gives a RedisStore shared by workers',
    async () => {
      const server = await startServer('redis')
      servers.push(server)
      const { bodies, stores } = await sharedPage({ REDIS_URL: `redis://127.0.0.1:${server.port}` })
      expect(stores[0]).toBeInstanceOf(RedisStore)
      expect(bodies).toEqual([{ worker: 0 }, { worker: 0 }])
    },
  )

  it.skipIf(skipWithout(MEMCACHED, 'memcached'))(
    'MEMCACHED gives a MemcachedStore shared by workers',
    async () => {
      const server = await startServer('memcached')
      servers.push(server)
      const { bodies, stores } = await sharedPage({ MEMCACHED: `127.0.0.1:${server.port}` })
      expect(stores[0]).toBeInstanceOf(MemcachedStore)
      expect(bodies).toEqual([{ worker: 0 }, { worker: 0 }])
    },
  )
})
