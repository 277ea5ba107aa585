import { App, HTTPError } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'

function createApp(): App {
  const app = new App({ maxContentLength: 1024, maxParams: 5, maxJsonDepth: 8 })
  app.get('/query', (req) => ({ q: req.query.get('q'), tags: req.query.getAll('tag') }))
  app.get('/cookies', (req) => ({ ...req.cookies, proto: Object.getPrototypeOf(req.cookies) === null }))
  app.get('/info', (req) => ({
    method: req.method,
    path: req.path,
    endpoint: req.endpoint,
    ip: req.ip,
    ua: req.header('user-agent'),
    viaHeaders: req.headers.get('x-custom'),
    url: req.url,
    mimetype: req.mimetype,
  }))
  app.get('/state', (req) => {
    req.state.count = ((req.state.count as number | undefined) ?? 0) + 1
    return { count: req.state.count }
  })
  app.post('/raw', async (req) => ({ method: req.raw.method, text: await req.raw.text() }))
  app.get('/abort', () => {
    throw new HTTPError(418, "I'm a teapot")
  })
  return app
}

describe.each(gateways)('request through $name', (gateway) => {
  let served: Served
  beforeAll(async () => {
    served = await gateway.serve(createApp())
  })
  afterAll(() => served.close())
  const send = (path: string, init?: RequestInit) => served.fetch(path, init)
  const post = (path: string, body: BodyInit, headers: Record<string, string>) =>
    served.fetch(path, { method: 'POST', body, headers })

  it('parses the query string, keeping repeated keys', async () => {
    const res = await send('/query?q=caf%C3%A9&tag=a&tag=b')
    expect(await res.json()).toEqual({ q: 'café', tags: ['a', 'b'] })
  })

  it('answers 414 URI Too Long to a query string with more parameters than maxParams', async () => {
    const res = await send('/query?a=1&b=2&c=3&d=4&e=5&f=6')
    expect(res.status).toBe(414)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const body = await res.text()
    expect(body).toContain('<title>414 URI Too Long</title>')
    expect(body).toContain('The query string has more than 5 parameters.')
  })

  it('parses cookies safely: first duplicate wins, no prototype, bad escapes kept raw', async () => {
    const res = await send('/cookies', {
      headers: { cookie: 'a=1; a=2; __proto__=x; bad=%E0%A4%A; q="quoted"' },
    })
    expect(await res.text()).toBe('{"a":"1","__proto__":"x","bad":"%E0%A4%A","q":"quoted","proto":true}')
  })

  it('exposes method, path, endpoint, ip, headers and the full URL', async () => {
    const res = await send('/info?x=1', { headers: { 'user-agent': 'phial-test', 'x-custom': 'yes' } })
    const info = await res.json()
    expect(info).toMatchObject({ method: 'GET', path: '/info', endpoint: 'GET /info', ua: 'phial-test' })
    expect(info.viaHeaders).toBe('yes')
    expect(info.ip).toMatch(/127\.0\.0\.1/)
    expect(info.url).toMatch(
      new RegExp(`^http://(localhost|127\\.0\\.0\\.1:\\d+)${served.prefix}/info\\?x=1$`),
    )
  })

  it('ignores X-Forwarded-For without trustProxy', async () => {
    const res = await send('/info', {
      headers: { 'x-forwarded-for': '6.6.6.6', 'x-forwarded-host': 'evil.com' },
    })
    const info = await res.json()
    expect(info.ip).not.toBe('6.6.6.6')
    expect(info.url).not.toContain('evil.com')
  })

  it('gives each request a fresh state object (Flask g)', async () => {
    expect(await (await send('/state')).json()).toEqual({ count: 1 })
    expect(await (await send('/state')).json()).toEqual({ count: 1 })
  })

  it('builds the WHATWG Request on demand, body included', async () => {
    const res = await post('/raw', 'raw body', { 'content-type': 'text/plain' })
    expect(await res.json()).toEqual({ method: 'POST', text: 'raw body' })
  })

  it('answers a thrown HTTPError with its status and message', async () => {
    const res = await send('/abort')
    expect(res.status).toBe(418)
    expect(await res.text()).toContain('teapot')
  })
})

describe('trustProxy', () => {
  it('reads the client address, scheme and host from X-Forwarded-* when trusted', async () => {
    const app = new App({ trustProxy: true })
    app.get('/', (req) => ({ ip: req.ip, url: req.url }))
    const res = await app.request('/', {
      headers: {
        'x-forwarded-for': '1.1.1.1, 10.0.0.2',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'example.com',
      },
    })
    expect(await res.json()).toEqual({ ip: '10.0.0.2', url: 'https://example.com/' })
  })

  it('takes the entry that many hops from the right with a number', async () => {
    const app = new App({ trustProxy: 2 })
    app.get('/', (req) => ({ ip: req.ip }))
    const res = await app.request('/', { headers: { 'x-forwarded-for': '1.1.1.1, 2.2.2.2, 10.0.0.2' } })
    expect(await res.json()).toEqual({ ip: '2.2.2.2' })
  })

  it('answers 400 to a malformed forwarded host when the URL is needed', async () => {
    const app = new App({ trustProxy: true })
    app.get('/', (req) => req.url)
    const res = await app.request('/', { headers: { 'x-forwarded-host': 'evil.com/<x>' } })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('Host')
  })
})
