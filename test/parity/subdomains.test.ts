// Flask's subdomain routing (tests/test_basic.py test_subdomain_*, tests/test_blueprints.py
// test_nesting_subdomains, test_child_and_parent_subdomain). The host comes from X-Forwarded-Host
// with trustProxy, as behind nginx, so that every gateway can set it; app.request also sends Host.
import { App, Blueprint, PhialError, type PhialRequest } from 'phial'
import { describe, expect, it } from 'vitest'
import { gateways } from '../_gateways.ts'
import { parseRaw, rawRequest } from '../adapters/_raw.ts'
import { start } from '../adapters/_servers.ts'
import { allowOf, expectBody, useGateway } from './_parity.ts'

const at = (host: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { 'x-forwarded-host': host },
  redirect: 'manual',
})

describe.each(gateways)('subdomains through $name', (gateway) => {
  const serve = useGateway(gateway)

  it('routes by a static subdomain beside the plain rules (test_subdomain_basic_support)', async () => {
    const app = new App({ serverName: 'localhost.localdomain', trustProxy: true })
    app.get('/', function normalIndex() {
      return 'normal index'
    })
    app.get('/', { subdomain: 'test', endpoint: 'testIndex' }, () => 'test index')
    const served = await serve(app)
    await expectBody(await served.fetch('/', at('test.localhost.localdomain')), 200, 'test index')
    await expectBody(await served.fetch('/', at('localhost.localdomain')), 200, 'normal index')
  })

  it('gives a subdomain pattern its value as a param, ports and case aside (test_subdomain_matching)', async () => {
    const app = new App({ serverName: 'localhost.localdomain', trustProxy: true })
    app.get('/', { subdomain: '<user>' }, function index(req) {
      return `index for ${req.params.user}`
    })
    const served = await serve(app)
    await expectBody(
      await served.fetch('/', at('mitsuhiko.localhost.localdomain')),
      200,
      'index for mitsuhiko',
    )
    await expectBody(await served.fetch('/', at('Ada.LOCALHOST.localdomain:3000')), 200, 'index for ada')
    const withPort = new App({ serverName: 'localhost.localdomain:3000', trustProxy: true })
    withPort.get('/', { subdomain: '<user>' }, (req) => `index for ${req.params.user}`)
    const ported = await serve(withPort)
    await expectBody(
      await ported.fetch('/', at('mitsuhiko.localhost.localdomain:3000')),
      200,
      'index for mitsuhiko',
    )
  })

  it('answers 404 for an unknown subdomain, and the plain rules for any other host', async () => {
    const app = new App({ serverName: 'example.test', trustProxy: true })
    app.get('/', () => 'plain')
    app.get('/', { subdomain: 'api', endpoint: 'api' }, () => 'api')
    const served = await serve(app)
    const unknown = await served.fetch('/', at('www.example.test'))
    expect(unknown.status).toBe(404)
    await unknown.body?.cancel()
    await expectBody(await served.fetch('/', at('10.0.0.7:8000')), 200, 'plain')
    await expectBody(await served.fetch('/', at('example.org')), 200, 'plain')
  })

  it('keeps 405, automatic OPTIONS and the slash redirect inside a subdomain', async () => {
    const app = new App({ serverName: 'example.test', trustProxy: true })
    app.route('/items/', { subdomain: 'api', methods: ['GET', 'POST'] }, function items(req) {
      return req.method
    })
    const served = await serve(app)
    const put = await served.fetch('/items/', at('api.example.test', { method: 'PUT' }))
    expect([put.status, allowOf(put)]).toEqual([405, ['GET', 'HEAD', 'OPTIONS', 'POST']])
    await put.body?.cancel()
    const slash = await served.fetch('/items?x=1', at('api.example.test'))
    expect([slash.status, slash.headers.get('location')]).toEqual([308, `${served.prefix}/items/?x=1`])
    await slash.body?.cancel()
    const plain = await served.fetch('/items/', at('example.test'))
    expect(plain.status).toBe(404)
    await plain.body?.cancel()
  })

  it('builds a URL on another host as an external URL, and on the same host as a path', async () => {
    const app = new App({ serverName: 'example.test', trustProxy: true })
    app.get('/', function home() {
      return 'home'
    })
    app.get('/', { subdomain: '<user>' }, function profile(req: PhialRequest) {
      return [
        req.urlFor('profile', { user: req.params.user }),
        req.urlFor('home'),
        req.urlFor('profile', { user: 'bob', tab: 'x' }),
      ]
    })
    expect(app.urlFor('profile', { user: 'ada' })).toBe('http://ada.example.test/')
    expect(app.urlFor('home')).toBe('http://example.test/')
    expect(() => app.urlFor('profile')).toThrow('missing value for "user" of subdomain "<user>"')
    const served = await serve(app)
    const p = served.prefix
    await expectBody(
      await served.fetch('/', at('ada.example.test')),
      200,
      JSON.stringify([`${p}/`, `http://example.test${p}/`, `http://bob.example.test${p}/?tab=x`]),
      'application/json',
    )
  })

  it('takes a subdomain from a blueprint, nested ones joined (test_nesting_subdomains, test_child_and_parent_subdomain)', async () => {
    const app = new App({ serverName: 'example.test', trustProxy: true })
    const parent = new Blueprint('parent')
    const child = new Blueprint('child')
    child.get('/child/', function index() {
      return 'child'
    })
    parent.registerBlueprint(child)
    app.registerBlueprint(parent, { subdomain: 'api' })
    const outer = new Blueprint('outer')
    const inner = new Blueprint('inner', { subdomain: 'api' })
    inner.get('/', function index() {
      return 'inner'
    })
    outer.registerBlueprint(inner)
    app.registerBlueprint(outer, { subdomain: 'parent' })
    const served = await serve(app)
    await expectBody(await served.fetch('/child/', at('api.example.test')), 200, 'child')
    await expectBody(await served.fetch('/', at('api.parent.example.test')), 200, 'inner')
    const missing = await served.fetch('/', at('parent.example.test'))
    expect(missing.status).toBe(404)
    await missing.body?.cancel()
    expect(app.urlFor('outer.inner.index')).toBe('http://api.parent.example.test/')
  })
})

