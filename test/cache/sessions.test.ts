// CacheSessionInterface: server-side sessions over HTTP, in memory and on a real redis-server.
import { App, type AppOptions } from 'phial'
import { Cache, CacheSessionInterface, MemoryStore, RedisStore } from 'phial/cache'
import { createClient } from 'redis'
import { afterAll, describe, expect, it } from 'vitest'
import { FlakyStore, recordingLogger } from './_cache.ts'
import { REDIS, type ServerProcess, skipWithout, startServer } from './_servers.ts'

function createApp(cache = new Cache(), options: AppOptions = {}) {
  const { lines, logger } = recordingLogger()
  const sessions = new CacheSessionInterface(cache)
  const app = new App({ sessionInterface: sessions, logger, ...options })
  app.post('/login/<name>', (req) => {
    sessions.regenerate(req)
    req.session.set('user', req.params.name)
    return 'in'
  })
  app.get('/me', (req) => ({ user: req.session.get('user') ?? null }))
  app.post('/note', (req) => {
    req.session.set('note', 'n'.repeat(Number(req.query.get('size') ?? 1)))
    return 'noted'
  })
  app.post('/remember', (req) => {
    req.session.permanent = true
    return 'remembered'
  })
  app.post('/logout', (req) => {
    req.session.clear()
    return 'out'
  })
  app.get('/plain', () => 'no session here')
  return { app, cache, sessions, lines }
}

const ID = /^[A-Za-z0-9_-]{43}$/

