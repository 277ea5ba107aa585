import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'
import { cookie, createApp, LIFETIME } from './_session-app.ts'
import {
  cookieValue,
  type createLogger,
  now,
  readPayload,
  setCookieLine,
  signCookie,
  toBase64Url,
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
})
