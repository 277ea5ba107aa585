import { App } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'

// Checked against Werkzeug 3.1.8 / Flask 3.1.3: at the end of the path, `MapAdapter.match` tries the
// rules there, then a rule one '/' further that has the method (strict slashes: a 308 that ends the
// search); the methods of rules that lack it make the 405's `Allow`, the slash rule's do not.
function createApp(): App {
  const app = new App()
  app.get('/items/', function list() {
    return 'list'
  })
  app.post('/items', function create() {
    return 'create'
  })
  app.get('/dir/', function dir() {
    return 'dir'
  })
  app.get('/quiet/', { provideAutomaticOptions: false }, function quiet() {
    return 'quiet'
  })
  app.get('/p/pages/', function pages() {
    return 'pages'
  })
  app.get('/p/<name>', function page(req) {
    return `page ${req.params.name}`
  })
  app.get('/files/<path:p>/', function folder(req) {
    return `folder ${req.params.p}`
  })
  return app
}

describe.each(gateways)('the slash redirect and 405 through $name', (gateway) => {
  let served: Served
  beforeAll(async () => {
    served = await gateway.serve(createApp())
  })
  afterAll(() => served.close())

  const send = (path: string, method = 'GET') => served.fetch(path, { method, redirect: 'manual' })

  async function expectRedirect(res: Response, location: string): Promise<void> {
    expect(res.status).toBe(308)
    expect(res.headers.get('location')).toBe(`${served.prefix}${location}`)
    expect(res.headers.get('allow')).toBeNull()
    expect(await res.text()).toBe('')
  }

  it('redirects GET and HEAD /items to /items/ although POST /items exists', async () => {
    await expectRedirect(await send('/items?x=1'), '/items/?x=1')
    await expectRedirect(await send('/items', 'HEAD'), '/items/')
    const list = await send('/items/')
    expect([list.status, await list.text()]).toEqual([200, 'list'])
  })

  it('answers POST /items with its own route', async () => {
    const res = await send('/items', 'POST')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await res.text()).toBe('create')
  })

  it('answers a method neither rule has with 405 and the Allow of /items, not of /items/', async () => {
    for (const method of ['PUT', 'DELETE']) {
      const res = await send('/items', method)
      expect(res.status, method).toBe(405)
      expect(res.headers.get('allow'), method).toBe('POST, OPTIONS')
      expect(await res.text()).toContain('Method Not Allowed')
    }
  })

  it('answers OPTIONS /items automatically, for the rule /items itself', async () => {
    const res = await send('/items', 'OPTIONS')
    expect(res.status).toBe(200)
    expect(res.headers.get('allow')).toBe('POST, OPTIONS')
    expect(res.headers.get('location')).toBeNull()
    expect(await res.text()).toBe('')
  })

  it('answers POST /dir with 404 when /dir/ is GET only, and redirects the methods /dir/ has', async () => {
    const res = await send('/dir', 'POST')
    expect(res.status).toBe(404)
    expect(res.headers.get('location')).toBeNull()
    expect(await res.text()).toContain('Not Found')
    await expectRedirect(await send('/dir'), '/dir/')
    await expectRedirect(await send('/dir', 'OPTIONS'), '/dir/')
  })

  it('does not redirect OPTIONS to a rule without automatic OPTIONS', async () => {
    const res = await send('/quiet', 'OPTIONS')
    expect(res.status).toBe(404)
    expect(res.headers.get('location')).toBeNull()
    await res.body?.cancel()
    await expectRedirect(await send('/quiet'), '/quiet/')
  })

  it('redirects /p/pages to /p/pages/ before /p/<name> matches it, and lets /p/<name> take others', async () => {
    await expectRedirect(await send('/p/pages'), '/p/pages/')
    const res = await send('/p/other')
    expect([res.status, await res.text()]).toEqual([200, 'page other'])
    const post = await send('/p/pages', 'POST')
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD, OPTIONS'])
    await post.body?.cancel()
  })

  it('redirects through a wildcard rule ending in / for its methods only', async () => {
    await expectRedirect(await send('/files/a/b'), '/files/a/b/')
    const res = await send('/files/a/b', 'POST')
    expect(res.status).toBe(404)
    await res.body?.cancel()
    const hit = await send('/files/a/b/')
    expect([hit.status, await hit.text()]).toEqual([200, 'folder a/b'])
  })
})
