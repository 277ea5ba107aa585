// Response options passed as `undefined` keep their defaults: cookies, HTTP errors, server-sent
// events, compression, flashed messages, sessions and the test client.
import { request as httpRequest } from 'node:http'
import {
  App,
  abort,
  type CompressOptions,
  type CookieOptions,
  createHTTPError,
  type FlashedMessagesOptions,
  flash,
  formatEvent,
  getFlashedMessages,
  HTTPError,
  type HTTPErrorOptions,
  NotFound,
  redirect,
  type ServerSentEvent,
  Session,
  type SessionOptions,
  type SSEOptions,
  serializeCookie,
  sse,
  type TestRequestOptions,
  text,
} from 'phial'
import { serve } from 'phial/node'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { eachUnset, quiet, type Unset } from './_unset.ts'

const cookie: Unset<CookieOptions> = {
  maxAge: undefined,
  expires: undefined,
  path: undefined,
  domain: undefined,
  secure: undefined,
  httpOnly: undefined,
  sameSite: undefined,
  partitioned: undefined,
}
type DeleteOptions = NonNullable<Parameters<ReturnType<typeof text>['deleteCookie']>[1]>
const deletion: Unset<DeleteOptions> = {
  path: undefined,
  domain: undefined,
  secure: undefined,
  sameSite: undefined,
}

describe('cookie options passed as undefined', () => {
  const set = new Map(eachUnset(cookie))
  const del = new Map(eachUnset(deletion))
  const app = new App()
  app.get('/set', (req) => text('ok').setCookie('a', '1', set.get(req.query.get('option') ?? '')))
  app.get('/delete', (req) => text('ok').deleteCookie('a', del.get(req.query.get('option') ?? '')))

  it.each([...set.keys()])(
    'setCookie with %s undefined sends Path=/, HttpOnly and SameSite=Lax',
    async (key) => {
      const res = await app.request(`/set?option=${key}`)
      expect(res.status).toBe(200)
      expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/; HttpOnly; SameSite=Lax'])
      expect(serializeCookie('a', '1', set.get(key))).toBe('a=1; Path=/; HttpOnly; SameSite=Lax')
    },
  )

  it.each([...del.keys()])('deleteCookie with %s undefined expires the cookie at Path=/', async (key) => {
    const res = await app.request(`/delete?option=${key}`)
    expect(res.status).toBe(200)
    expect(res.headers.getSetCookie()).toEqual([
      'a=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly; SameSite=Lax',
    ])
  })

  it('takes a maxAge that is set only sometimes', async () => {
    const remember = (on: boolean) => text('ok').setCookie('a', '1', { maxAge: on ? 3600 : undefined })
    expect(remember(true).headers.get('set-cookie')).toBe('a=1; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax')
    expect(remember(false).headers.get('set-cookie')).toBe('a=1; Path=/; HttpOnly; SameSite=Lax')
  })
})

describe('HTTP error options passed as undefined', () => {
  const errorOptions: Unset<HTTPErrorOptions> = { headers: undefined, expose: undefined, cause: undefined }
  const rows = new Map(eachUnset(errorOptions))
  const throwers: Record<string, (status: number, options: HTTPErrorOptions | undefined) => never> = {
    HTTPError: (status, options) => {
      throw new HTTPError(status, 'the detail', options)
    },
    abort: (status, options) => abort(status, 'the detail', options),
    createHTTPError: (status, options) => {
      throw createHTTPError(status, 'the detail', options)
    },
  }
  const app = new App({ logger: quiet })
  app.get('/<how>/<int:status>', (req) =>
    throwers[req.params.how as string]?.(
      req.params.status as number,
      rows.get(req.query.get('option') ?? ''),
    ),
  )
  app.get('/not-found', (req) => {
    throw new NotFound(undefined, rows.get(req.query.get('option') ?? ''))
  })
  const json = { headers: { accept: 'application/json' } }

  describe.each(Object.keys(throwers))('%s', (how) => {
    it.each([...rows.keys()])('with %s undefined shows a 4xx message and hides a 5xx one', async (key) => {
      const client = await app.request(`/${how}/409?option=${key}`, json)
      expect(client.status).toBe(409)
      expect(client.headers.get('content-type')).toBe('application/json')
      expect(await client.json()).toEqual({ status: 409, error: 'Conflict', message: 'the detail' })
      const server = await app.request(`/${how}/503?option=${key}`, json)
      expect(server.status).toBe(503)
      expect(server.headers.get('retry-after')).toBeNull()
      expect(await server.json()).toEqual({
        status: 503,
        error: 'Service Unavailable',
        message: 'Service Unavailable',
      })
    })
  })

  it.each([...rows.keys()])('NotFound with %s undefined keeps its message and no cause', async (key) => {
    const res = await app.request(`/not-found?option=${key}`, json)
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ status: 404, error: 'Not Found', message: 'Not Found' })
    const error = new NotFound(undefined, rows.get(key))
    expect(error.headers).toEqual({})
    expect(error.expose).toBe(true)
    expect('cause' in error).toBe(false)
  })
})

