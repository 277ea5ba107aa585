// Flask's url_for tests: tests/test_helpers.py (TestUrlFor), the url_for parts of tests/test_basic.py
// and tests/test_appctx.py. Flask's url_for(…, _external, _anchor, _method, _scheme) is
// req.urlFor(endpoint, values, { external, anchor, method, scheme }) in phial.
import { App, MethodView, PhialError, type PhialRequest } from 'phial'
import { describe, expect, it } from 'vitest'
import { gateways } from '../_gateways.ts'
import { expectBody, hostOf, recordingLogger, useGateway } from './_parity.ts'

describe.each(gateways)('url_for through $name', (gateway) => {
  const serve = useGateway(gateway)

  it('builds a URL, percent-encoding values, relative or external (test_url_generation)', async () => {
    const app = new App()
    app.get('/hello/<name>', function hello(req) {
      return JSON.stringify([
        req.urlFor('hello', { name: 'test x' }),
        req.urlFor('hello', { name: 'test x' }, { external: true }),
      ])
    })
    const served = await serve(app)
    const res = await served.fetch('/hello/x')
    const base = `${served.prefix}/hello/test%20x`
    await expectBody(res, 200, JSON.stringify([base, `http://${hostOf(served)}${base}`]))
    expect(app.urlFor('hello', { name: 'test x' })).toBe('/hello/test%20x')
  })

  it('appends an encoded anchor (test_url_for_with_anchor)', async () => {
    const app = new App()
    app.get('/', function index(req) {
      return req.urlFor('index', {}, { anchor: 'x y' })
    })
    const served = await serve(app)
    await expectBody(await served.fetch('/'), 200, `${served.prefix}/#x%20y`)
  })

  it('builds an external URL with the scheme asked for (test_url_for_with_scheme)', async () => {
    const app = new App()
    app.get('/', function index(req) {
      return req.urlFor('index', {}, { external: true, scheme: 'https' })
    })
    const served = await serve(app)
    await expectBody(await served.fetch('/'), 200, `https://${hostOf(served)}${served.prefix}/`)
  })

  it('refuses a scheme without external: true (test_url_for_with_scheme_not_external)', async () => {
    const app = new App({ logger: recordingLogger() })
    app.get('/', function index(req) {
      try {
        return `built ${req.urlFor('index', {}, { scheme: 'https' })}`
      } catch (error) {
        return error instanceof PhialError ? 'PhialError' : 'other error'
      }
    })
    const served = await serve(app)
    // Flask raises ValueError: a scheme on a relative URL would silently be dropped.
    await expectBody(await served.fetch('/'), 200, 'PhialError')
  })

  it('refuses an int value that is not an integer, as int() does in Werkzeug', async () => {
    const app = new App({ logger: recordingLogger() })
    app.get('/post/<int:id>', function post(req) {
      const tried = [req.query.get('id') ?? '', 'abc']
      const built = tried.map((id) => {
        try {
          return req.urlFor('post', { id })
        } catch (error) {
          return error instanceof PhialError ? 'PhialError' : 'other error'
        }
      })
      return built.join(' ')
    })
    const served = await serve(app)
    await expectBody(await served.fetch('/post/1?id=7'), 200, `${served.prefix}/post/7 PhialError`)
  })

  it('switches schemes from one call to the next (test_url_for_with_alternating_schemes)', async () => {
    const app = new App()
    app.get('/', function index(req) {
      return [
        req.urlFor('index', {}, { external: true }),
        req.urlFor('index', {}, { external: true, scheme: 'https' }),
        req.urlFor('index', {}, { external: true }),
      ].join(' ')
    })
    const served = await serve(app)
    const host = `${hostOf(served)}${served.prefix}`
    await expectBody(await served.fetch('/'), 200, `http://${host}/ https://${host}/ http://${host}/`)
  })

  it('picks the rule for the method, and the rule that uses the values (test_url_with_method)', async () => {
    const app = new App()
    class MyView extends MethodView {
      get(req: PhialRequest) {
        return req.params.id === undefined ? 'List' : `Get ${String(req.params.id)}`
      }
      post() {
        return 'Create'
      }
    }
    const myview = MyView.asView('myview')
    app.route('/myview/', { methods: ['GET'] }, myview)
    app.route('/myview/<int:id>', { methods: ['GET'] }, myview)
    app.route('/myview/create', { methods: ['POST'] }, myview)
    app.get('/links', (req) =>
      [
        req.urlFor('myview', {}, { method: 'GET' }),
        req.urlFor('myview', { id: 42 }, { method: 'GET' }),
        req.urlFor('myview', {}, { method: 'POST' }),
      ].join(' '),
    )
    const served = await serve(app)
    const p = served.prefix
    // Werkzeug builds with the rule that uses the most values: id=42 gives /myview/42, not ?id=42.
    await expectBody(await served.fetch('/links'), 200, `${p}/myview/ ${p}/myview/42 ${p}/myview/create`)
    await expectBody(await served.fetch('/myview/42'), 200, 'Get 42')
    await expectBody(await served.fetch('/myview/create', { method: 'POST' }), 200, 'Create')
  })

  it('prefers the rule that uses the most values among rules of one endpoint (test_multi_route_rules, Werkzeug build order)', async () => {
    const app = new App()
    const index = (req: PhialRequest) => String(req.params.test ?? 'a')
    app.get('/', { endpoint: 'index' }, index)
    app.get('/<test>/', { endpoint: 'index' }, index)
    app.get('/links', (req) => `${req.urlFor('index')} ${req.urlFor('index', { test: 'b' })}`)
    const served = await serve(app)
    await expectBody(await served.fetch('/links'), 200, `${served.prefix}/ ${served.prefix}/b/`)
  })

  it('keeps values named like options as values (test_url_for_with_self)', async () => {
    const app = new App()
    app.get('/<self>', function index(req) {
      return req.urlFor('index', { self: '2', anchor: 'a', method: 'POST', external: 'yes' })
    })
    const served = await serve(app)
    await expectBody(await served.fetch('/1'), 200, `${served.prefix}/2?anchor=a&method=POST&external=yes`)
  })

  it('turns unused values into the query string, repeating list values (test_url_generation, Werkzeug build)', async () => {
    const app = new App()
    app.get('/search/<int:page>', function search(req) {
      return req.urlFor('search', { page: 2, q: 'a b', tag: ['x', 'y'], skip: undefined, none: null })
    })
    const served = await serve(app)
    await expectBody(await served.fetch('/search/1'), 200, `${served.prefix}/search/2?q=a+b&tag=x&tag=y`)
  })

  it('refuses an unknown endpoint with a PhialError naming it (test_build_error_handler)', async () => {
    const logger = recordingLogger()
    const app = new App({ logger })
    app.get('/', function index(req) {
      return req.urlFor('spam')
    })
    expect(() => app.urlFor('spam')).toThrow(PhialError)
    expect(() => app.urlFor('spam')).toThrow(/"spam"/)
    const served = await serve(app)
    const res = await served.fetch('/')
    expect(res.status).toBe(500)
    expect(await res.text()).not.toContain('spam')
    const logged = logger.errors.flat().find((item) => item instanceof PhialError)
    expect(String(logged)).toContain('"spam"')
  })

  it('refuses a missing value with a PhialError naming it (test_build_error_handler, BuildError)', async () => {
    const app = new App()
    app.get('/users/<int:id>', function user(req) {
      try {
        return req.urlFor('user')
      } catch (error) {
        return error instanceof PhialError ? error.message : 'other error'
      }
    })
    expect(() => app.urlFor('user')).toThrow(/missing value for "id"/)
    const served = await serve(app)
    const res = await served.fetch('/users/1')
    expect(res.status).toBe(200)
    expect(await res.text()).toMatch(/missing value for "id"/)
  })

  it('resolves ".name" to the app when the request has no blueprint (url_for relative endpoints)', async () => {
    const app = new App()
    app.get('/', function index(req) {
      return req.urlFor('.about')
    })
    app.get('/about', function about() {
      return 'about'
    })
    const served = await serve(app)
    await expectBody(await served.fetch('/'), 200, `${served.prefix}/about`)
  })

  it('moves a value into state and back out with app URL processors (test_url_processors)', async () => {
    const app = new App()
    app.urlDefaults((endpoint, values, req) => {
      // Werkzeug's is_endpoint_expecting(endpoint, 'lang_code'): only the rules with <lang_code>.
      const langCode = req?.state.langCode
      if (langCode !== undefined && endpoint !== 'somethingElse') values.lang_code ??= langCode
    })
    app.urlValuePreprocessor((_endpoint, params, req) => {
      req.state.langCode = params.lang_code
      delete params.lang_code
    })
    app.get('/<lang_code>/', function index(req) {
      return req.urlFor('about')
    })
    app.get('/<lang_code>/about', function about(req) {
      return req.urlFor('somethingElse')
    })
    app.get('/foo', function somethingElse(req) {
      return req.urlFor('about', { lang_code: 'en' })
    })
    const served = await serve(app)
    await expectBody(await served.fetch('/de/'), 200, `${served.prefix}/de/about`)
    await expectBody(await served.fetch('/de/about'), 200, `${served.prefix}/foo`)
    await expectBody(await served.fetch('/foo'), 200, `${served.prefix}/en/about`)
  })

  it('builds external URLs outside a request from serverName only (test_appctx: test_basic_url_generation, test_url_generation_requires_server_name)', async () => {
    const bare = new App()
    bare.get('/', function index() {
      return 'index'
    })
    expect(() => bare.urlFor('index', {}, { external: true })).toThrow(PhialError)
    // Unlike Flask, a relative URL needs no request: phial builds it from the rules alone.
    expect(bare.urlFor('index')).toBe('/')
    const app = new App({ serverName: 'example.test' })
    app.get('/', function index() {
      return app.urlFor('index', {}, { external: true, scheme: 'https' })
    })
    const served = await serve(app)
    await expectBody(await served.fetch('/'), 200, 'https://example.test/')
  })
})
