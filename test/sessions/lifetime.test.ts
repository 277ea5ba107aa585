// permanentSessionLifetime past what a Date holds (now plus it beyond 8.64e12 seconds after 1970) is
// refused by the config check, instead of passing it and failing every permanent session's write.
import { App, PhialError } from 'phial'
import { describe, expect, it } from 'vitest'
import { gateways } from '../_gateways.ts'
import { useGateway } from '../parity/_parity.ts'
import { createLogger, setCookieLine } from './_sessions.ts'

function createApp(lifetime?: number) {
  const logger = createLogger()
  const app = new App({ secretKey: 'k', logger })
  if (lifetime !== undefined) app.config.permanentSessionLifetime = lifetime
  app.get('/permanent', (req) => {
    req.session.permanent = true
    req.session.set('user', 'ada')
    return 'ok'
  })
  return { app, logger }
}

const MESSAGE = /^permanentSessionLifetime must be at most \d+ seconds, so that a permanent session's expiry/

describe('permanentSessionLifetime', () => {
  it.each([10 ** 13, 8.639e12])('refuses %d seconds in new App(), fromObject and fromEnv', (seconds) => {
    expect(() => new App({ permanentSessionLifetime: seconds })).toThrow(PhialError)
    expect(() => new App({ permanentSessionLifetime: seconds })).toThrow(MESSAGE)
    expect(() => new App().config.fromObject({ permanentSessionLifetime: seconds })).toThrow(MESSAGE)
    const env = { PHIAL_PERMANENT_SESSION_LIFETIME: String(seconds) }
    expect(() => new App().config.fromEnv('PHIAL_', env)).toThrow(MESSAGE)
  })
})

describe.each(gateways)('permanentSessionLifetime through $name', (gateway) => {
  const start = useGateway(gateway)

  it('answers a logged 500 naming the option when app.config was set past a Date', async () => {
    const { app, logger } = createApp(10 ** 13)
    const served = await start(app)
    if (gateway.name === 'app.request') {
      // In-process, the setup error goes to the caller, as any error before the first request does.
      await expect(served.fetch('/permanent')).rejects.toThrow(MESSAGE)
      return
    }
    const res = await served.fetch('/permanent')
    expect(res.status).toBe(500)
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await res.text()).toBe('Internal Server Error')
    expect(setCookieLine(res)).toBeUndefined()
    expect(logger.errors).toHaveLength(1)
    const error = logger.errors[0]?.[1]
    expect(error).toBeInstanceOf(PhialError)
    expect((error as PhialError).message).toMatch(MESSAGE)
  })

  it('sends a permanent session for the longest lifetimes a Date holds', async () => {
    const { app, logger } = createApp(8.6e12)
    const served = await start(app)
    const res = await served.fetch('/permanent')
    expect([res.status, await res.text()]).toEqual([200, 'ok'])
    const line = setCookieLine(res) as string
    expect(line).toContain('; Max-Age=8600000000000; Expires=')
    expect(Number.isNaN(Date.parse(/Expires=([^;]+)/.exec(line)?.[1] as string))).toBe(false)
    expect(logger.errors).toEqual([])
  })
})
