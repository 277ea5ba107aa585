import { join } from 'node:path'
import { App, Blueprint, html } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTemplates, TemplateNotFound, type Templates } from '../../src/eta.ts'
import { gateways, type Served } from '../_gateways.ts'

const fixtures = join(import.meta.dirname, '_fixtures')
const SECRET = 'TOP SECRET'

function createApp(): { app: App; templates: Templates } {
  const app = new App()
  const templates = createTemplates({
    root: fixtures,
    blueprints: { admin: 'admin/templates' },
    globals: { site: 'phial', source: 'global' },
  })
  templates.contextProcessor((req) => ({ user: req.header('x-user') ?? 'anonymous', source: 'processor' }))
  templates.contextProcessor(() => ({ area: 'admin area' }), { blueprint: 'admin' })
  app.beforeRequest((req) => {
    req.state.mark = 'g-value'
  })
  app.errorHandler(TemplateNotFound, (error: TemplateNotFound) =>
    html(`no template ${JSON.stringify(error.template)}`, 404),
  )
  app.get('/hello', (req) => templates.render(req, 'hello.eta', { name: req.query.get('name') ?? 'World' }))
  app.get('/raw', (req) => templates.render(req, 'hello', { name: 'x', trusted: '<b>bold</b>' }))
  app.get('/page', (req) =>
    templates.render(req, 'page.eta', { title: 'Fish & <Chips>', items: ['a<b', 'c'] }),
  )
  app.get('/created', (req) =>
    templates.render(req, 'hello.eta', { name: 'new' }, { status: 201, headers: { 'x-made': 'yes' } }),
  )
  app.get('/context', (req) => {
    const source = req.query.get('source')
    return templates.render(req, 'context.eta', source === null ? {} : { source })
  })
  app.get('/posts/<int:id>', function post(req) {
    return { id: req.params.id }
  })
  app.get('/shared', (req) => templates.render(req, 'shared.eta'))
  app.get('/page/<path:name>', (req) => templates.render(req, req.params.name, { name: 'x' }))
  app.get('/by-header', (req) => templates.render(req, req.header('x-name') ?? '', { name: 'x' }))
  app.get('/string', (req) =>
    templates.renderString(req, '<%= it.a %>|<%~ include("partials/item.eta", { item: it.a }) %>', {
      a: '<i>',
    }),
  )
  const admin = new Blueprint('admin', { urlPrefix: '/admin' })
  admin.get('/', function dash(req) {
    return templates.render(req, 'admin/dash.eta', { name: 'root' })
  })
  app.registerBlueprint(admin)
  return { app, templates }
}

describe.each(gateways)('templates through $name', (gateway) => {
  let served: Served
  beforeAll(async () => {
    served = await gateway.serve(createApp().app)
  })
  afterAll(() => served.close())

  const get = (path: string, init?: RequestInit) => served.fetch(path, init)

  it('renders a template into an HTML response', async () => {
    const res = await get('/hello?name=Ada')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await res.text()).toBe('Hello, Ada! ')
  })

  it('escapes <%= %> and leaves <%~ %> raw', async () => {
    const res = await get(`/hello?name=${encodeURIComponent(`<script>alert("x")</script>&'`)}`)
    expect(await res.text()).toBe('Hello, &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;! ')
    expect(await (await get('/raw')).text()).toBe('Hello, x! <b>bold</b>')
  })

  it('renders a layout around a page that includes a partial', async () => {
    const body = await (await get('/page')).text()
    expect(body).toBe(
      '<!doctype html>\n<title>Fish &amp; &lt;Chips&gt;</title>\n' +
        '<main><h1>Fish &amp; &lt;Chips&gt;</h1>\n<ul>\n<li>a&lt;b</li>\n<li>c</li>\n</ul>\n</main>\n',
    )
  })

  it('takes a status and headers', async () => {
    const res = await get('/created')
    expect(res.status).toBe(201)
    expect(res.headers.get('x-made')).toBe('yes')
    expect(await res.text()).toBe('Hello, new! ')
  })

  it('gives templates req, state, urlFor with the mount prefix, globals and context processors', async () => {
    const res = await get('/context', { headers: { 'x-user': 'ada' } })
    expect(await res.text()).toBe(
      `user=ada site=phial path=/context url=${served.prefix}/posts/7 g=g-value from=processor`,
    )
    // The caller's values win over context processors, which win over globals (Flask's order).
    expect(await (await get('/context?source=caller')).text()).toContain('from=caller')
  })

  it('finds a blueprint template in its folder, and lets the app folder override a blueprint', async () => {
    expect(await (await get('/admin/')).text()).toBe('admin dashboard for root (admin area)\n')
    expect(await (await get('/shared')).text()).toBe('app version of shared\n')
  })

  it('runs a blueprint context processor only for that blueprint', async () => {
    expect(await (await get('/page/admin/dash.eta')).text()).toBe('admin dashboard for x (no area)\n')
  })

  it('renders a string that includes a template', async () => {
    expect(await (await get('/string')).text()).toBe('&lt;i&gt;|<li>&lt;i&gt;</li>\n')
  })

  it.each([
    '..%2fsecret.eta',
    '%2e%2e%2fsecret.eta',
    '%252e%252e%252fsecret.eta',
    'partials%2f..%2f..%2fsecret.eta',
    '..%5csecret.eta',
    `${encodeURIComponent(join(fixtures, 'secret.eta'))}`,
    '%2f..%2fsecret.eta',
    'hello.eta%00',
    '@hello',
    'C:%5csecret.eta',
  ])('refuses a template name that leaves the folder: /page/%s', async (name) => {
    const res = await get(`/page/${name}`)
    expect(res.status).toBe(404)
    const body = await res.text()
    expect(body).toMatch(/^no template /)
    expect(body).not.toContain(SECRET)
  })

  it.each([
    '../secret.eta',
    '../secret',
    'partials/../../secret.eta',
    './../secret.eta',
    '..\\secret.eta',
    join(fixtures, 'secret.eta'),
    '/secret.eta',
    'C:\\secret.eta',
    '',
    '.',
  ])('refuses a template name that leaves the folder: %j', async (name) => {
    const res = await get('/by-header', { headers: { 'x-name': name } })
    expect(res.status).toBe(404)
    expect(await res.text()).not.toContain(SECRET)
  })
})

describe('templates.contextProcessor misused', () => {
  it('refuses what a legacy decorator passes (a prototype or a class, and a key) when it is called', async () => {
    const templates = createTemplates({ templates: { 'page.eta': '<p><%= it.user %></p>' } })
    class Pages {
      static user() {
        return { user: 'ada' }
      }
    }
    const message =
      'templates.contextProcessor(fn, options?) takes a function and an options object; as a decorator it needs TC39 decorators, not "experimentalDecorators"'
    const legacy = templates.contextProcessor as (target: unknown, key: string) => unknown
    expect(() => legacy(Pages.prototype, 'user')).toThrow(message) // an instance method
    expect(() => legacy(Pages, 'user')).toThrow(message) // a static one: the class, a function
    // Nothing was registered: a page still renders with its own values.
    const app = new App()
    app.get('/', (req) => templates.render(req, 'page.eta', { user: 'from the view' }))
    const res = await app.request('/')
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('<p>from the view</p>')
  })
})