describe('subdomains', () => {
  it('reads the Host header itself without a proxy', async () => {
    const app = new App({ serverName: 'example.test' })
    app.get('/', { subdomain: '<user>' }, (req) => `hi ${req.params.user}`)
    const res = await app.request('http://grace.example.test/')
    expect(await res.text()).toBe('hi grace')
  })

  it('answers a request without a Host (HTTP/1.0) or with a malformed one from the plain rules', async () => {
    const app = new App({ serverName: 'example.test' })
    app.get('/', () => 'plain')
    app.get('/', { subdomain: 'api', endpoint: 'api' }, () => 'api')
    app.get('/url', (req) => req.url)
    const { port } = await start(app)
    const bare = parseRaw(await rawRequest(port, 'GET / HTTP/1.0\r\n\r\n'))
    expect([bare.status, bare.body]).toEqual([200, 'plain'])
    const malformed = parseRaw(
      await rawRequest(port, 'GET / HTTP/1.1\r\nHost: a b<c>\r\nConnection: close\r\n\r\n'),
    )
    expect([malformed.status, malformed.body]).toEqual([200, 'plain'])
    // The view that needs the host still gets the 400, and the server keeps serving.
    const url = parseRaw(await rawRequest(port, 'GET /url HTTP/1.0\r\n\r\n'))
    expect(url.status).toBe(400)
    expect(url.body).toContain('Host header is missing or malformed')
    const api = parseRaw(
      await rawRequest(port, 'GET / HTTP/1.1\r\nHost: api.example.test\r\nConnection: close\r\n\r\n'),
    )
    expect([api.status, api.body]).toEqual([200, 'api'])
  })

  it('refuses a subdomain without serverName, with a slash, or sharing a name with the path', () => {
    expect(() => new App().get('/', { subdomain: 'api' }, () => 'x')).toThrow(
      `route "/": subdomain "api" needs the serverName option first, such as new App({ serverName: 'example.com' })`,
    )
    const app = new App({ serverName: 'example.test' })
    expect(() => app.get('/', { subdomain: 'a/b' }, () => 'x')).toThrow(PhialError)
    expect(() => app.get('/u/<user>', { subdomain: '<user>' }, () => 'x')).toThrow(
      'route "/u/<user>": subdomain "<user>" and the path both capture "user"',
    )
  })
})
