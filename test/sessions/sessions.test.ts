import { App, type AppOptions, PhialError } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'
import {
  cookieValue,
  createLogger,
  now,
  readPayload,
  setCookieLine,
  signCookie,
  toBase64Url,
  withServed,
} from './_sessions.ts'

const LIFETIME = 31 * 24 * 60 * 60

function createApp(options: AppOptions = {}) {
  const logger = createLogger()
  const app = new App({ secretKey: 'new-key', logger, ...options })
  app.get('/set', (req) => {
    for (const [key, value] of req.query) req.session.set(key, value)
    return { ok: true }
  })
  app.get('/get', (req) => ({
    data: req.session.toJSON(),
    new: req.session.new,
    permanent: req.session.permanent,
  }))
  app.get('/untouched', () => 'plain')
  app.get('/clear', (req) => {
    req.session.clear()
    return 'cleared'
  })
  app.get('/permanent', (req) => {
    req.session.permanent = true
    req.session.set('user', 'ada')
    return 'ok'
  })
  app.get('/relogin', (req) => {
    req.session.clear()
    req.session.set('user', 'bob')
    return 'ok'
  })
  app.get('/big', (req) => {
    req.session.set('big', 'x'.repeat(4000))
    return 'never sent'
  })
  app.get('/vary', (req) => {
    const res = new Response(String(req.session.get('user') ?? 'anonymous'), {
      headers: { vary: 'Accept-Encoding' },
    })
    return res
  })
  return { app, logger }
}

const cookie = (value: string, name = 'session') => ({ headers: { cookie: `${name}=${value}` } })