describe('CacheSessionInterface', () => {
  it('keeps the data on the server and only a random id in the cookie', async () => {
    const { app, cache } = createApp()
    const client = app.testClient()
    const login = await client.post('/login/ada')
    const cookie = login.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/)
    expect(cookie).not.toContain('ada')
    expect(login.headers.get('vary')).toBe('Cookie')
    const id = client.getCookie('session') as string
    expect(await cache.get(`session:${id}`)).toEqual({ d: { user: 'ada' } })
    expect(await (await client.get('/me')).json()).toEqual({ user: 'ada' })
    // Reading sends no cookie and writes nothing: the id stays.
    const read = await client.get('/me')
    expect(read.headers.get('set-cookie')).toBeNull()
    await client.post('/note')
    expect(client.getCookie('session')).toBe(id)
    expect(await cache.get(`session:${id}`)).toEqual({ d: { user: 'ada', note: 'n' } })
  })

  it('holds more than a cookie can (a 10 KB value)', async () => {
    const { app } = createApp()
    const client = app.testClient()
    expect((await client.post('/note?size=10000')).status).toBe(200)
    expect((client.getCookie('session') as string).length).toBe(43)
  })

  it('logout deletes the session on the server: a copied cookie is worth nothing after it', async () => {
    const { app, cache } = createApp()
    const client = app.testClient()
    await client.post('/login/ada')
    const id = client.getCookie('session') as string
    const logout = await client.post('/logout')
    expect(logout.headers.get('set-cookie')).toMatch(/^session=; .*Max-Age=0/)
    expect(await cache.has(`session:${id}`)).toBe(false)
    const thief = app.testClient()
    thief.setCookie('session', id)
    expect(await (await thief.get('/me')).json()).toEqual({ user: null })
  })

  it('never adopts an id the client chose: a planted id is replaced on the first write', async () => {
    const { app, cache } = createApp()
    const planted = 'A'.repeat(43)
    const victim = app.testClient()
    victim.setCookie('session', planted)
    await victim.post('/note')
    const id = victim.getCookie('session') as string
    expect(id).toMatch(ID)
    expect(id).not.toBe(planted)
    expect(await cache.has(`session:${planted}`)).toBe(false)
  })

  it('regenerate() gives a new id at login and deletes the old one (session fixation)', async () => {
    const { app, cache } = createApp()
    const client = app.testClient()
    await client.post('/note')
    const before = client.getCookie('session') as string
    await client.post('/login/ada')
    const after = client.getCookie('session') as string
    expect(after).toMatch(ID)
    expect(after).not.toBe(before)
    expect(await cache.has(`session:${before}`)).toBe(false)
    expect(await (await client.get('/me')).json()).toEqual({ user: 'ada' })
  })

  it('a request in flight during logout cannot bring the session back', async () => {
    const { app } = createApp()
    let release: () => void = () => {}
    app.get('/slow', async (req) => {
      const user = req.session.get('user')
      await new Promise<void>((resolve) => (release = resolve))
      req.session.set('seen', true) // a write after the logout answered
      return { user }
    })
    const client = app.testClient()
    await client.post('/login/ada')
    await client.post('/remember') // permanent: every request stores it again (refresh)
    const cookie = `session=${client.getCookie('session')}`
    const slow = app.request('/slow', { headers: { cookie } })
    await new Promise((resolve) => setTimeout(resolve, 20))
    await client.post('/logout')
    release()
    const late = await slow
    expect(await late.json()).toEqual({ user: 'ada' })
    expect(late.headers.get('set-cookie')).toMatch(/^session=; .*Max-Age=0/)
    expect(await (await app.request('/me', { headers: { cookie } })).json()).toEqual({ user: null })
  })

  it('reads a stored value it did not write as no session, not a 500', async () => {
    const { app, cache } = createApp()
    const id = 'C'.repeat(43)
    for (const junk of [{ d: null }, { d: [1] }, 'text', 42, { nod: 1 }]) {
      await cache.set(`session:${id}`, junk)
      const res = await app.request('/me', { headers: { cookie: `session=${id}` } })
      expect([junk, res.status, await res.json()]).toEqual([junk, 200, { user: null }])
    }
  })

  it('treats a malformed or unknown cookie as no session, without asking the store for a malformed one', async () => {
    const store = new FlakyStore()
    const { app } = createApp(new Cache({ store }))
    for (const value of ['../../etc', 'x'.repeat(43).replace(/x$/, '*'), 'short', 'B'.repeat(43)]) {
      const res = await app.request('/me', { headers: { cookie: `session=${value}` } })
      expect([value, res.status, await res.json()]).toEqual([value, 200, { user: null }])
    }
    expect(store.calls).toBe(1) // only the well-formed unknown id was looked up
    await app.request('/plain')
    expect(store.calls).toBe(1) // no cookie, no store call
  })

  it('a permanent session gets Max-Age and is re-sent and stored again each request', async () => {
    const { app, cache } = createApp()
    const client = app.testClient()
    await client.post('/login/ada')
    const remember = await client.post('/remember')
    expect(remember.headers.get('set-cookie')).toMatch(/Max-Age=2678400/)
    const id = client.getCookie('session') as string
    expect(await cache.get(`session:${id}`)).toEqual({ d: { user: 'ada' }, p: true })
    const again = await client.get('/me')
    expect(again.headers.get('set-cookie')).toMatch(new RegExp(`^session=${id}; .*Max-Age=2678400`))
  })

  it('expires entries with permanentSessionLifetime', async () => {
    const store = new MemoryStore()
    const { app } = createApp(new Cache({ store }), { permanentSessionLifetime: 1 })
    const client = app.testClient()
    await client.post('/login/ada')
    expect(await (await client.get('/me')).json()).toEqual({ user: 'ada' })
    await new Promise((resolve) => setTimeout(resolve, 1100))
    expect(await (await client.get('/me')).json()).toEqual({ user: null })
  })

  it('answers a logged 500 when the store fails to open a session, and serves again once it is back', async () => {
    const store = new FlakyStore()
    const { app, lines } = createApp(new Cache({ store }))
    const client = app.testClient()
    await client.post('/login/ada')
    store.mode = 'fail'
    const failed = await client.get('/me')
    expect(failed.status).toBe(500)
    expect(lines.join('\n')).toMatch(/store is down/)
    expect((await app.request('/plain')).status).toBe(200) // no cookie: no store call
    store.mode = 'ok'
    expect(await (await client.get('/me')).json()).toEqual({ user: 'ada' })
  })
})

describe.skipIf(skipWithout(REDIS, 'redis-server'))('CacheSessionInterface on a real redis-server', () => {
  let server: ServerProcess | undefined
  const clients: Array<{ destroy(): void }> = []
  afterAll(async () => {
    for (const client of clients) client.destroy()
    await server?.stop()
  })

  it('shares sessions between workers (two apps, two clients of one Redis)', async () => {
    server = await startServer('redis')
    const workers = await Promise.all(
      [0, 1].map(async () => {
        const redis = createClient({ url: `redis://127.0.0.1:${server?.port}` })
        redis.on('error', () => {})
        clients.push(redis)
        return createApp(new Cache({ store: new RedisStore(await redis.connect()) })).app
      }),
    )
    const [one, two] = workers as [App, App]
    const login = await one.request('/login/ada', { method: 'POST' })
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string
    expect(await (await two.request('/me', { headers: { cookie } })).json()).toEqual({ user: 'ada' })
    await two.request('/logout', { method: 'POST', headers: { cookie } })
    expect(await (await one.request('/me', { headers: { cookie } })).json()).toEqual({ user: null })
  })
})
