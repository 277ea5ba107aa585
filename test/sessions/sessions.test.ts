import { App, PhialError } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'
import { cookie, createApp, LIFETIME } from './_session-app.ts'
import {
  cookieValue,
  createLogger,
  now,
  readPayload,
  setCookieLine,
  signCookie,
  withServed,
} from './_sessions.ts'

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

  it('refuses a session cookie whose name and value pass 4096 bytes with a logged PhialError and a 500', async () => {
    const before = logger.errors.length
    const res = await served.fetch('/big')
    expect(res.status).toBe(500)
    expect(await res.text()).not.toContain('bytes')
    expect(setCookieLine(res)).toBeUndefined()
    const [, error] = logger.errors[before] as [string, PhialError]
    expect(error).toBeInstanceOf(PhialError)
    expect(error.message).toMatch(
      /the session cookie's name and value are \d{4} bytes, over the 4096 bytes browsers keep/,
    )
    logger.errors.length = before
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
