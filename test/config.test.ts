// app.config's checks: an option left undefined keeps its default, a bad limit or flag is a
// PhialError naming the setting (never a server without limits), and fromEnv cannot overwrite methods.
import { App, PhialError } from 'phial'
import { describe, expect, it } from 'vitest'

const secretKey = 'k'.repeat(32)

/** An app with the routes whose limits are checked: a text body, the query, JSON and the session. */
function limitsApp(options: ConstructorParameters<typeof App>[0]): App {
  const app = new App(options)
  app.post('/text', async (req) => (await req.text()).length)
  app.get('/query', (req) => [...req.query.keys()].length)
  app.post('/json', async (req) => typeof (await req.json()))
  app.get('/login', (req) => {
    req.session.set('user', 'ada')
    return 'ok'
  })
  return app
}

describe('options passed as undefined', () => {
  it('keep the default limits and cookie name', async () => {
    const app = limitsApp({
      maxContentLength: undefined,
      maxParams: undefined,
      maxJsonDepth: undefined,
      sessionCookieName: undefined,
      // the types accept `undefined` (exactOptionalPropertyTypes): `process.env.X` is string | undefined
      serverName: process.env.PHIAL_TEST_UNSET_SERVER_NAME,
      logger: undefined,
      converters: undefined,
      compress: undefined,
      sessionInterface: undefined,
      secretKey,
    })
    const big = await app.request('/text', { method: 'POST', body: 'x'.repeat(5 * 1024 * 1024) })
    expect(big.status).toBe(413)
    const query = Array.from({ length: 5000 }, (_, i) => `p${i}=1`).join('&')
    expect((await app.request(`/query?${query}`)).status).toBe(414)
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`
    const json = { method: 'POST', headers: { 'content-type': 'application/json' }, body: deep }
    expect((await app.request('/json', json)).status).toBe(400)
    const login = await app.request('/login')
    expect(login.status).toBe(200)
    expect(login.headers.get('set-cookie')).toMatch(/^session=/)
  })
})

describe('a bad value for a setting', () => {
  const bytes = 'maxContentLength must be a non-negative whole number of bytes (Infinity for no limit)'
  const cases: Array<[string, () => unknown, string]> = [
    ['NaN in the options', () => new App({ maxContentLength: Number.NaN }), `${bytes}, got NaN`],
    [
      'null in the options',
      () => new App({ maxContentLength: null as unknown as number }),
      `${bytes}, got null`,
    ],
    [
      'a string in fromObject',
      () => new App().config.fromObject({ maxContentLength: '1mb' }),
      `${bytes}, got "1mb"`,
    ],
    [
      'a unit in PHIAL_MAX_CONTENT_LENGTH',
      () => new App().config.fromEnv('PHIAL_', { PHIAL_MAX_CONTENT_LENGTH: '1mb' }),
      `${bytes}, got "1mb" (from PHIAL_MAX_CONTENT_LENGTH)`,
    ],
    [
      'text in PHIAL_MAX_CONTENT_LENGTH',
      () => new App().config.fromEnv('PHIAL_', { PHIAL_MAX_CONTENT_LENGTH: 'abc' }),
      `${bytes}, got "abc"`,
    ],
    [
      'NaN for maxParams',
      () => new App({ maxParams: Number.NaN }),
      'maxParams must be a non-negative whole number of parameters',
    ],
    ['a negative maxJsonDepth', () => new App({ maxJsonDepth: -1 }), 'maxJsonDepth must be'],
    [
      'Infinity for permanentSessionLifetime',
      () => new App({ permanentSessionLifetime: Infinity }),
      'got Infinity',
    ],
    [
      'a cookie name with a space',
      () => new App({ sessionCookieName: 'my session' }),
      'sessionCookieName must be',
    ],
    [
      'a string for debug',
      () => new App({ debug: 'no' as unknown as boolean }),
      'debug must be true or false',
    ],
  ]
  it.each(cases)('is a PhialError: %s', (_, make, message) => {
    expect(make).toThrow(PhialError)
    expect(make).toThrow(message)
  })

  it('set directly on app.config is caught by validate()', () => {
    const app = new App()
    app.config.maxFileSize = Number('10mb')
    expect(() => app.config.validate()).toThrow('maxFileSize must be a non-negative whole number of bytes')
    app.config.maxFileSize = 1024
    expect(app.config.validate()).toBe(app.config)
  })
})

describe('Infinity for maxContentLength', () => {
  it('means no limit, from the options or PHIAL_MAX_CONTENT_LENGTH', async () => {
    const body = 'x'.repeat(2 * 1024 * 1024)
    const fromOptions = limitsApp({ maxContentLength: Infinity })
    const direct = await fromOptions.request('/text', { method: 'POST', body })
    expect([direct.status, await direct.text()]).toEqual([200, String(body.length)])
    const fromEnv = limitsApp({})
    fromEnv.config.fromEnv('PHIAL_', { PHIAL_MAX_CONTENT_LENGTH: 'Infinity' })
    const res = await fromEnv.request('/text', { method: 'POST', body })
    expect([res.status, await res.text()]).toEqual([200, String(body.length)])
  })
})

describe('fromEnv', () => {
  it('refuses a variable naming a method of app.config, which keeps working', () => {
    const app = new App()
    for (const name of ['PHIAL_FROM_OBJECT', 'PHIAL_TO_STRING', 'PHIAL_VALIDATE', 'PHIAL_CONSTRUCTOR']) {
      expect(() => app.config.fromEnv('PHIAL_', { [name]: '1' })).toThrow(PhialError)
    }
    expect(() => app.config.fromEnv('PHIAL_', { PHIAL_DB__TO_STRING: 'x' })).toThrow(PhialError)
    expect(typeof app.config.fromObject).toBe('function')
    expect(String(app.config)).toBe('[object Object]')
  })

  it('reads flags as 1/true/yes/on and 0/false/no/off/empty, any case, and refuses anything else', () => {
    const debugOf = (value: string) => new App().config.fromEnv('PHIAL_', { PHIAL_DEBUG: value }).debug
    for (const value of ['1', 'true', 'YES', 'on']) expect([value, debugOf(value)]).toEqual([value, true])
    for (const value of ['0', 'false', 'no', 'Off', ''])
      expect([value, debugOf(value)]).toEqual([value, false])
    expect(() => debugOf('maybe')).toThrow(
      'PHIAL_DEBUG must be 1, true, yes, on or 0, false, no, off, got "maybe"',
    )
    const config = new App().config.fromEnv('PHIAL_', {
      PHIAL_TRUST_PROXY: '2',
      PHIAL_SESSION_COOKIE_SECURE: 'on',
    })
    expect([config.trustProxy, config.sessionCookieSecure]).toEqual([2, true])
  })
})

describe('a bad setting assigned after the app was made', () => {
  it('is refused before the first request is served, not served with no limit', async () => {
    const app = new App({ logger: { error() {}, warn() {}, info() {}, debug() {} } })
    app.post('/', async (req) => (await req.text()).length)
    app.config.maxContentLength = Number('1mb')
    await expect(app.request('/', { method: 'POST', body: 'x'.repeat(10) })).rejects.toThrow(
      /maxContentLength must be a non-negative whole number/,
    )
  })
})