describe.each(gateways)('sessions through $name', (gateway) => {
  let served: Served
  let logger: ReturnType<typeof createLogger>
  beforeAll(async () => {
    const created = createApp()
    logger = created.logger
    served = await gateway.serve(created.app)
  })
  afterAll(() => served.close())

  it('sets a signed session cookie and reads it back on the next request', async () => {
    const set = await served.fetch('/set?user=ada&role=admin')
    expect(set.status).toBe(200)
    const line = setCookieLine(set) as string
    expect(line).toMatch(/^session=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Lax$/)
    expect(set.headers.get('vary')).toBe('Cookie')
    const value = cookieValue(set) as string
    // Signed, not encrypted (as in Flask): the client can read the data and the issue time.
    expect(readPayload(value)).toEqual({ d: { user: 'ada', role: 'admin' }, t: expect.any(Number) })
    expect(Math.abs(readPayload(value).t - now())).toBeLessThan(5)

    const get = await served.fetch('/get', cookie(value))
    expect(get.status).toBe(200)
    expect(await get.json()).toEqual({ data: { user: 'ada', role: 'admin' }, new: false, permanent: false })
    expect(get.headers.get('vary')).toBe('Cookie')
    // Read but not modified, and not permanent: the cookie is not sent again.
    expect(setCookieLine(get)).toBeUndefined()
  })

  it('starts a new, empty session without a cookie', async () => {
    const res = await served.fetch('/get')
    expect(await res.json()).toEqual({ data: {}, new: true, permanent: false })
    expect(setCookieLine(res)).toBeUndefined()
  })

  it('answers tampered, truncated, garbage and malformed cookies with an empty session and 200', async () => {
    const good = cookieValue(await served.fetch('/set?user=ada')) as string
    const [body, signature] = good.split('.') as [string, string]
    const flip = (s: string, at: number) => s.slice(0, at) + (s[at] === 'A' ? 'B' : 'A') + s.slice(at + 1)
    const forged = toBase64Url(new TextEncoder().encode(JSON.stringify({ d: { user: 'root' }, t: now() })))
    const bad = [
      `${flip(body, 3)}.${signature}`, // payload tampered
      `${body}.${flip(signature, 5)}`, // signature tampered
      `${forged}.${signature}`, // another payload under a real signature
      good.slice(0, -1), // truncated
      good.slice(0, -10),
      body, // no signature
      `${body}.`,
      `.${signature}`,
      `${body}.${signature}.extra`,
      '.',
      'garbage',
      'a.b',
      '%%%.***',
      `${body}.${'A'.repeat(43)}`, // well-formed base64url, wrong signature
      `${toBase64Url(new TextEncoder().encode('not json at all'))}.${signature}`,
      `x.${'_'.repeat(5)}`, // a base64url length no encoder produces
      'é.ü',
      'x'.repeat(3000),
    ]
    for (const value of bad) {
      const res = await served.fetch('/get', cookie(encodeURIComponent(value)))
      expect(res.status, value).toBe(200)
      expect(await res.json(), value).toEqual({ data: {}, new: true, permanent: false })
      expect(setCookieLine(res), value).toBeUndefined()
    }
    expect(logger.errors).toEqual([])
  })

  it('answers a cookie signed with another key with an empty session', async () => {
    const foreign = await signCookie({ d: { user: 'root' }, t: now() }, 'someone-else')
    const res = await served.fetch('/get', cookie(foreign))
    expect(await res.json()).toEqual({ data: {}, new: true, permanent: false })
  })

  it('answers correctly signed but malformed payloads with an empty session', async () => {
    const payloads: unknown[] = [
      'not json',
      new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]), // not UTF-8
      [],
      null,
      42,
      { d: { user: 'ada' } }, // no issue time
      { d: { user: 'ada' }, t: 'yesterday' },
      { d: ['ada'], t: now() },
      { d: null, t: now() },
      { user: 'ada' },
    ]
    for (const payload of payloads) {
      const res = await served.fetch('/get', cookie(await signCookie(payload, 'new-key')))
      expect(res.status, String(payload)).toBe(200)
      expect(await res.json(), String(payload)).toEqual({ data: {}, new: true, permanent: false })
    }
    expect(logger.errors).toEqual([])
  })

  it('reads a session whose issue time is within the lifetime, and not one past it', async () => {
    const fresh = await signCookie({ d: { user: 'ada' }, t: now() - LIFETIME + 60 }, 'new-key')
    expect((await (await served.fetch('/get', cookie(fresh))).json()).data).toEqual({ user: 'ada' })
    const expired = await signCookie({ d: { user: 'ada' }, t: now() - LIFETIME - 1 }, 'new-key')
    expect((await (await served.fetch('/get', cookie(expired))).json()).data).toEqual({})
    const future = await signCookie({ d: { user: 'ada' }, t: now() + 3600 }, 'new-key')
    expect((await (await served.fetch('/get', cookie(future))).json()).data).toEqual({})
  })

  it('gives a permanent session Max-Age and Expires, and refreshes it on every request', async () => {
    const res = await served.fetch('/permanent')
    const line = setCookieLine(res) as string
    expect(line).toContain(`; Max-Age=${LIFETIME}; Expires=`)
    const expires = Date.parse(/Expires=([^;]+)/.exec(line)?.[1] as string)
    expect(Math.abs(expires - (Date.now() + LIFETIME * 1000))).toBeLessThan(5000)
    const value = cookieValue(res) as string
    expect(readPayload(value)).toMatchObject({ d: { user: 'ada' }, p: true })

    const get = await served.fetch('/get', cookie(value))
    expect(await get.json()).toEqual({ data: { user: 'ada' }, new: false, permanent: true })
    // Flask's SESSION_REFRESH_EACH_REQUEST: even a request that did not touch it slides the expiry.
    const untouched = await served.fetch('/untouched', cookie(value))
    expect(setCookieLine(untouched)).toContain(`Max-Age=${LIFETIME}`)
    expect(untouched.headers.get('vary')).toBe('Cookie')
  })

  it('forgets permanent on clear(), as Flask keeps it among the cleared keys', async () => {
    const value = cookieValue(await served.fetch('/permanent')) as string
    const res = await served.fetch('/relogin', cookie(value))
    expect(setCookieLine(res)).not.toContain('Max-Age')
    expect(readPayload(cookieValue(res) as string)).toMatchObject({ d: { user: 'bob' } })
    expect(readPayload(cookieValue(res) as string).p).toBeUndefined()
  })

  it('sends Vary: Cookie when the session was read, and not when it was untouched', async () => {
    const value = cookieValue(await served.fetch('/set?user=ada')) as string
    const untouched = await served.fetch('/untouched', cookie(value))
    expect(untouched.status).toBe(200)
    expect(untouched.headers.get('vary')).toBeNull()
    expect(setCookieLine(untouched)).toBeUndefined()
    const anonymous = await served.fetch('/get')
    expect(anonymous.headers.get('vary')).toBe('Cookie')
  })

  it('adds Cookie to an existing Vary header', async () => {
    const value = cookieValue(await served.fetch('/set?user=ada')) as string
    const res = await served.fetch('/vary', cookie(value))
    expect(await res.text()).toBe('ada')
    expect(res.headers.get('vary')).toBe('Accept-Encoding, Cookie')
  })

  it('deletes the cookie when the session is cleared', async () => {
    const value = cookieValue(await served.fetch('/set?user=ada')) as string
    const res = await served.fetch('/clear', cookie(value))
    expect(res.status).toBe(200)
    expect(setCookieLine(res)).toBe(
      'session=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly; SameSite=Lax',
    )
    expect(res.headers.get('vary')).toBe('Cookie')
    // Nothing to delete without a cookie.
    expect(setCookieLine(await served.fetch('/clear'))).toBeUndefined()
  })

  it('refuses a session cookie over 4093 bytes with a logged PhialError and a 500', async () => {
    const before = logger.errors.length
    const res = await served.fetch('/big')
    expect(res.status).toBe(500)
    expect(await res.text()).not.toContain('bytes')
    expect(setCookieLine(res)).toBeUndefined()
    const [, error] = logger.errors[before] as [string, PhialError]
    expect(error).toBeInstanceOf(PhialError)
    expect(error.message).toMatch(/the session cookie is \d{4} bytes, over the 4093 bytes browsers keep/)
    logger.errors.length = before
  })

  it('rotates keys: an old key still reads, new cookies are signed with the first key', async () => {
    const old = await signCookie({ d: { user: 'ada' }, t: now() }, 'old-key')
    const { app } = createApp({ secretKey: ['new-key', 'old-key'] })
    await withServed(gateway, app, async (rotated) => {
      const res = await rotated.fetch('/get', cookie(old))
      expect(await res.json()).toEqual({ data: { user: 'ada' }, new: false, permanent: false })
      const updated = cookieValue(await rotated.fetch('/set?theme=dark', cookie(old))) as string
      expect(updated).toBe(await signCookie(readPayload(updated), 'new-key'))
      // The new cookie reads under the new key alone, and the retired key no longer reads it.
      const data = await (await served.fetch('/get', cookie(updated))).json()
      expect(data.data).toEqual({ user: 'ada', theme: 'dark' })
    })
    const { app: retired } = createApp({ secretKey: 'old-key' })
    const updated = await signCookie({ d: { user: 'ada' }, t: now() }, 'new-key')
    const res = await retired.request('/get', cookie(updated))
    expect((await res.json()).data).toEqual({})
  })

  it('takes the cookie attributes from the config', async () => {
    const { app } = createApp({
      sessionCookieName: 'sid',
      sessionCookieDomain: 'example.com',
      sessionCookiePath: '/app',
      sessionCookieSecure: true,
      sessionCookieHttpOnly: false,
      sessionCookieSameSite: 'Strict',
      sessionCookiePartitioned: true,
    })
    await withServed(gateway, app, async (custom) => {
      const res = await custom.fetch('/set?user=ada')
      expect(setCookieLine(res, 'sid')).toMatch(
        /^sid=[\w-]+\.[\w-]+; Path=\/app; Domain=example\.com; Secure; SameSite=Strict; Partitioned$/,
      )
      const get = await custom.fetch('/get', cookie(cookieValue(res, 'sid') as string, 'sid'))
      expect((await get.json()).data).toEqual({ user: 'ada' })
      // The default name is not read.
      const other = await custom.fetch('/get', cookie(cookieValue(res, 'sid') as string))
      expect((await other.json()).data).toEqual({})
    })
  })

  it('expires sessions after a custom permanentSessionLifetime, and may skip the refresh', async () => {
    const { app } = createApp({ permanentSessionLifetime: 60, sessionRefreshEachRequest: false })
    await withServed(gateway, app, async (short) => {
      const res = await short.fetch('/permanent')
      expect(setCookieLine(res)).toContain('Max-Age=60;')
      expect(
        setCookieLine(await short.fetch('/untouched', cookie(cookieValue(res) as string))),
      ).toBeUndefined()
      const recent = await signCookie({ d: { user: 'ada' }, t: now() - 30 }, 'new-key')
      expect((await (await short.fetch('/get', cookie(recent))).json()).data).toEqual({ user: 'ada' })
      const old = await signCookie({ d: { user: 'ada' }, t: now() - 61 }, 'new-key')
      expect((await (await short.fetch('/get', cookie(old))).json()).data).toEqual({})
    })
  })

  it('reads an empty session without a secretKey, and refuses to write one with a clear error', async () => {
    const logger = createLogger()
    const app = new App({ logger })
    app.get('/get', (req) => ({ data: req.session.toJSON(), has: req.session.has('user') }))
    app.get('/set', (req) => {
      req.session.set('user', 'ada')
      return 'never sent'
    })
    await withServed(gateway, app, async (plain) => {
      const get = await plain.fetch('/get', cookie('anything'))
      expect(get.status).toBe(200)
      expect(await get.json()).toEqual({ data: {}, has: false })
      const set = await plain.fetch('/set')
      expect(set.status).toBe(500)
      expect(setCookieLine(set)).toBeUndefined()
      const [, error] = logger.errors[0] as [string, PhialError]
      expect(error).toBeInstanceOf(PhialError)
      expect(error.message).toContain('no secretKey')
      expect(error.message).toContain('new App({ secretKey')
    })
  })
})

