// Flask's tests/test_basic.py, continued: error handlers (by status and by class, precedence, hooks
// around them) and response conversion (view return types, makeResponse), translated to phial and run
// through every gateway. Routing and the setup seal are in basic.test.ts; request hooks in
// basic-hooks.test.ts.
import { App, abort, Forbidden, json, makeResponse, PhialResponse, redirect } from 'phial'
import { describe, expect, it } from 'vitest'
import { gateways } from '../_gateways.ts'
import { expectBody, HTML, recordingLogger, useGateway } from './_parity.ts'

describe.each(gateways)('test_basic through $name', (gateway) => {
  const serve = useGateway(gateway)

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
})
