// MemcachedStore against a real memcached, through memjs.
import { existsSync } from 'node:fs'
import memjs from 'memjs'
import { App } from 'phial'
import { Cache, MemcachedStore } from 'phial/cache'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordingLogger, sleep } from './_cache.ts'
import { MEMCACHED, type ServerProcess, skipWithout, startServer } from './_servers.ts'

let server: ServerProcess
const clients: memjs.Client[] = []

function client() {
  const made = memjs.Client.create(`127.0.0.1:${server.port}`, {
    retries: 0,
    timeout: 0.5,
    logger: { log() {} },
  })
  clients.push(made)
  return made
}

describe.skipIf(skipWithout(MEMCACHED, 'memcached'))('MemcachedStore on a real memcached', () => {
  beforeAll(async () => {
    if (!existsSync(MEMCACHED)) throw new Error(`${MEMCACHED} missing: .ci/run installs memcached`)
    server = await startServer('memcached')
  })
  afterAll(async () => {
    for (const made of clients) made.close()
    await server?.stop()
  })

  it('sets, gets, adds and deletes values', async () => {
    const cache = new Cache({ store: new MemcachedStore(client()), keyPrefix: 'ops:' })
    await cache.set('obj', { a: [1, 'b'], s: 'ünïcödé' })
    expect(await cache.get('obj')).toEqual({ a: [1, 'b'], s: 'ünïcödé' })
    expect(await cache.add('obj', 2)).toBe(false)
    expect(await cache.replace('absent', 1)).toBe(false)
    expect(await cache.has('absent')).toBe(false)
    expect(await cache.replace('obj', { a: [2] })).toBe(true)
    expect(await cache.get('obj')).toEqual({ a: [2] })
    expect(await cache.add('fresh', 2)).toBe(true)
    expect(await cache.get('fresh')).toBe(2)
    expect(await cache.delete('fresh')).toBe(true)
    expect(await cache.delete('fresh')).toBe(false)
    expect(await cache.get('missing')).toBeUndefined()
  })

  it('keeps a sub-second timeout one second (Memcached counts whole seconds)', async () => {
    const cache = new Cache({ store: new MemcachedStore(client()), keyPrefix: 'ttl:' })
    await cache.set('k', 'v', { timeout: 0.2 })
    await sleep(300)
    expect(await cache.get('k')).toBe('v')
    await sleep(2000)
    expect(await cache.get('k')).toBeUndefined()
  }, 10_000)

  it('stores keys Memcached refuses as they are (spaces, non-ASCII, over 250 bytes), each apart', async () => {
    const cache = new Cache({ store: new MemcachedStore(client()) })
    const keys = ['a b', 'a%20b', 'a\nb', 'ключ', 'x'.repeat(300), `${'x'.repeat(299)}y`, '%%', '']
    for (const [i, key] of keys.entries()) await cache.set(key, i)
    for (const [i, key] of keys.entries()) expect(await cache.get(key), JSON.stringify(key)).toBe(i)
  })

  it('refuses a value over the item size limit: set() rejects, a cached view still answers', async () => {
    const { lines, logger } = recordingLogger()
    const cache = new Cache({ store: new MemcachedStore(client()), logger })
    await expect(cache.set('big', 'x'.repeat(2_000_000))).rejects.toThrow(/Value too large/) // memjs's own message
    const app = new App({ logger })
    app.get(
      '/big',
      cache.cached(() => 'y'.repeat(2_000_000)),
    )
    const res = await app.request('/big')
    expect(res.status).toBe(200)
    expect((await res.text()).length).toBe(2_000_000)
    expect(lines.join('\n')).toMatch(/could not write "view:http:\/\/localhost\/big"/)
  })

  it('shares pages between processes, and clear() empties the server', async () => {
    const apps = [client(), client()].map((made, worker) => {
      const app = new App()
      const cache = new Cache({ store: new MemcachedStore(made) })
      app.get(
        '/page',
        cache.cached(() => ({ builtBy: worker })),
      )
      return { app, cache }
    })
    const [one, two] = apps as [(typeof apps)[0], (typeof apps)[0]]
    expect(await (await one.app.request('/page')).json()).toEqual({ builtBy: 0 })
    expect(await (await two.app.request('/page')).json()).toEqual({ builtBy: 0 })
    await two.cache.clear()
    expect(await (await one.app.request('/page')).json()).toEqual({ builtBy: 0 })
    expect(await (await two.app.request('/page')).json()).toEqual({ builtBy: 0 })
    await one.cache.clear()
    expect(await (await two.app.request('/page')).json()).toEqual({ builtBy: 1 })
  })

  it('answers without the cache while memcached is down', async () => {
    const { lines, logger } = recordingLogger()
    const cache = new Cache({ store: new MemcachedStore(client()), keyPrefix: 'down:', logger })
    const app = new App({ logger })
    let runs = 0
    app.get(
      '/p',
      cache.cached(() => ({ run: ++runs })),
    )
    expect(await (await app.request('/p')).json()).toEqual({ run: 1 })
    await server.stop()
    try {
      const res = await app.request('/p')
      expect([res.status, await res.json()]).toEqual([200, { run: 2 }])
      expect(lines.join('\n')).toMatch(/could not read "view:http:\/\/localhost\/p"/)
    } finally {
      await server.restart()
    }
  }, 10_000)

  it('refuses an object that is not a memjs client', () => {
    expect(() => new MemcachedStore({} as never)).toThrow(/needs a memjs client/)
  })
})
