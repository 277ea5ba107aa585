// Flask's tests/test_blueprints.py, continued: what a blueprint registers besides its routes, scoped
// to it or app-wide: error handlers, request hooks (nested order included) and URL processors.
// Prefixes and names are in blueprints.test.ts.
import { App, abort, Blueprint, PhialError } from 'phial'
import { describe, expect, it } from 'vitest'
import { gateways } from '../_gateways.ts'
import { expectBody, useGateway } from './_parity.ts'

describe.each(gateways)('test_blueprints through $name', (gateway) => {
  const serve = useGateway(gateway)

  describe('error handlers', () => {
    it('answers with the blueprint-scoped 403 handler, else the app one (test_blueprint_specific_error_handling)', async () => {
      const app = new App()
      const frontend = new Blueprint('frontend')
      const backend = new Blueprint('backend')
      const sideend = new Blueprint('sideend')
      frontend.errorHandler(403, () => 'frontend says no')
      frontend.get('/frontend-no', () => abort(403))
      backend.errorHandler(403, () => 'backend says no')
      backend.get('/backend-no', () => abort(403))
      sideend.get('/what-is-a-sideend', () => abort(403))
      app.registerBlueprint(frontend)
      app.registerBlueprint(backend)
      app.registerBlueprint(sideend)
      app.errorHandler(403, () => 'application itself says no')
      const served = await serve(app)
      await expectBody(await served.fetch('/frontend-no'), 403, 'frontend says no')
      await expectBody(await served.fetch('/backend-no'), 403, 'backend says no')
      await expectBody(await served.fetch('/what-is-a-sideend'), 403, 'application itself says no')
    })

    it('handles user exceptions by class inside the blueprint (test_blueprint_specific_user_error_handling)', async () => {
      const app = new App()
      class MyDecoratorException extends Error {}
      class MyFunctionException extends Error {}
      const blue = new Blueprint('blue')
      blue.errorHandler(MyDecoratorException, (e) => (e instanceof MyDecoratorException ? 'boom' : 'wrong'))
      blue.errorHandler(MyFunctionException, (e) => (e instanceof MyFunctionException ? 'bam' : 'wrong'))
      blue.get('/decorator', () => {
        throw new MyDecoratorException()
      })
      blue.get('/function', () => {
        throw new MyFunctionException()
      })
      app.registerBlueprint(blue)
      const served = await serve(app)
      // phial: the handlers' 200 takes the error's status (500); Flask sends 200.
      await expectBody(await served.fetch('/decorator'), 500, 'boom')
      await expectBody(await served.fetch('/function'), 500, 'bam')
    })

    it('registers app-wide handlers from a blueprint, unmatched URLs included (test_blueprint_app_error_handling)', async () => {
      const app = new App()
      const errors = new Blueprint('errors')
      errors.appErrorHandler(403, () => 'you shall not pass')
      errors.appErrorHandler(404, () => 'nothing here')
      app.get('/forbidden', () => abort(403))
      const forbiddenBp = new Blueprint('forbidden_bp')
      forbiddenBp.get('/nope', () => abort(403))
      app.registerBlueprint(errors)
      app.registerBlueprint(forbiddenBp)
      const served = await serve(app)
      await expectBody(await served.fetch('/forbidden'), 403, 'you shall not pass')
      await expectBody(await served.fetch('/nope'), 403, 'you shall not pass')
      await expectBody(await served.fetch('/nowhere'), 404, 'nothing here')
    })
  })

  describe('hooks', () => {
    it('runs blueprint hooks for its own routes only (test_request_processing)', async () => {
      const app = new App()
      const bp = new Blueprint('bp')
      const evts: string[] = []
      bp.beforeRequest(() => {
        evts.push('before')
      })
      bp.afterRequest((res) => {
        res.body = `${String(res.body)}|after`
        evts.push('after')
        return res
      })
      bp.teardownRequest(() => {
        evts.push('teardown')
      })
      bp.get('/bp', () => 'request')
      app.get('/app', () => 'app')
      app.registerBlueprint(bp)
      const served = await serve(app)
      expect(evts).toEqual([])
      await expectBody(await served.fetch('/bp'), 200, 'request|after')
      expect(evts).toEqual(['before', 'after', 'teardown'])
      await expectBody(await served.fetch('/app'), 200, 'app')
      expect(evts).toEqual(['before', 'after', 'teardown'])
    })

    it('runs app-wide hooks registered on a blueprint for every request (test_app_request_processing)', async () => {
      const app = new App()
      const bp = new Blueprint('bp')
      const evts: string[] = []
      bp.beforeAppRequest(() => {
        evts.push('before')
      })
      bp.afterAppRequest((res) => {
        res.body = `${String(res.body)}|after`
        evts.push('after')
        return res
      })
      bp.teardownAppRequest(() => {
        evts.push('teardown')
      })
      app.registerBlueprint(bp)
      app.get('/', () => 'request')
      const served = await serve(app)
      expect(evts).toEqual([])
      await expectBody(await served.fetch('/'), 200, 'request|after')
      expect(evts).toEqual(['before', 'after', 'teardown'])
      await expectBody(await served.fetch('/'), 200, 'request|after')
      expect(evts).toEqual(['before', 'after', 'teardown', 'before', 'after', 'teardown'])
    })

    it('applies app-wide hooks once however often the blueprint is registered (record_once)', async () => {
      const app = new App()
      const outer = new Blueprint('outer')
      const inner = new Blueprint('inner')
      const evts: string[] = []
      inner.beforeAppRequest(() => {
        evts.push('before')
      })
      inner.teardownAppRequest(() => {
        evts.push('teardown')
      })
      inner.appErrorHandler(404, () => {
        evts.push('404')
        return 'none here'
      })
      inner.get('/in', () => 'in')
      outer.registerBlueprint(inner, { urlPrefix: '/inner' })
      app.registerBlueprint(outer)
      app.registerBlueprint(outer, { name: 'again', urlPrefix: '/again' })
      app.registerBlueprint(inner, { urlPrefix: '/direct' })
      const served = await serve(app)
      await expectBody(await served.fetch('/direct/in'), 200, 'in')
      expect(evts).toEqual(['before', 'teardown'])
      evts.length = 0
      await expectBody(await served.fetch('/missing'), 404, 'none here')
      expect(evts).toEqual(['before', '404', 'teardown'])
    })

    it('answers with the innermost blueprint handler, else the nearest parent (test_nested_blueprint)', async () => {
      const app = new App()
      const parent = new Blueprint('parent')
      const child = new Blueprint('child')
      const grandchild = new Blueprint('grandchild')
      parent.errorHandler(403, () => 'Parent no')
      parent.get('/', () => 'Parent yes')
      parent.get('/no', () => abort(403))
      child.get('/', () => 'Child yes')
      child.get('/no', () => abort(403))
      grandchild.errorHandler(403, () => 'Grandchild no')
      grandchild.get('/', () => 'Grandchild yes')
      grandchild.get('/no', () => abort(403))
      child.registerBlueprint(grandchild, { urlPrefix: '/grandchild' })
      parent.registerBlueprint(child, { urlPrefix: '/child' })
      app.registerBlueprint(parent, { urlPrefix: '/parent' })
      const served = await serve(app)
      await expectBody(await served.fetch('/parent/'), 200, 'Parent yes')
      await expectBody(await served.fetch('/parent/child/'), 200, 'Child yes')
      await expectBody(await served.fetch('/parent/child/grandchild/'), 200, 'Grandchild yes')
      await expectBody(await served.fetch('/parent/no'), 403, 'Parent no')
      await expectBody(await served.fetch('/parent/child/no'), 403, 'Parent no')
      await expectBody(await served.fetch('/parent/child/grandchild/no'), 403, 'Grandchild no')
    })

    it('runs before hooks app, parent, child and teardown hooks in reverse (test_nested_callback_order)', async () => {
      const app = new App()
      const parent = new Blueprint('parent')
      const child = new Blueprint('child')
      const torn: string[] = []
      const mismatches: string[] = []
      const scopes = [
        ['app', app],
        ['parent', parent],
        ['child', child],
      ] as const
      for (const [name, scope] of scopes) {
        for (const n of [1, 2]) {
          scope.beforeRequest((req) => {
            const seen = (req.state.seen as string[] | undefined) ?? []
            seen.push(`${name}_${n}`)
            req.state.seen = seen
          })
          scope.teardownRequest((_error, req) => {
            const popped = (req.state.seen as string[]).pop()
            torn.push(`${name}_${n}`)
            if (popped !== `${name}_${n}`) mismatches.push(`${name}_${n} popped ${popped}`)
          })
        }
      }
      child.get('/a', (req) => (req.state.seen as string[]).join(', '))
      parent.registerBlueprint(child)
      app.registerBlueprint(parent)
      const served = await serve(app)
      await expectBody(await served.fetch('/a'), 200, 'app_1, app_2, parent_1, parent_2, child_1, child_2')
      expect(torn).toEqual(['child_2', 'child_1', 'parent_2', 'parent_1', 'app_2', 'app_1'])
      expect(mismatches).toEqual([])
    })
  })

  describe('URL processors', () => {
    it('pulls a language code from the prefix and puts it back when building URLs (test_blueprint_url_processors)', async () => {
      const app = new App()
      const bp = new Blueprint('frontend', { urlPrefix: '/<lang_code>' })
      bp.urlDefaults((_endpoint, values, req) => {
        values.lang_code ??= req?.state.langCode
      })
      bp.urlValuePreprocessor((_endpoint, params, req) => {
        req.state.langCode = params.lang_code
        delete params.lang_code
      })
      bp.get('/', function index(req) {
        return `${req.urlFor('.about')} ${JSON.stringify(req.params)}`
      })
      bp.get('/about', function about(req) {
        return req.urlFor('.index')
      })
      app.registerBlueprint(bp)
      const served = await serve(app)
      await expectBody(await served.fetch('/de/'), 200, `${served.prefix}/de/about {}`)
      await expectBody(await served.fetch('/de/about'), 200, `${served.prefix}/de/`)
    })

    it('registers app-wide URL processors from a blueprint (test_app_url_processors)', async () => {
      const app = new App()
      const bp = new Blueprint('bp')
      bp.appUrlDefaults((_endpoint, values, req) => {
        values.lang_code ??= req?.state.langCode
      })
      bp.appUrlValuePreprocessor((_endpoint, params, req) => {
        req.state.langCode = params.lang_code
        delete params.lang_code
      })
      app.get('/<lang_code>/', function index(req) {
        return req.urlFor('about')
      })
      app.get('/<lang_code>/about', function about(req) {
        return req.urlFor('index')
      })
      app.registerBlueprint(bp)
      const served = await serve(app)
      await expectBody(await served.fetch('/de/'), 200, `${served.prefix}/de/about`)
      await expectBody(await served.fetch('/de/about'), 200, `${served.prefix}/de/`)
    })

    it('applies blueprint urlDefaults to its endpoints, inside and outside a request (test_inject_blueprint_url_defaults)', async () => {
      const app = new App()
      const bp = new Blueprint('foo')
      bp.urlDefaults((_endpoint, values) => {
        values.page = 'login'
      })
      bp.get('/<page>', function view(req) {
        return String(req.params.page)
      })
      app.get('/elsewhere/<page>', function other(req) {
        return req.urlFor('foo.view')
      })
      app.registerBlueprint(bp)
      expect(app.urlFor('foo.view')).toBe('/login')
      const served = await serve(app)
      await expectBody(await served.fetch('/elsewhere/somepage'), 200, `${served.prefix}/login`)
      // The defaults are the blueprint's: an app endpoint does not get them.
      expect(() => app.urlFor('other')).toThrow(PhialError)
    })
  })
})
