// Flask's route keywords `defaults=` (Werkzeug's tests/test_routing.py, test_defaults) and
// `provide_automatic_options=` (Flask's tests/test_basic.py, test_provide_automatic_options_*).
import { App, Blueprint, MethodView, PhialError, type PhialRequest } from 'phial'
import { describe, expect, it } from 'vitest'
import { gateways } from '../_gateways.ts'
import { allowOf, expectBody, useGateway } from './_parity.ts'

/** Werkzeug's test_defaults: `/foo/` holds page 1, `/foo/<int:page>` every other page. */
function pagedApp(): App {
  const app = new App()
  const foo = (req: PhialRequest) => ({ page: req.params.page })
  app.get('/foo/', { endpoint: 'foo', defaults: { page: 1 } }, foo)
  app.route('/foo/<int:page>', { endpoint: 'foo', methods: ['GET', 'POST'] }, foo)
  return app
}

describe.each(gateways)('route defaults through $name', (gateway) => {
  const serve = useGateway(gateway)

  it('gives the handler the defaults as params', async () => {
    const served = await serve(pagedApp())
    await expectBody(await served.fetch('/foo/'), 200, '{"page":1}', 'application/json')
    await expectBody(await served.fetch('/foo/2'), 200, '{"page":2}', 'application/json')
  })

  it('redirects the values of a default to its rule, keeping the query string (redirect_defaults)', async () => {
    const served = await serve(pagedApp())
    const res = await served.fetch('/foo/1?sort=new', { redirect: 'manual' })
    expect(res.status).toBe(308)
    expect(res.headers.get('location')).toBe(`${served.prefix}/foo/?sort=new`)
    expect(await res.text()).toBe('')
    const head = await served.fetch('/foo/1', { method: 'HEAD', redirect: 'manual' })
    expect([head.status, head.headers.get('location')]).toEqual([308, `${served.prefix}/foo/`])
  })

  it('does not redirect a method the default rule does not answer', async () => {
    const served = await serve(pagedApp())
    const res = await served.fetch('/foo/1', { method: 'POST', redirect: 'manual' })
    await expectBody(res, 200, '{"page":1}', 'application/json')
  })

  it('builds the default rule when the values equal its defaults', async () => {
    const app = pagedApp()
    app.get('/links', (req) => [
      req.urlFor('foo'),
      req.urlFor('foo', { page: 1 }),
      req.urlFor('foo', { page: 3 }),
    ])
    const served = await serve(app)
    const p = served.prefix
    await expectBody(
      await served.fetch('/links'),
      200,
      JSON.stringify([`${p}/foo/`, `${p}/foo/`, `${p}/foo/3`]),
      'application/json',
    )
  })

  it('works on a blueprint route, in decorator form', async () => {
    const app = new App()
    const docs = new Blueprint('docs', { urlPrefix: '/docs' })
    class Pages {
      @docs.get('/', { defaults: { lang: 'en' } })
      @docs.get('/<any(en, fr):lang>/')
      static page(req: PhialRequest) {
        return `${String(req.params.lang)} ${req.urlFor('.page', { lang: req.params.lang })}`
      }
    }
    void Pages
    app.registerBlueprint(docs)
    const served = await serve(app)
    await expectBody(await served.fetch('/docs/'), 200, `en ${served.prefix}/docs/`)
    await expectBody(await served.fetch('/docs/fr/'), 200, `fr ${served.prefix}/docs/fr/`)
    const res = await served.fetch('/docs/en/', { redirect: 'manual' })
    expect([res.status, res.headers.get('location')]).toEqual([308, `${served.prefix}/docs/`])
    await res.body?.cancel()
  })
})

describe.each(gateways)('provideAutomaticOptions through $name', (gateway) => {
  const serve = useGateway(gateway)

  it('turns automatic OPTIONS off for a route (test_provide_automatic_options_kwarg)', async () => {
    const app = new App()
    const method = (req: PhialRequest) => req.method
    app.route('/', { endpoint: 'index', provideAutomaticOptions: false }, method)
    app.route('/more', { endpoint: 'more', methods: ['GET', 'POST'], provideAutomaticOptions: false }, method)
    const served = await serve(app)
    await expectBody(await served.fetch('/'), 200, 'GET')
    const post = await served.fetch('/', { method: 'POST' })
    expect([post.status, allowOf(post)]).toEqual([405, ['GET', 'HEAD']])
    await post.body?.cancel()
    const options = await served.fetch('/', { method: 'OPTIONS' })
    expect([options.status, allowOf(options)]).toEqual([405, ['GET', 'HEAD']])
    await options.body?.cancel()
    const head = await served.fetch('/', { method: 'HEAD' })
    expect([head.status, await head.text()]).toEqual([200, ''])
    await expectBody(await served.fetch('/more', { method: 'POST' }), 200, 'POST')
    const del = await served.fetch('/more', { method: 'DELETE' })
    expect([del.status, allowOf(del)]).toEqual([405, ['GET', 'HEAD', 'POST']])
    await del.body?.cancel()
    const moreOptions = await served.fetch('/more', { method: 'OPTIONS' })
    expect(moreOptions.status).toBe(405)
    await moreOptions.body?.cancel()
  })

  it('reads it from a view class (test_provide_automatic_options_attr)', async () => {
    const app = new App()
    class Index extends MethodView {
      static override readonly provideAutomaticOptions = false
      get() {
        return 'index'
      }
    }
    class WithOptions extends MethodView {
      static override readonly provideAutomaticOptions = false
      get() {
        return 'more'
      }
      options() {
        return 'its own options'
      }
    }
    app.route('/', Index.asView('index'))
    app.route('/more', WithOptions.asView('more'))
    const served = await serve(app)
    const options = await served.fetch('/', { method: 'OPTIONS' })
    expect(options.status).toBe(405)
    await options.body?.cancel()
    await expectBody(await served.fetch('/more', { method: 'OPTIONS' }), 200, 'its own options')
  })

  it('answers OPTIONS when another rule of the path still provides it', async () => {
    const app = new App()
    app.get('/x', { provideAutomaticOptions: false }, function read() {
      return 'read'
    })
    app.post('/x', function write() {
      return 'write'
    })
    const served = await serve(app)
    const options = await served.fetch('/x', { method: 'OPTIONS' })
    expect([options.status, allowOf(options)]).toEqual([200, ['GET', 'HEAD', 'OPTIONS', 'POST']])
    await options.body?.cancel()
  })
})

describe('route defaults, refused at registration', () => {
  it('names a default the path captures', () => {
    const app = new App()
    expect(() => app.get('/users/<int:page>', { defaults: { page: 1 } }, () => 'x')).toThrow(PhialError)
    expect(() => app.get('/u/:id{/:tab}', { defaults: { tab: 'a' } }, () => 'x')).toThrow(
      'route "/u/:id{/:tab}": defaults name "tab", which the path captures; give defaults only for values the path does not hold',
    )
  })

  it('refuses defaults that are not an object', () => {
    const app = new App()
    const defaults = [1] as unknown as Record<string, unknown>
    expect(() => app.get('/x', { defaults }, () => 'x')).toThrow('defaults must be an object of values')
  })
})