describe('the session lifecycle', () => {
  it('offers the dict API: get set delete has pop clear keys entries size', async () => {
    const app = new App({ secretKey: 'k' })
    app.get('/', (req) => {
      const s = req.session
      s.set('a', 1).set('b', { nested: true })
      const seen = {
        get: s.get('a'),
        missing: s.get('nope') ?? null,
        has: s.has('b'),
        size: s.size,
        keys: [...s.keys()],
        entries: [...s.entries()],
        spread: [...s],
        values: [...s.values()],
        deleteMissing: s.delete('nope'),
        deleted: s.delete('a'),
        popped: s.pop('b'),
        poppedMissing: s.pop('b') ?? null,
      }
      s.set('c', 3)
      return { ...seen, after: s.toJSON(), modified: s.modified, accessed: s.accessed }
    })
    const res = await app.request('/')
    expect(await res.json()).toEqual({
      get: 1,
      missing: null,
      has: true,
      size: 2,
      keys: ['a', 'b'],
      entries: [
        ['a', 1],
        ['b', { nested: true }],
      ],
      spread: [
        ['a', 1],
        ['b', { nested: true }],
      ],
      values: [1, { nested: true }],
      deleteMissing: false,
      deleted: true,
      popped: { nested: true },
      poppedMissing: null,
      after: { c: 3 },
      modified: true,
      accessed: true,
    })
  })

  it('opens the session before the before-request hooks and saves it after the after-request hooks', async () => {
    const app = new App({ secretKey: 'k' })
    const seenInTeardown: unknown[] = []
    app.beforeRequest((req) => {
      req.session.set('visits', ((req.session.get('visits') as number | undefined) ?? 0) + 1)
    })
    app.get('/', (req) => ({ visits: req.session.get('visits') }))
    app.afterRequest((res, req) => {
      req.session.set('last', 'after')
      return res
    })
    app.teardownRequest((_error, req) => {
      seenInTeardown.push(req.session.toJSON())
    })
    const client = app.testClient()
    expect(await (await client.get('/')).json()).toEqual({ visits: 1 })
    expect(await (await client.get('/')).json()).toEqual({ visits: 2 })
    expect(readPayload(client.getCookie('session') as string).d).toEqual({ visits: 2, last: 'after' })
    expect(seenInTeardown).toEqual([
      { visits: 1, last: 'after' },
      { visits: 2, last: 'after' },
    ])
  })

  it('saves the session of an error response', async () => {
    const app = new App({ secretKey: 'k', logger: createLogger() })
    app.get('/forbidden', (req) => {
      req.session.set('tried', true)
      throw new Error('boom')
    })
    app.errorHandler(500, () => 'sorry')
    const client = app.testClient()
    const res = await client.get('/forbidden')
    expect(res.status).toBe(500)
    expect(readPayload(client.getCookie('session') as string).d).toEqual({ tried: true })
  })

  it('keeps a session across requests with the test client, and forgets it when cleared', async () => {
    const app = new App({ secretKey: 'k' })
    app.post('/login', async (req) => {
      req.session.set('user', (await req.form()).get('user'))
      return 'welcome'
    })
    app.get('/me', (req) => ({ user: req.session.get('user') ?? null }))
    app.post('/logout', (req) => {
      req.session.clear()
      return 'bye'
    })
    const client = app.testClient()
    await client.post('/login', { form: { user: 'ada' } })
    expect(await (await client.get('/me')).json()).toEqual({ user: 'ada' })
    await client.post('/logout')
    expect(client.getCookie('session')).toBeUndefined()
    expect(await (await client.get('/me')).json()).toEqual({ user: null })
  })

  it('reports a secretKey of the wrong type when the session is used', async () => {
    const logger = createLogger()
    const app = new App({ logger })
    app.config.fromEnv('PHIAL_', { PHIAL_SECRET_KEY: '12345' }) // parsed as JSON: a number
    app.get('/', (req) => {
      req.session.set('a', 1)
      return 'ok'
    })
    expect((await app.request('/')).status).toBe(500)
    expect(String((logger.errors[0] as unknown[])[1])).toContain('secretKey must be a non-empty string')
  })

  it('answers synchronously without a secretKey, and through the session path with one', async () => {
    const plain = new App()
    plain.get('/', () => 'hi')
    const sync = plain.fetch(new Request('http://localhost/'))
    expect(sync).toBeInstanceOf(Response)
    expect(await (sync as Response).text()).toBe('hi')

    const withSessions = new App({ secretKey: 'k' })
    withSessions.get('/', () => 'hi')
    const async = withSessions.fetch(new Request('http://localhost/'))
    expect(async).toBeInstanceOf(Promise)
    expect(await (await async).text()).toBe('hi')
  })
})
