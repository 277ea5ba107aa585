// Flask's tests/test_user_error_handler.py: which handler an error reaches, and what it receives.
import {
  App,
  abort,
  Blueprint,
  Forbidden,
  HTTPError,
  InternalServerError,
  makeResponse,
  NotFound,
  redirect,
} from 'phial'
import { describe, expect, it } from 'vitest'
import { gateways } from '../_gateways.ts'
import { expectBody, HTML, recordingLogger, useGateway } from './_parity.ts'

/** The name of what a handler received: `CustomError`, `InternalServerError`, … */
function nameOf(error: unknown): string {
  return error instanceof Error ? error.constructor.name : typeof error
}

describe.each(gateways)('test_user_error_handler through $name', (gateway) => {
  const serve = useGateway(gateway)

  it('gives the 500 handler the original error of an unhandled exception (test_error_handler_no_match)', async () => {
    const app = new App({ logger: recordingLogger() })
    class CustomException extends Error {}
    app.errorHandler(CustomException, (e) => (e instanceof CustomException ? 'custom' : 'wrong'))
    // Flask hands the 500 handler an InternalServerError whose original_exception is the KeyError;
    // phial hands it the original error itself (DESIGN: "A 500 handler receives the original error").
    app.errorHandler(500, (e) => (e instanceof InternalServerError ? 'direct' : `original ${nameOf(e)}`))
    app.get('/custom', () => {
      throw new CustomException()
    })
    app.get('/keyerror', () => {
      throw new RangeError('no such key')
    })
    app.get('/abort', () => abort(500))
    const served = await serve(app)
    // phial: an error handler's 200 takes the error's status, here 500; Flask sends 200.
    await expectBody(await served.fetch('/custom'), 500, 'custom')
    await expectBody(await served.fetch('/keyerror'), 500, 'original RangeError')
    await expectBody(await served.fetch('/abort'), 500, 'direct')
  })

  it('reaches the nearest registered parent class (test_error_handler_subclass)', async () => {
    const app = new App()
    class ParentException extends Error {}
    class ChildExceptionUnregistered extends ParentException {}
    class ChildExceptionRegistered extends ParentException {}
    app.errorHandler(ParentException, () => 'parent')
    app.errorHandler(ChildExceptionRegistered, (e) =>
      e instanceof ChildExceptionRegistered ? 'child-registered' : 'wrong',
    )
    app.get('/parent', () => {
      throw new ParentException()
    })
    app.get('/child-unregistered', () => {
      throw new ChildExceptionUnregistered()
    })
    app.get('/child-registered', () => {
      throw new ChildExceptionRegistered()
    })
    const served = await serve(app)
    await expectBody(await served.fetch('/parent'), 500, 'parent')
    await expectBody(await served.fetch('/child-unregistered'), 500, 'parent')
    await expectBody(await served.fetch('/child-registered'), 500, 'child-registered')
  })

  it('lets a registered HTTP error subclass win over its status code handler (test_error_handler_http_subclass)', async () => {
    const app = new App()
    class ForbiddenSubclassRegistered extends Forbidden {}
    class ForbiddenSubclassUnregistered extends Forbidden {}
    app.errorHandler(403, (e) => (e instanceof Forbidden ? 'forbidden' : 'wrong'))
    app.errorHandler(ForbiddenSubclassRegistered, (e) =>
      e instanceof ForbiddenSubclassRegistered ? 'forbidden-registered' : 'wrong',
    )
    app.get('/forbidden', () => {
      throw new Forbidden()
    })
    app.get('/forbidden-registered', () => {
      throw new ForbiddenSubclassRegistered()
    })
    app.get('/forbidden-unregistered', () => {
      throw new ForbiddenSubclassUnregistered()
    })
    const served = await serve(app)
    await expectBody(await served.fetch('/forbidden'), 403, 'forbidden')
    await expectBody(await served.fetch('/forbidden-unregistered'), 403, 'forbidden')
    await expectBody(await served.fetch('/forbidden-registered'), 403, 'forbidden-registered')
  })

  it('prefers the blueprint 500 handler for its routes, the app one elsewhere (test_error_handler_blueprint)', async () => {
    const app = new App()
    const bp = new Blueprint('bp')
    bp.errorHandler(500, () => 'bp-error')
    bp.get('/error', () => {
      throw new InternalServerError()
    })
    app.errorHandler(500, () => 'app-error')
    app.get('/error', () => {
      throw new InternalServerError()
    })
    app.registerBlueprint(bp, { urlPrefix: '/bp' })
    const served = await serve(app)
    await expectBody(await served.fetch('/error'), 500, 'app-error')
    await expectBody(await served.fetch('/bp/error'), 500, 'bp-error')
  })

  it('resolves catch-all HTTPError handlers per scope, and leaves the slash redirect alone (test_default_error_handler)', async () => {
    const app = new App()
    const bp = new Blueprint('bp')
    bp.errorHandler(HTTPError, (e) => (e instanceof NotFound ? 'bp-default' : 'wrong'))
    bp.errorHandler(Forbidden, (e) => (e instanceof Forbidden ? 'bp-forbidden' : 'wrong'))
    bp.get('/undefined', () => {
      throw new NotFound()
    })
    bp.get('/forbidden', () => {
      throw new Forbidden()
    })
    app.errorHandler(HTTPError, (e) => (e instanceof NotFound ? 'default' : 'wrong'))
    app.errorHandler(Forbidden, (e) => (e instanceof Forbidden ? 'forbidden' : 'wrong'))
    app.get('/forbidden', () => {
      throw new Forbidden()
    })
    app.get('/slash/', () => 'slash')
    app.registerBlueprint(bp, { urlPrefix: '/bp' })
    const served = await serve(app)
    await expectBody(await served.fetch('/bp/undefined'), 404, 'bp-default')
    await expectBody(await served.fetch('/bp/forbidden'), 403, 'bp-forbidden')
    await expectBody(await served.fetch('/undefined'), 404, 'default')
    await expectBody(await served.fetch('/forbidden'), 403, 'forbidden')
    // The 308 to the trailing slash is a routing answer, not an error: no handler sees it.
    const res = await served.fetch('/slash', { redirect: 'manual' })
    expect(res.status).toBe(308)
    expect(res.headers.get('location')).toBe(`${served.prefix}/slash/`)
    await res.body?.cancel()
    await expectBody(await served.fetch('/slash/'), 200, 'slash')
  })

  describe('generic handlers (TestGenericHandlers)', () => {
    class Custom extends Error {}

    function createApp(): App {
      const app = new App({ logger: recordingLogger() })
      app.get('/custom', () => {
        throw new Custom()
      })
      app.get('/error', () => {
        throw new RangeError('no such key')
      })
      app.get('/abort', () => abort(500))
      app.get('/raise', () => {
        throw new InternalServerError()
      })
      return app
    }

    /** Flask's report_error, for phial's unwrapped errors. */
    function reportError(e: unknown): string {
      return e instanceof InternalServerError ? `direct ${nameOf(e)}` : `original ${nameOf(e)}`
    }

    it.each([
      ['InternalServerError', InternalServerError],
      ['500', 500],
    ] as const)('treats %s as one key for every 500 (test_handle_class_or_code)', async (_, key) => {
      const app = createApp()
      app.errorHandler(key, (e) => reportError(e))
      const served = await serve(app)
      // Flask: "wrapped Custom"; phial hands over the original error instead of a wrapper.
      await expectBody(await served.fetch('/custom'), 500, 'original Custom')
      await expectBody(await served.fetch('/error'), 500, 'original RangeError')
      await expectBody(await served.fetch('/abort'), 500, 'direct InternalServerError')
      await expectBody(await served.fetch('/raise'), 500, 'direct InternalServerError')
    })

    it('gives an HTTPError handler only HTTP errors, routing 404s and the 500 of an unhandled error included (test_handle_generic_http)', async () => {
      const app = createApp()
      app.errorHandler(HTTPError, (e) => (e instanceof HTTPError ? String(e.status) : `got ${nameOf(e)}`))
      const served = await serve(app)
      await expectBody(await served.fetch('/error'), 500, '500')
      await expectBody(await served.fetch('/abort'), 500, '500')
      await expectBody(await served.fetch('/not-found'), 404, '404')
    })

    it('gives an Error handler every error directly, HTTP errors included (test_handle_generic)', async () => {
      const app = createApp()
      app.errorHandler(Error, (e) => `direct ${nameOf(e)}`)
      const served = await serve(app)
      await expectBody(await served.fetch('/custom'), 500, 'direct Custom')
      await expectBody(await served.fetch('/error'), 500, 'direct RangeError')
      await expectBody(await served.fetch('/abort'), 500, 'direct InternalServerError')
      await expectBody(await served.fetch('/not-found'), 404, 'direct NotFound')
    })
  })

  it('answers a plain 500 when an error handler itself throws (Flask handle_exception)', async () => {
    const logger = recordingLogger()
    const app = new App({ logger })
    app.errorHandler(404, () => {
      throw new TypeError('handler secret')
    })
    app.get('/', () => abort(404))
    const served = await serve(app)
    const res = await served.fetch('/')
    expect(res.status).toBe(500)
    expect(res.headers.get('content-type')).toBe(HTML)
    const body = await res.text()
    expect(body).toContain('Internal Server Error')
    expect(body).not.toContain('handler secret')
    expect(logger.errors.length).toBeGreaterThan(0)
  })

  it('keeps a status other than 200 that a handler sets, and the headers it adds (test_error_handling)', async () => {
    const app = new App()
    app.errorHandler(404, () => makeResponse('gone for good', 410, { 'x-reason': 'moved' }))
    app.errorHandler(401, () => redirect('/login'))
    app.get('/secret', () => abort(401))
    const served = await serve(app)
    const gone = await served.fetch('/missing')
    expect(gone.headers.get('x-reason')).toBe('moved')
    await expectBody(gone, 410, 'gone for good')
    const login = await served.fetch('/secret', { redirect: 'manual' })
    expect(login.status).toBe(302)
    expect(login.headers.get('location')).toBe('/login')
    await login.body?.cancel()
  })
})
