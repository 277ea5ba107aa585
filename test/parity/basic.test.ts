// Flask's tests/test_basic.py: routing, methods, HEAD/OPTIONS/405 and the setup seal, translated to
// phial and run through every gateway. Request hooks are in basic-hooks.test.ts; error handlers and
// response conversion in basic-responses.test.ts.
import { App, Blueprint, PhialError, type PhialRequest } from 'phial'
import { describe, expect, it } from 'vitest'
import { gateways } from '../_gateways.ts'
import { allowOf, expectBody, HTML, useGateway } from './_parity.ts'

const METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const

describe.each(gateways)('test_basic through $name', (gateway) => {
  const serve = useGateway(gateway)

  describe('routing and methods', () => {
    it('answers OPTIONS with 200, the sorted Allow of the rule and no body (test_options_work)', async () => {
      const app = new App()
      app.route('/', { methods: ['GET', 'POST'] }, () => 'Hello World')
      const served = await serve(app)
      const res = await served.fetch('/', { method: 'OPTIONS' })
      expect(res.status).toBe(200)
      expect(allowOf(res)).toEqual(['GET', 'HEAD', 'OPTIONS', 'POST'])
      expect(await res.text()).toBe('')
    })

    it('merges the methods of every rule on the path into Allow (test_options_on_multiple_rules)', async () => {
      const app = new App()
      app.route('/', { methods: ['GET', 'POST'] }, () => 'Hello World')
      app.put('/', () => 'Aha!')
      const served = await serve(app)
      const res = await served.fetch('/', { method: 'OPTIONS' })
      expect(res.status).toBe(200)
      expect(allowOf(res)).toEqual(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'])
      await expectBody(await served.fetch('/', { method: 'PUT' }), 200, 'Aha!')
    })

    it.each(METHODS)('registers app.%s() for that method only (test_method_route)', async (method) => {
      const app = new App()
      app[method]('/', () => method)
      const served = await serve(app)
      await expectBody(await served.fetch('/', { method: method.toUpperCase() }), 200, method)
      const other = method === 'post' ? 'PUT' : 'POST'
      const res = await served.fetch('/', { method: other })
      expect(res.status).toBe(405)
      expect(allowOf(res)).toContain(method.toUpperCase())
      await res.body?.cancel()
    })

    it('refuses methods: on a single-method shortcut such as app.get (test_method_route_no_methods)', async () => {
      const app = new App()
      // Flask raises TypeError: app.get('/', methods=['POST']) cannot mean anything sensible.
      expect(() => app.get('/', { methods: ['POST'] }, () => 'x')).toThrow(PhialError)
      const served = await serve(app)
      expect((await served.fetch('/', { method: 'POST' })).status).toBe(404)
    })

    it('dispatches by method, answers HEAD from GET and 405 with Allow otherwise (test_request_dispatching)', async () => {
      const app = new App()
      app.get('/', (req) => req.method)
      app.route('/more', { methods: ['GET', 'POST'] }, (req) => req.method)
      const served = await serve(app)
      await expectBody(await served.fetch('/'), 200, 'GET')
      const post = await served.fetch('/', { method: 'POST' })
      expect(post.status).toBe(405)
      expect(allowOf(post)).toEqual(['GET', 'HEAD', 'OPTIONS'])
      await post.body?.cancel()
      const head = await served.fetch('/', { method: 'HEAD' })
      expect(head.status).toBe(200)
      expect(head.headers.get('content-type')).toBe(HTML)
      expect(await head.text()).toBe('')
      await expectBody(await served.fetch('/more', { method: 'POST' }), 200, 'POST')
      await expectBody(await served.fetch('/more'), 200, 'GET')
      const del = await served.fetch('/more', { method: 'DELETE' })
      expect(del.status).toBe(405)
      expect(allowOf(del)).toEqual(['GET', 'HEAD', 'OPTIONS', 'POST'])
      expect(await del.text()).toContain('Method Not Allowed')
    })

    it('refuses a string of methods with a PhialError naming the fix (test_disallow_string_for_allowed_methods)', async () => {
      const app = new App()
      // Flask: TypeError "Allowed methods must be a list of strings". The types refuse it too.
      expect(() =>
        // @ts-expect-error: methods is a list
        app.route('/', { methods: 'GET POST' }, () => 'x'),
      ).toThrow(PhialError)
      expect(() =>
        // @ts-expect-error: methods is a list
        app.route('/', { methods: 'GET POST' }, () => 'x'),
      ).toThrow(/methods/)
      const served = await serve(app)
      expect((await served.fetch('/')).status).toBe(404)
    })

    it('maps rules to endpoints with addRoute; an explicit OPTIONS route, even lower-case, wins (test_url_mapping)', async () => {
      const app = new App()
      const uuid = '7eb41166-9ebf-4d26-b771-ea3f54f8b383'
      app.addRoute('/', ['GET'], (req) => req.method, { endpoint: 'index' })
      app.addRoute('/more', ['GET', 'POST'], (req) => req.method, { endpoint: 'more' })
      app.addRoute('/options', ['options'], () => uuid, { endpoint: 'options' })
      const served = await serve(app)
      await expectBody(await served.fetch('/'), 200, 'GET')
      const post = await served.fetch('/', { method: 'POST' })
      expect(post.status).toBe(405)
      expect(allowOf(post)).toEqual(['GET', 'HEAD', 'OPTIONS'])
      await post.body?.cancel()
      await expectBody(await served.fetch('/more', { method: 'POST' }), 200, 'POST')
      await expectBody(await served.fetch('/options', { method: 'OPTIONS' }), 200, uuid)
      expect(app.urlFor('more')).toBe('/more')
    })

    it('routes endpoints under a shared prefix like a Werkzeug Submount (test_werkzeug_routing, test_endpoint_decorator)', async () => {
      const app = new App()
      const foo = new Blueprint('foo', { urlPrefix: '/foo' })
      foo.get('/bar', { endpoint: 'bar' }, (req) => `${req.endpoint} ${req.path}`)
      foo.get('/', { endpoint: 'index' }, (req) => `${req.endpoint} ${req.path}`)
      app.registerBlueprint(foo)
      const served = await serve(app)
      await expectBody(await served.fetch('/foo/'), 200, 'foo.index /foo/')
      await expectBody(await served.fetch('/foo/bar'), 200, 'foo.bar /foo/bar')
      expect((await served.fetch('/bar')).status).toBe(404)
    })

    it('names endpoints after the function or endpoint:, in call and decorator form (test_route_decorator_custom_endpoint)', async () => {
      const app = new App()
      app.get('/foo/', function foo(req) {
        return req.endpoint ?? ''
      })
      app.get('/bar/', { endpoint: 'bar' }, function forBar(req) {
        return req.endpoint ?? ''
      })
      app.get('/bar/123', { endpoint: '123' }, function forBarFoo(req) {
        return req.endpoint ?? ''
      })
      class Pages {
        @app.get('/about')
        static about(req: PhialRequest) {
          return req.endpoint ?? ''
        }
        @app.get('/contact', { endpoint: 'reach' })
        static contact(req: PhialRequest) {
          return req.endpoint ?? ''
        }
      }
      void Pages
      const served = await serve(app)
      expect([app.urlFor('foo'), app.urlFor('bar'), app.urlFor('123'), app.urlFor('reach')]).toEqual([
        '/foo/',
        '/bar/',
        '/bar/123',
        '/contact',
      ])
      await expectBody(await served.fetch('/foo/'), 200, 'foo')
      await expectBody(await served.fetch('/bar/'), 200, 'bar')
      await expectBody(await served.fetch('/bar/123'), 200, '123')
      await expectBody(await served.fetch('/about'), 200, 'about')
      await expectBody(await served.fetch('/contact'), 200, 'reach')
    })

    it('serves one function on two rules under one endpoint (test_multi_route_rules)', async () => {
      const app = new App()
      const index = (req: PhialRequest) => String(req.params.test ?? 'a')
      app.get('/', index)
      app.get('/<test>/', index)
      const served = await serve(app)
      await expectBody(await served.fetch('/'), 200, 'a')
      await expectBody(await served.fetch('/b/'), 200, 'b')
    })

    it('stacks two decorators on one instance method (test_multi_route_class_views)', async () => {
      const app = new App()
      class Views {
        readonly fallback = 'a'
        @app.get('/', { endpoint: 'index' })
        @app.get('/<test>/', { endpoint: 'index' })
        index(req: PhialRequest) {
          return String(req.params.test ?? this.fallback)
        }
      }
      new Views()
      const served = await serve(app)
      await expectBody(await served.fetch('/'), 200, 'a')
      await expectBody(await served.fetch('/b/'), 200, 'b')
    })

    it('routes a non-ASCII path, percent-encoded on the wire (test_nonascii_pathinfo)', async () => {
      const app = new App()
      app.get('/киртест', () => 'Hello World!')
      const served = await serve(app)
      await expectBody(await served.fetch(`/${encodeURIComponent('киртест')}`), 200, 'Hello World!')
    })

    it('redirects a POST without the trailing slash with 308, keeping the method (test_routing_redirect_debugging)', async () => {
      const app = new App()
      app.post('/foo/', () => 'success')
      const served = await serve(app)
      const res = await served.fetch('/foo', { method: 'POST', body: 'x', redirect: 'manual' })
      expect(res.status).toBe(308)
      expect(res.headers.get('location')).toBe(`${served.prefix}/foo/`)
      await res.body?.cancel()
      await expectBody(await served.fetch('/foo/', { method: 'POST', body: 'x' }), 200, 'success')
    })
  })

  describe('setup is sealed at the first request', () => {
    it('refuses a route registered after the first request (test_no_setup_after_first_request)', async () => {
      const app = new App()
      app.get('/', () => 'Awesome')
      const served = await serve(app)
      await expectBody(await served.fetch('/'), 200, 'Awesome')
      expect(() => app.get('/foo', () => 'late')).toThrow(PhialError)
      const bp = new Blueprint('late')
      bp.get('/bp', () => 'late')
      expect(() => app.registerBlueprint(bp)).toThrow(PhialError)
      expect((await served.fetch('/foo')).status).toBe(404)
    })

    it('refuses a hook registered after the first request instead of ignoring it (test_no_setup_after_first_request, Flask _check_setup_finished)', async () => {
      const app = new App()
      app.get('/', () => 'Awesome')
      const served = await serve(app)
      await expectBody(await served.fetch('/'), 200, 'Awesome')
      expect(() => app.beforeRequest(() => 'late hook')).toThrow(PhialError)
      expect(() => app.errorHandler(404, () => 'late handler')).toThrow(PhialError)
      await expectBody(await served.fetch('/'), 200, 'Awesome')
    })
  })
})
