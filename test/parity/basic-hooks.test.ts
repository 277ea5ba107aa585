// Flask's tests/test_basic.py, continued: request hooks (before, after and teardown, their order and
// early returns), translated to phial and run through every gateway. Routing and the setup seal are
// in basic.test.ts; error handlers and response conversion in basic-responses.test.ts.
import { App } from 'phial'
import { describe, expect, it } from 'vitest'
import { gateways } from '../_gateways.ts'
import { expectBody, HTML, recordingLogger, useGateway } from './_parity.ts'

describe.each(gateways)('test_basic through $name', (gateway) => {
  const serve = useGateway(gateway)

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
})
