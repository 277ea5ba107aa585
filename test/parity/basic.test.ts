// Flask's tests/test_basic.py: routing, methods, HEAD/OPTIONS/405, request hooks, error handlers,
// response conversion and the setup seal, translated to phial and run through every gateway.
import {
  App,
  abort,
  Blueprint,
  Forbidden,
  json,
  makeResponse,
  PhialError,
  type PhialRequest,
  PhialResponse,
  redirect,
} from 'phial'
import { describe, expect, it } from 'vitest'
import { gateways } from '../_gateways.ts'
import { allowOf, expectBody, HTML, recordingLogger, useGateway } from './_parity.ts'

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

  describe('request hooks', () => {
    it('runs before-request hooks for unmatched URLs, so a 404 handler sees their state (test_before_request_and_routing_errors)', async () => {
      const app = new App()
      app.beforeRequest((req) => {
        req.state.something = 'value'
      })
      app.errorHandler(404, (_e, req) => String(req.state.something))
      const served = await serve(app)
      // phial: a bare body from an error handler keeps the error's status; Flask needs `, 404`.
      await expectBody(await served.fetch('/'), 404, 'value')
    })

    it('runs before hooks, then the view, then after hooks that may change the body (test_request_processing)', async () => {
      const app = new App()
      const evts: string[] = []
      app.beforeRequest(() => {
        evts.push('before')
      })
      app.afterRequest((res) => {
        res.body = `${String(res.body)}|after`
        evts.push('after')
        return res
      })
      app.get('/', () => {
        evts.push(`index saw ${evts.join(',')}`)
        return 'request'
      })
      const served = await serve(app)
      expect(evts).toEqual([])
      await expectBody(await served.fetch('/'), 200, 'request|after')
      expect(evts).toEqual(['before', 'index saw before', 'after'])
    })

    it('answers with the first before hook that returns a value; later hooks and the view do not run (test_request_preprocessing_early_return)', async () => {
      const app = new App()
      const evts: Array<number | string> = []
      app.beforeRequest(() => {
        evts.push(1)
      })
      app.beforeRequest(() => {
        evts.push(2)
        return 'hello'
      })
      app.beforeRequest(() => {
        evts.push(3)
        return 'bye'
      })
      app.get('/', () => {
        evts.push('index')
        return 'damnit'
      })
      const served = await serve(app)
      await expectBody(await served.fetch('/'), 200, 'hello')
      expect(evts).toEqual([1, 2])
    })

    it('lets an after hook add a header the view asked for (test_after_request_processing)', async () => {
      const app = new App()
      // phial has no after_this_request: the view leaves a note in req.state for an afterRequest hook.
      app.afterRequest((res, req) => {
        const header = req.state.xFoo
        if (typeof header === 'string') res.headers.set('x-foo', header)
      })
      app.get('/', (req) => {
        req.state.xFoo = 'a header'
        return 'Test'
      })
      const served = await serve(app)
      const res = await served.fetch('/')
      expect(res.headers.get('x-foo')).toBe('a header')
      await expectBody(res, 200, 'Test')
    })

    it('runs teardown hooks with no error after a good response (test_teardown_request_handler)', async () => {
      const app = new App()
      const called: unknown[] = []
      app.teardownRequest((error) => {
        called.push(error ?? 'no error')
      })
      app.get('/', () => 'Response')
      const served = await serve(app)
      await expectBody(await served.fetch('/'), 200, 'Response')
      expect(called).toEqual(['no error'])
    })

    it('gives every teardown hook the same original error; a failing teardown neither stops the next nor changes the answer (test_teardown_request_handler_error)', async () => {
      const logger = recordingLogger()
      const app = new App({ logger })
      const seen: string[] = []
      const nameOf = (error: unknown) => (error instanceof Error ? error.constructor.name : String(error))
      app.teardownRequest((error) => {
        seen.push(`first ${nameOf(error)}`)
      })
      app.teardownRequest((error) => {
        seen.push(`second ${nameOf(error)}`)
        throw new TypeError('teardown blew up')
      })
      app.get('/', () => {
        throw new RangeError('division by zero')
      })
      const served = await serve(app)
      const res = await served.fetch('/')
      expect(res.status).toBe(500)
      expect(res.headers.get('content-type')).toBe(HTML)
      const body = await res.text()
      expect(body).toContain('Internal Server Error')
      expect(body).not.toContain('division by zero')
      // Reverse registration order, as Flask runs teardown functions.
      expect(seen).toEqual(['second RangeError', 'first RangeError'])
    })

    it('runs before hooks in order, after and teardown hooks in reverse (test_before_after_request_order)', async () => {
      const app = new App()
      const called: number[] = []
      app.beforeRequest(() => {
        called.push(1)
      })
      app.beforeRequest(() => {
        called.push(2)
      })
      app.afterRequest((res) => {
        called.push(4)
        return res
      })
      app.afterRequest((res) => {
        called.push(3)
        return res
      })
      app.teardownRequest(() => {
        called.push(6)
      })
      app.teardownRequest(() => {
        called.push(5)
      })
      app.get('/', () => '42')
      const served = await serve(app)
      await expectBody(await served.fetch('/'), 200, '42')
      expect(called).toEqual([1, 2, 3, 4, 5, 6])
    })
  })

  describe('error handlers', () => {
    it("gives a routing 404's handler an error it may change, every time", async () => {
      const app = new App({ logger: recordingLogger() })
      app.errorHandler(404, (error) => {
        error.headers['x-seen'] = String(Object.keys(error.headers).length)
        return makeResponse('nothing here', 404, error.headers)
      })
      const served = await serve(app)
      for (let i = 0; i < 2; i++) {
        const res = await served.fetch('/missing')
        expect([res.status, res.headers.get('x-seen'), await res.text()]).toEqual([404, '0', 'nothing here'])
      }
    })

    it('answers 404, 500 and Forbidden with their handlers and statuses (test_error_handling)', async () => {
      const app = new App({ logger: recordingLogger() })
      app.errorHandler(404, () => makeResponse('not found', 404))
      app.errorHandler(500, () => makeResponse('internal server error', 500))
      app.errorHandler(Forbidden, () => makeResponse('forbidden', 403))
      app.get('/', () => abort(404))
      app.get('/error', () => {
        throw new RangeError('division by zero')
      })
      app.get('/forbidden', () => abort(403))
      const served = await serve(app)
      await expectBody(await served.fetch('/'), 404, 'not found')
      await expectBody(await served.fetch('/error'), 500, 'internal server error')
      await expectBody(await served.fetch('/forbidden'), 403, 'forbidden')
    })

    it('runs after hooks on the response of a 500 handler (test_error_handling_processing)', async () => {
      const app = new App({ logger: recordingLogger() })
      app.errorHandler(500, () => 'internal server error')
      app.get('/', () => {
        throw new RangeError('division by zero')
      })
      app.afterRequest((res) => {
        res.headers.set('content-type', 'text/x-special')
        return res
      })
      const served = await serve(app)
      await expectBody(await served.fetch('/'), 500, 'internal server error', 'text/x-special')
    })

    it.each(['before', 'after'] as const)(
      'answers an error thrown in a %s-request hook with the 500 handler (test_error_handler_after_processor_error)',
      async (trigger) => {
        const app = new App({ logger: recordingLogger() })
        app.beforeRequest(() => {
          if (trigger === 'before') throw new RangeError('division by zero')
        })
        app.afterRequest((res) => {
          if (trigger === 'after') throw new RangeError('division by zero')
          return res
        })
        app.get('/', () => 'Foo')
        app.errorHandler(500, () => makeResponse('Hello Server Error', 500))
        const served = await serve(app)
        await expectBody(await served.fetch('/'), 500, 'Hello Server Error')
      },
    )

    it('hands a user exception to its class handler (test_user_error_handling)', async () => {
      const app = new App()
      class MyException extends Error {}
      class NeedsLogin extends Error {}
      app.errorHandler(MyException, (e) => (e instanceof MyException ? '42' : 'wrong class'))
      app.errorHandler(NeedsLogin, () => redirect('/login'))
      app.get('/', () => {
        throw new MyException()
      })
      app.get('/private', () => {
        throw new NeedsLogin()
      })
      const served = await serve(app)
      // phial: an error handler's 200 becomes the error's status (500 for a non-HTTP error); Flask sends 200.
      await expectBody(await served.fetch('/'), 500, '42')
      // Any other status is kept.
      const res = await served.fetch('/private', { redirect: 'manual' })
      expect(res.status).toBe(302)
      expect(res.headers.get('location')).toBe('/login')
      await res.body?.cancel()
    })

    it('keeps a handler for a Forbidden subclass apart from the 403 handler (test_http_error_subclass_handling)', async () => {
      const app = new App()
      class ForbiddenSubclass extends Forbidden {}
      app.errorHandler(ForbiddenSubclass, (e) => (e instanceof ForbiddenSubclass ? 'banana' : 'wrong'))
      app.errorHandler(403, (e) => (e instanceof ForbiddenSubclass ? 'wrong' : 'apple'))
      app.get('/1', () => {
        throw new ForbiddenSubclass()
      })
      app.get('/2', () => abort(403))
      app.get('/3', () => {
        throw new Forbidden()
      })
      const served = await serve(app)
      await expectBody(await served.fetch('/1'), 403, 'banana')
      await expectBody(await served.fetch('/2'), 403, 'apple')
      await expectBody(await served.fetch('/3'), 403, 'apple')
    })

    it('prefers the nearest registered class over a generic Error handler (test_errorhandler_precedence)', async () => {
      const app = new App()
      // Python's E3(E1, E2) has no JS equivalent; single inheritance keeps the point: nearest wins.
      class E1 extends Error {}
      class E2 extends Error {}
      class E3 extends E2 {}
      app.errorHandler(E2, () => 'E2')
      app.errorHandler(Error, () => 'Exception')
      app.get('/E1', () => {
        throw new E1()
      })
      app.get('/E3', () => {
        throw new E3()
      })
      const served = await serve(app)
      // phial: the handlers' 200 becomes the error's 500; Flask sends 200.
      await expectBody(await served.fetch('/E1'), 500, 'Exception')
      await expectBody(await served.fetch('/E3'), 500, 'E2')
    })

    it('answers 500 without details when a view returns undefined (test_none_response)', async () => {
      const logger = recordingLogger()
      const app = new App({ logger })
      app.get('/', function silent() {
        return undefined
      })
      const served = await serve(app)
      const res = await served.fetch('/')
      expect(res.status).toBe(500)
      expect(res.headers.get('content-type')).toBe(HTML)
      const body = await res.text()
      expect(body).toContain('Internal Server Error')
      expect(body).not.toContain('silent')
      expect(String(logger.errors.flat().join(' '))).toContain('silent')
    })
  })

  describe('responses', () => {
    it('converts strings, objects, arrays, bytes and Responses (test_response_types)', async () => {
      const app = new App()
      app.get('/text', () => 'Hällo Wörld')
      app.get('/dict', () => ({ foo: 'bar' }))
      // phial: arrays are JSON; there is no (body, status, headers) tuple convention.
      app.get('/list', () => ['foo', 404])
      app.get('/bytes', () => new TextEncoder().encode('raw'))
      app.get('/response', () => new Response('meh', { status: 201, headers: { 'x-foo': 'bar' } }))
      app.get('/helpers', () => makeResponse('Hello world', 404, { 'x-foo': 'baz' }))
      const served = await serve(app)
      await expectBody(await served.fetch('/text'), 200, 'Hällo Wörld')
      await expectBody(await served.fetch('/dict'), 200, '{"foo":"bar"}', 'application/json')
      await expectBody(await served.fetch('/list'), 200, '["foo",404]', 'application/json')
      await expectBody(await served.fetch('/bytes'), 200, 'raw', 'application/octet-stream')
      const res = await served.fetch('/response')
      expect(res.headers.get('x-foo')).toBe('bar')
      await expectBody(res, 201, 'meh', 'text/plain;charset=UTF-8')
      const helper = await served.fetch('/helpers')
      expect(helper.headers.get('x-foo')).toBe('baz')
      await expectBody(helper, 404, 'Hello world')
    })

    it('builds responses with makeResponse: body, status, headers (test_make_response)', async () => {
      const app = new App()
      app.get('/awesome', () => makeResponse('Awesome'))
      app.get('/w00t', () => makeResponse('W00t', 404))
      app.get('/typed', () => makeResponse('text', 200, { 'content-type': 'text/plain' }))
      const served = await serve(app)
      await expectBody(await served.fetch('/awesome'), 200, 'Awesome')
      await expectBody(await served.fetch('/w00t'), 404, 'W00t')
      await expectBody(await served.fetch('/typed'), 200, 'text', 'text/plain')
    })

    it('overrides status and headers of an existing response (test_make_response_with_response_instance)', async () => {
      const app = new App()
      app.get('/json', () => makeResponse(json({ msg: 'W00t' }), 400))
      app.get('/response', () => makeResponse(new Response(''), 400, { 'x-foo': 'bar' }))
      app.get('/phial', () =>
        makeResponse(new PhialResponse('x', 200, { 'x-a': '1', 'content-type': 'text/plain' }), 201, {
          'x-b': '2',
        }),
      )
      const served = await serve(app)
      await expectBody(await served.fetch('/json'), 400, '{"msg":"W00t"}', 'application/json')
      const res = await served.fetch('/response')
      expect(res.status).toBe(400)
      expect(res.headers.get('x-foo')).toBe('bar')
      expect(await res.text()).toBe('')
      const both = await served.fetch('/phial')
      expect([both.headers.get('x-a'), both.headers.get('x-b')]).toEqual(['1', '2'])
      await expectBody(both, 201, 'x', 'text/plain')
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
