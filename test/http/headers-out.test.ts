// What phial writes into headers from values a view or a client supplies: the forwarded entry it
// trusts, the Location of a redirect, Set-Cookie attributes, and a header no gateway can send.
import { App, PhialError, PhialResponse, redirect, text } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'

const logged: unknown[][] = []
const logger = { error: (...args: unknown[]) => logged.push(args), warn() {}, info() {}, debug() {} }

function createApp(): App {
  const app = new App({ logger })
  app.get('/go', (req) => redirect(req.query.get('to') ?? '/'))
  app.get('/cookie', (req) => text('set').setCookie('v', req.query.get('v') ?? '', { path: '/' }))
  app.get('/read', (req) => ({ v: req.cookies.v ?? null }))
  app.get('/bad-header', (req) => new PhialResponse('x', 200, { 'x-name': req.query.get('n') ?? '' }))
  app.get('/after', () => 'still serving')
  return app
}

describe.each(gateways)('headers written through $name', (gateway) => {
  let served: Served
  beforeAll(async () => {
    served = await gateway.serve(createApp())
  })
  afterAll(() => served.close())
  const go = async (to: string) => {
    const res = await served.fetch(`/go?to=${encodeURIComponent(to)}`, { redirect: 'manual' })
    expect(res.status).toBe(302)
    return res.headers.get('location')
  }

  it('percent-encodes what a URI cannot hold in a redirect, so it stays on the site', async () => {
    expect(await go('/日本?q=é#ü')).toBe('/%E6%97%A5%E6%9C%AC?q=%C3%A9#%C3%BC')
    expect(await go('/\\evil.com')).toBe('/%5Cevil.com')
    expect(await go('/\t/evil.com')).toBe('/%09/evil.com')
    expect(await go('/a\u0000b "c"')).toBe('/a%00b%20%22c%22')
    // Reserved characters and escapes already made are kept as written.
    expect(await go("/x?a=[1]&b=%20;c=$!'()*+,@:")).toBe("/x?a=[1]&b=%20;c=$!'()*+,@:")
    expect(await go('https://example.com/a b')).toBe('https://example.com/a%20b')
    const res = await served.fetch('/go?to=%2F%3Cscript%3E', { redirect: 'manual' })
    expect(await res.text()).toContain('<a href="/%3Cscript%3E">/%3Cscript%3E</a>')
  })

  it('percent-encodes a non-ASCII cookie value as UTF-8, and reads it back the same', async () => {
    const res = await served.fetch(`/cookie?v=${encodeURIComponent('café 日本')}`)
    const cookie = res.headers.getSetCookie()[0] ?? ''
    expect(cookie).toBe('v=caf%C3%A9 %E6%97%A5%E6%9C%AC; Path=/; HttpOnly; SameSite=Lax')
    const back = await served.fetch('/read', { headers: { cookie: cookie.split(';')[0] as string } })
    expect(await back.json()).toEqual({ v: 'café 日本' })
  })

  it('answers a header value no gateway can send with a logged 500, and keeps serving', async () => {
    logged.length = 0
    const res = await served.fetch(`/bad-header?n=${encodeURIComponent('日本')}`)
    expect(res.status).toBe(500)
    expect(res.statusText === '' || res.statusText === 'Internal Server Error').toBe(true)
    expect(res.headers.get('x-name')).toBeNull()
    expect(await res.text()).toBe('Internal Server Error')
    expect(String(logged[0]?.[0])).toContain('/bad-header: the response could not be written')
    expect(await (await served.fetch('/after')).text()).toBe('still serving')
  })
})

describe('trustProxy takes the entry the trusted proxies wrote', () => {
  const info = (trustProxy: boolean | number) => {
    const app = new App({ trustProxy } as { trustProxy: boolean })
    app.get('/', (req) => ({ ip: req.ip, host: req.host, scheme: req.scheme }))
    return app
  }
  const spoofed = {
    'x-forwarded-for': '6.6.6.6, 1.1.1.1, 10.0.0.2',
    'x-forwarded-proto': 'https, http, https',
    'x-forwarded-host': 'evil.example, shop.example, inner.example',
  }

  it('counts X-Forwarded-Host and -Proto from the right, as X-Forwarded-For', async () => {
    const one = await info(true).request('/', { headers: spoofed })
    expect(await one.json()).toEqual({ ip: '10.0.0.2', host: 'inner.example', scheme: 'https' })
    const two = await info(2).request('/', { headers: spoofed })
    expect(await two.json()).toEqual({ ip: '1.1.1.1', host: 'shop.example', scheme: 'http' })
  })

  it('gives the leftmost entry of a shorter list, and refuses a trustProxy that is not a count', async () => {
    const short = await info(3).request('/', {
      headers: { 'x-forwarded-host': 'only.example', 'x-forwarded-proto': 'https' },
    })
    expect(await short.json()).toMatchObject({ host: 'only.example', scheme: 'https' })
    // Anything but true, false or a whole number of proxies is refused when the app is made.
    for (const value of ['yes', -1, 0.5] as unknown as number[])
      expect(() => info(value), String(value)).toThrow(PhialError)
  })

  it('reads two X-Forwarded-Host lines over a socket as one list', async () => {
    const served = await gateways[1]?.serve(info(true))
    if (served === undefined) throw new Error('no node:http gateway')
    try {
      const { rawRequest } = await import('../adapters/_raw.ts')
      const reply = await rawRequest(
        served.port as number,
        'GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-Host: evil.example\r\nX-Forwarded-Host: shop.example\r\nConnection: close\r\n\r\n',
      )
      expect(reply).toContain('"host":"shop.example"')
    } finally {
      await served.close()
    }
  })

  it('does not take CF-Connecting-IP from a client outside Cloudflare Workers', async () => {
    const app = new App()
    app.get('/', (req) => ({ ip: req.ip }))
    const res = await app.fetch(new Request('http://x/', { headers: { 'cf-connecting-ip': '6.6.6.6' } }))
    expect(await res.json()).toEqual({ ip: '' })
  })
})

describe('setCookie refuses what no browser reads back as meant', () => {
  const set =
    (options: object, value = 'x') =>
    () =>
      text('').setCookie('c', value, options)

  it('throws a PhialError for a bad maxAge, expires, sameSite, domain or lone surrogate', () => {
    for (const maxAge of [Number.NaN, Number.POSITIVE_INFINITY]) expect(set({ maxAge })).toThrow(PhialError)
    expect(set({ expires: new Date('nope') })).toThrow(/valid Date/)
    expect(set({ sameSite: 'bogus' })).toThrow(/sameSite/)
    expect(set({ domain: 'bücher.example' })).toThrow(/xn--/)
    expect(set({}, 'a\uD800b')).toThrow(/well-formed/)
  })

  it('encodes a non-ASCII path and takes sameSite in any case', () => {
    const res = text('').setCookie('c', 'x', { path: '/日', sameSite: 'strict' as 'Strict' })
    expect(res.headers.getSetCookie()).toEqual(['c=x; Path=/%E6%97%A5; HttpOnly; SameSite=Strict'])
  })
})
