// The session cookie's size limit is what browsers apply (RFC 6265bis: name and value together at
// most 4096 octets, attributes not counted), so making a session permanent, which adds Max-Age and
// Expires, never turns a working session into a 500.
import { App, PhialError } from 'phial'
import { describe, expect, it } from 'vitest'
import { gateways } from '../_gateways.ts'
import { useGateway } from '../parity/_parity.ts'
import { cookieValue, createLogger, now, setCookieLine } from './_sessions.ts'

// Eight characters: with base64url's steps of 4, a name of 8 lets name + value be exactly 4096.
const NAME = 'sessions'

function createApp() {
  const logger = createLogger()
  const app = new App({ secretKey: 'k', sessionCookieName: NAME, logger })
  app.get('/fill', (req) => {
    req.session.set('big', 'x'.repeat(Number(req.query.get('n'))))
    if (req.query.has('permanent')) req.session.permanent = true
    return 'ok'
  })
  return { app, logger }
}

/** The bytes of name + value a session holding `n` characters gets: base64url(JSON) "." signature. */
function sizeOf(n: number, permanent: boolean): number {
  const payload = permanent
    ? { d: { big: 'x'.repeat(n) }, t: now(), p: true }
    : { d: { big: 'x'.repeat(n) }, t: now() }
  return NAME.length + Math.ceil((JSON.stringify(payload).length * 4) / 3) + 1 + 43
}

/** The largest `n` whose cookie is at most 4096 bytes. */
function largest(permanent: boolean): number {
  let n = 2900
  while (sizeOf(n + 1, permanent) <= 4096) n++
  return n
}

describe.each(gateways)('the session cookie size through $name', (gateway) => {
  const start = useGateway(gateway)

  it('sends a cookie of 4096 bytes of name and value, permanent or not, whatever its attributes add', async () => {
    const { app, logger } = createApp()
    const served = await start(app)
    const n = largest(true)
    expect(sizeOf(n, true)).toBe(4096)
    for (const permanent of [true, false]) {
      const res = await served.fetch(`/fill?n=${n}${permanent ? '&permanent' : ''}`)
      expect([res.status, await res.text()]).toEqual([200, 'ok'])
      const line = setCookieLine(res, NAME) as string
      expect(line.includes('; Max-Age=')).toBe(permanent)
      // Past the 4093 bytes Werkzeug warns at for the whole line; browsers keep the cookie.
      expect(line.length).toBeGreaterThan(4093)
      expect(NAME.length + (cookieValue(res, NAME) as string).length).toBe(sizeOf(n, permanent))
      expect(res.headers.get('vary')).toBe('Cookie')
    }
    expect(logger.errors).toEqual([])
  })

  it('refuses a byte more with a logged PhialError and a 500, permanent or not', async () => {
    const { app, logger } = createApp()
    const served = await start(app)
    for (const permanent of [true, false]) {
      const n = largest(permanent) + 1
      const res = await served.fetch(`/fill?n=${n}${permanent ? '&permanent' : ''}`)
      expect(res.status).toBe(500)
      expect(await res.text()).not.toContain('bytes')
      expect(setCookieLine(res, NAME)).toBeUndefined()
      const [, error] = logger.errors[0] as [string, PhialError]
      expect(error).toBeInstanceOf(PhialError)
      expect(error.message).toContain(`name and value are ${sizeOf(n, permanent)} bytes, over the 4096 bytes`)
      logger.errors.length = 0
    }
  })
})
