import { App, Blueprint } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'

function createApp(): App {
  const app = new App()
  app.get('/', () => 'home')
  app.get('/users/:id', (req) => ({ id: req.params.id }))
  app.get('/users/new', () => 'new user form')
  app.delete('/users/:id', (req) => ({ deleted: req.params.id }))
  app.get('/posts/<int:id>', (req) => ({ id: req.params.id, type: typeof req.params.id }))
  app.get('/posts/<slug>', (req) => ({ slug: req.params.slug }))
  app.get('/prices/<float:x>', (req) => ({ x: req.params.x }))
  app.get('/only-int/<int:n>', (req) => ({ n: req.params.n }))
  app.get('/files/*path', (req) => ({ path: req.params.path }))
  app.get('/docs{/:section}', (req) => ({ section: req.params.section ?? null }))
  app.get('/folder/', () => 'folder index')
  app.get('/both', () => 'both-get')
  app.post('/both', () => 'both-post')
  app.head('/explicit-head', () => new Response(null, { headers: { 'x-head': 'explicit' } }))
  app.get('/explicit-head', () => 'get body')
  app.options('/explicit-options', () => new Response('custom options', { headers: { allow: 'GET' } }))
  app.get('/explicit-options', () => 'x')
  app.route('/items', { methods: ['GET', 'POST'], endpoint: 'items' }, (req) => `items via ${req.method}`)
  app.all('/anything', (req) => `any ${req.method}`)
  app.get('/encoded/:name', (req) => ({ name: req.params.name, path: req.path }))
  app.get('/a/b', () => 'slash path')
  const bp = new Blueprint('admin', { urlPrefix: '/admin' })
  bp.get('/', function index() {
    return 'admin home'
  })
  app.registerBlueprint(bp)
  return app
}

describe.each(gateways)('routing through $name', (gateway) => {
  let served: Served
  beforeAll(async () => {
    served = await gateway.serve(createApp())
  })
  afterAll(() => served.close())

  const get = (path: string, init?: RequestInit) => served.fetch(path, init)

  it('answers a static route with HTML', async () => {
    const res = await get('/')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await res.text()).toBe('home')
  })

  it('passes path params and answers objects as JSON', async () => {
    const res = await get('/users/42')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(await res.json()).toEqual({ id: '42' })
  })

  it('prefers a static segment over a parameter registered before it', async () => {
    expect(await (await get('/users/new')).text()).toBe('new user form')
  })

  it('finds another route for the method when the static one lacks it (Werkzeug)', async () => {
    const res = await get('/users/new', { method: 'DELETE' })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ deleted: 'new' })
  })

  it('converts <int:id> to a number and falls through to the next route when it refuses', async () => {
    expect(await (await get('/posts/7')).json()).toEqual({ id: 7, type: 'number' })
    expect(await (await get('/posts/hello')).json()).toEqual({ slug: 'hello' })
  })

  it('answers 404, never 400 or 500, when a converter refuses and nothing else matches', async () => {
    for (const path of ['/only-int/abc', '/only-int/1.5', '/only-int/-1', '/prices/abc']) {
      const res = await get(path)
      expect(res.status, path).toBe(404)
      await res.body?.cancel()
    }
    expect(await (await get('/prices/2.5')).json()).toEqual({ x: 2.5 })
  })

  it('matches a wildcard as the rest of the path', async () => {
    expect(await (await get('/files/a/b/c.txt')).json()).toEqual({ path: 'a/b/c.txt' })
    expect((await get('/files/')).status).toBe(404)
  })

  it('matches an optional group with and without it', async () => {
    expect(await (await get('/docs')).json()).toEqual({ section: null })
    expect(await (await get('/docs/intro')).json()).toEqual({ section: 'intro' })
  })

  it('answers HEAD from the GET route with its headers and Content-Length but no body', async () => {
    const res = await get('/', { method: 'HEAD' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-length')).toBe('4')
    expect(await res.text()).toBe('')
  })

  it('lets an explicit HEAD route win over the automatic one', async () => {
    const res = await get('/explicit-head', { method: 'HEAD' })
    expect(res.headers.get('x-head')).toBe('explicit')
  })

  it('answers OPTIONS automatically with Allow', async () => {
    const res = await get('/both', { method: 'OPTIONS' })
    expect(res.status).toBe(200)
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS')
    expect(await res.text()).toBe('')
  })

  it('lets an explicit OPTIONS route win', async () => {
    const res = await get('/explicit-options', { method: 'OPTIONS' })
    expect(await res.text()).toBe('custom options')
  })

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const res = await get('/both', { method: 'PUT' })
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS')
    expect(await res.text()).toContain('Method Not Allowed')
  })

  it('answers an unknown path with 404 and a safe HTML page', async () => {
    const res = await get('/nope/<script>')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'")
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await res.text()).not.toContain('<script>')
  })

  it('answers 404 as JSON to a client that prefers JSON', async () => {
    const res = await get('/nope', { headers: { accept: 'application/json' } })
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(await res.json()).toMatchObject({ status: 404, error: 'Not Found' })
  })

  it('redirects a rule ending in / with 308, keeping the query string and the mount prefix', async () => {
    const res = await get('/folder?x=1&y=2', { redirect: 'manual' })
    expect(res.status).toBe(308)
    expect(res.headers.get('location')).toBe(`${served.prefix}/folder/?x=1&y=2`)
    expect(await (await get('/folder/')).text()).toBe('folder index')
  })

  it('registers several methods with route() and every method with all()', async () => {
    expect(await (await get('/items', { method: 'POST' })).text()).toBe('items via POST')
    expect(await (await get('/anything', { method: 'PATCH' })).text()).toBe('any PATCH')
  })

  it('decodes percent-encoding once, so routing and params see one canonical path', async () => {
    const res = await get('/encoded/caf%C3%A9%20au%20lait')
    expect(await res.json()).toEqual({ name: 'café au lait', path: '/encoded/café au lait' })
    // Like WSGI, %2F is a slash for routing.
    expect(await (await get('/a%2Fb')).text()).toBe('slash path')
  })

  it('answers malformed percent-encoding with 400', async () => {
    for (const path of ['/encoded/%zz', '/encoded/%E0%A4%A', '/%']) {
      const res = await get(path)
      expect(res.status, path).toBe(400)
      expect(await res.text()).toContain('percent-encoding')
    }
  })

  it('serves blueprint routes under their prefix', async () => {
    expect(await (await get('/admin/')).text()).toBe('admin home')
  })

  it('is case-sensitive, as Flask is', async () => {
    expect((await get('/USERS/1')).status).toBe(404)
  })
})