describe('server-sent event options passed as undefined', () => {
  const sseOptions: Unset<SSEOptions> = { keepAlive: undefined, status: undefined, headers: undefined }
  const event: Unset<ServerSentEvent> = {
    data: undefined,
    event: undefined,
    id: undefined,
    retry: undefined,
    comment: undefined,
  }
  const rows = new Map(eachUnset(sseOptions))
  const app = new App()
  app.get('/events', (req) => sse([{ ...event, data: 'one' }], rows.get(req.query.get('option') ?? '')))
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it.each([...rows.keys()])(
    'with %s undefined answers 200 with the stream headers and a 15 s keep-alive',
    async (key) => {
      const timers = vi.spyOn(globalThis, 'setInterval')
      const res = await app.request(`/events?option=${key}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/event-stream')
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(res.headers.get('x-accel-buffering')).toBe('no')
      expect(timers).toHaveBeenCalledWith(expect.any(Function), 15_000)
      expect(await res.text()).toBe('data: one\n\n')
    },
  )

  it('writes an event whose fields are undefined as its data alone', () => {
    expect(formatEvent({ ...event, data: 'x' })).toBe('data: x\n\n')
    expect(formatEvent(event)).toBe('\n')
  })
})

describe('compression options passed as undefined', () => {
  const compress: Unset<CompressOptions> = { threshold: undefined, encodings: undefined }

  it.each(eachUnset(compress))('with %s undefined compresses from 1024 characters', async (_, options) => {
    const app = new App({ compress: options })
    app.get('/<int:size>', (req) => 'x'.repeat(req.params.size as number))
    const gzip = { headers: { 'accept-encoding': 'gzip' } }
    const small = await app.request('/1023', gzip)
    expect(small.status).toBe(200)
    expect(small.headers.get('content-encoding')).toBeNull()
    expect(await small.text()).toBe('x'.repeat(1023))
    const large = await app.request('/1024', gzip)
    expect(large.headers.get('content-encoding')).toBe('gzip')
    expect(large.headers.get('vary')).toBe('accept-encoding')
  })

  it.each(eachUnset(compress))('with %s undefined prefers brotli to gzip on Node', async (_, options) => {
    const app = new App({ compress: options })
    app.get('/', () => 'x'.repeat(2000))
    const server = await serve(app, { port: 0 })
    try {
      const encoding = await new Promise<string | undefined>((resolve, reject) => {
        const headers = { 'accept-encoding': 'gzip, br' }
        httpRequest({ port: server.port, host: '127.0.0.1', path: '/', headers }, (res) => {
          res.resume()
          resolve(res.headers['content-encoding'])
        })
          .on('error', reject)
          .end()
      })
      expect(encoding).toBe('br')
    } finally {
      await server.close()
    }
  })
})

describe('flashed-message options passed as undefined', () => {
  const flashOptions: Unset<FlashedMessagesOptions> = { withCategories: undefined, categoryFilter: undefined }
  const rows = new Map(eachUnset(flashOptions))
  const app = new App({ secretKey: 'k'.repeat(32) })
  app.get('/flash', (req) => {
    flash(req, 'saved', 'info')
    flash(req, 'failed', 'error')
    return 'ok'
  })
  app.get('/read', (req) => getFlashedMessages(req, rows.get(req.query.get('option') ?? '')))

  it.each([...rows.keys()])('with %s undefined reads every message, without categories', async (key) => {
    const client = app.testClient()
    expect((await client.get('/flash')).status).toBe(200)
    const res = await client.get(`/read?option=${key}`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual(['saved', 'failed'])
  })
})

describe('session options passed as undefined', () => {
  const sessionOptions: Unset<SessionOptions> = { new: undefined, permanent: undefined }
  const rows = new Map(eachUnset(sessionOptions))
  const app = new App({
    sessionInterface: {
      open: (req) => new Session({ user: 'ada' }, rows.get(req.query.get('option') ?? '')),
      save: (_req, session, res) => {
        res.setHeader('x-session', JSON.stringify({ new: session.new, permanent: session.permanent }))
      },
    },
  })
  app.get('/', (req) => String(req.session.get('user')))

  it.each([...rows.keys()])('with %s undefined is new and not permanent', async (key) => {
    const res = await app.request(`/?option=${key}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('x-session')).toBe('{"new":true,"permanent":false}')
    expect(await res.text()).toBe('ada')
  })
})

describe('test-client options passed as undefined', () => {
  const requestOptions: Unset<TestRequestOptions> = {
    json: undefined,
    form: undefined,
    body: undefined,
    headers: undefined,
    query: undefined,
    followRedirects: undefined,
  }
  const app = new App()
  app.post('/echo', async (req) => ({
    type: req.header('content-type') ?? null,
    body: await req.text(),
    query: [...req.query.keys()],
  }))
  app.get('/away', () => redirect('/there'))
  app.get('/there', () => 'there')

  it.each(eachUnset(requestOptions))(
    'with %s undefined sends no body and follows no redirect',
    async (_, options) => {
      const client = app.testClient()
      const echo = await client.post('/echo', options)
      expect(echo.status).toBe(200)
      expect(await echo.json()).toEqual({ type: null, body: '', query: [] })
      const away = await client.get('/away', options)
      expect(away.status).toBe(302)
      expect(away.headers.get('location')).toBe('/there')
      expect(away.history).toEqual([])
    },
  )
})
