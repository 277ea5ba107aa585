// Flask's tests/test_blueprints.py: prefixes, names, nesting and renaming. Scoped error handlers,
// hooks and URL processors are in blueprints-hooks.test.ts. Template tests are left out until
// templates arrive.
import { App, abort, Blueprint, makeResponse, PhialError, type PhialRequest } from 'phial'
import { describe, expect, it } from 'vitest'
import { gateways } from '../_gateways.ts'
import { expectBody, useGateway } from './_parity.ts'

const endpointOf = (req: PhialRequest) => req.endpoint ?? 'none'

describe.each(gateways)('test_blueprints through $name', (gateway) => {
  const serve = useGateway(gateway)

  describe('prefixes', () => {
    it.each([
      ['', '/', '/'],
      ['/', '', '/'],
      ['/', '/', '/'],
      ['/foo', '', '/foo'],
      ['/foo/', '', '/foo/'],
      ['', '/bar', '/bar'],
      ['/foo/', '/bar', '/foo/bar'],
      ['/foo/', 'bar', '/foo/bar'],
      ['/foo', '/bar', '/foo/bar'],
      ['/foo/', '//bar', '/foo/bar'],
      ['/foo//', '/bar', '/foo/bar'],
    ])('joins prefix %j and rule %j into %j (test_blueprint_prefix_slash)', async (prefix, rule, url) => {
      const app = new App()
      const bp = new Blueprint('test', { urlPrefix: prefix })
      bp.get(rule, function index() {
        return makeResponse('', 204)
      })
      app.registerBlueprint(bp)
      const served = await serve(app)
      const res = await served.fetch(url)
      expect(res.status).toBe(204)
      expect(await res.text()).toBe('')
      expect(app.urlFor('test.index')).toBe(url)
    })

    it.each([
      ['/parent', '/child', undefined, undefined],
      ['/parent', undefined, undefined, '/child'],
      [undefined, undefined, '/parent', '/child'],
      ['/other', '/something', '/parent', '/child'],
    ] as const)(
      'nests prefixes given at construction %j/%j or registration %j/%j (test_nesting_url_prefixes)',
      async (parentInit, childInit, parentRegistration, childRegistration) => {
        const app = new App()
        const parent = new Blueprint('parent', parentInit === undefined ? {} : { urlPrefix: parentInit })
        const child = new Blueprint('child', childInit === undefined ? {} : { urlPrefix: childInit })
        child.get('/', function index() {
          return 'index'
        })
        parent.registerBlueprint(
          child,
          childRegistration === undefined ? {} : { urlPrefix: childRegistration },
        )
        app.registerBlueprint(
          parent,
          parentRegistration === undefined ? {} : { urlPrefix: parentRegistration },
        )
        const served = await serve(app)
        await expectBody(await served.fetch('/parent/child/'), 200, 'index')
      },
    )

    it('uses two rules where Flask uses route defaults (test_empty_url_defaults)', async () => {
      const app = new App()
      const bp = new Blueprint('bp')
      // Werkzeug's defaults={'page': 1} becomes a second rule and a fallback in the handler.
      const something = (req: PhialRequest) => String(req.params.page ?? 1)
      bp.get('/', something)
      bp.get('/page/<int:page>', something)
      app.registerBlueprint(bp)
      const served = await serve(app)
      await expectBody(await served.fetch('/'), 200, '1')
      await expectBody(await served.fetch('/page/2'), 200, '2')
    })
  })

  describe('names and endpoints', () => {
    it('refuses a dotted or empty blueprint name (test_dotted_name_not_allowed, test_empty_name_not_allowed)', async () => {
      expect(() => new Blueprint('app.ui')).toThrow(PhialError)
      expect(() => new Blueprint('')).toThrow(PhialError)
      const app = new App()
      app.get('/', () => 'still fine')
      const served = await serve(app)
      await expectBody(await served.fetch('/'), 200, 'still fine')
    })

    it('refuses a dotted name given at registration (test_dotted_name_from_register_option_not_allowed)', async () => {
      const app = new App()
      const bp = new Blueprint('bp')
      bp.get('/', function index() {
        return 'bp'
      })
      expect(() => app.registerBlueprint(bp, { name: 'app.ui' })).toThrow(PhialError)
      const parent = new Blueprint('parent')
      // phial refuses the nested name when it is given, one step earlier than Flask (which raises
      // when the parent is registered on the app).
      expect(() => parent.registerBlueprint(bp, { name: 'a.b' })).toThrow(PhialError)
      app.get('/ok', () => 'ok')
      const served = await serve(app)
      await expectBody(await served.fetch('/ok'), 200, 'ok')
    })

    it('builds blueprint URLs from an app view and back (test_dotted_names_from_app)', async () => {
      const app = new App()
      const test = new Blueprint('test')
      app.get('/', function appIndex(req) {
        return req.urlFor('test.index')
      })
      test.get('/test/', function index(req) {
        return req.urlFor('appIndex')
      })
      app.registerBlueprint(test)
      const served = await serve(app)
      await expectBody(await served.fetch('/'), 200, `${served.prefix}/test/`)
      await expectBody(await served.fetch('/test/'), 200, `${served.prefix}/`)
    })

    it('builds full and relative names across sibling blueprints (test_dotted_names)', async () => {
      const app = new App()
      // Flask's old "myapp.frontend" names are nested blueprints now.
      const myapp = new Blueprint('myapp')
      const frontend = new Blueprint('frontend')
      const backend = new Blueprint('backend')
      frontend.get('/fe', function frontendIndex(req) {
        return req.urlFor('myapp.backend.backendIndex')
      })
      frontend.get('/fe2', function frontendPage2(req) {
        return req.urlFor('.frontendIndex')
      })
      backend.get('/be', function backendIndex(req) {
        return req.urlFor('myapp.frontend.frontendIndex')
      })
      myapp.registerBlueprint(frontend)
      myapp.registerBlueprint(backend)
      app.registerBlueprint(myapp)
      const served = await serve(app)
      await expectBody(await served.fetch('/fe'), 200, `${served.prefix}/be`)
      await expectBody(await served.fetch('/fe2'), 200, `${served.prefix}/fe`)
      await expectBody(await served.fetch('/be'), 200, `${served.prefix}/fe`)
    })

    it('prefixes custom endpoints with the blueprint name (test_route_decorator_custom_endpoint)', async () => {
      const app = new App()
      const bp = new Blueprint('bp')
      bp.get('/foo', function foo(req) {
        return endpointOf(req)
      })
      bp.get('/bar', { endpoint: 'bar' }, function fooBar(req) {
        return endpointOf(req)
      })
      bp.get('/bar/123', { endpoint: '123' }, function fooBarFoo(req) {
        return endpointOf(req)
      })
      bp.get('/bar/foo', function barFoo(req) {
        return endpointOf(req)
      })
      app.registerBlueprint(bp, { urlPrefix: '/py' })
      app.get('/', function index(req) {
        return endpointOf(req)
      })
      const served = await serve(app)
      await expectBody(await served.fetch('/'), 200, 'index')
      await expectBody(await served.fetch('/py/foo'), 200, 'bp.foo')
      await expectBody(await served.fetch('/py/bar'), 200, 'bp.bar')
      await expectBody(await served.fetch('/py/bar/123'), 200, 'bp.123')
      await expectBody(await served.fetch('/py/bar/foo'), 200, 'bp.barFoo')
    })

    it('refuses a dotted endpoint or function name on a blueprint (test_route_decorator_custom_endpoint_with_dots)', async () => {
      const app = new App()
      const bp = new Blueprint('bp')
      expect(() => bp.get('/', { endpoint: 'a.b' }, () => '')).toThrow(PhialError)
      const view = () => ''
      Object.defineProperty(view, 'name', { value: 'a.b' })
      expect(() => bp.get('/', view)).toThrow(PhialError)
      app.registerBlueprint(bp)
      const served = await serve(app)
      expect((await served.fetch('/')).status).toBe(404)
    })

    it('refuses the same name twice, allows another name (test_unique_blueprint_names)', async () => {
      const app = new App()
      const bp = new Blueprint('bp', { urlPrefix: '/bp' })
      const bp2 = new Blueprint('bp', { urlPrefix: '/bp2' })
      bp.get('/', (req) => endpointOf(req))
      bp2.get('/', (req) => endpointOf(req))
      app.registerBlueprint(bp)
      expect(() => app.registerBlueprint(bp)).toThrow(PhialError)
      app.registerBlueprint(bp, { name: 'again', urlPrefix: '/again' })
      expect(() => app.registerBlueprint(bp2)).toThrow(PhialError)
      app.registerBlueprint(bp2, { name: 'alt' })
      const served = await serve(app)
      await expectBody(await served.fetch('/bp/'), 200, 'bp.GET /')
      await expectBody(await served.fetch('/again/'), 200, 'again.GET /')
      await expectBody(await served.fetch('/bp2/'), 200, 'alt.GET /')
    })

    it('refuses to register a blueprint on itself (test_self_registration)', async () => {
      const bp = new Blueprint('bp')
      expect(() => bp.registerBlueprint(bp)).toThrow(PhialError)
      const app = new App()
      bp.get('/', () => 'bp')
      app.registerBlueprint(bp)
      const served = await serve(app)
      await expectBody(await served.fetch('/'), 200, 'bp')
    })

    it('renames a blueprint and its children per registration, handlers included (test_blueprint_renaming)', async () => {
      const app = new App()
      const bp = new Blueprint('bp')
      const bp2 = new Blueprint('bp2')
      bp.get('/', function index(req) {
        return endpointOf(req)
      })
      bp.get('/error', function error() {
        return abort(403)
      })
      bp.errorHandler(403, () => 'Error')
      bp2.get('/', function index2(req) {
        return endpointOf(req)
      })
      bp.registerBlueprint(bp2, { urlPrefix: '/a', name: 'sub' })
      app.registerBlueprint(bp, { urlPrefix: '/a' })
      app.registerBlueprint(bp, { urlPrefix: '/b', name: 'alt' })
      const served = await serve(app)
      await expectBody(await served.fetch('/a/'), 200, 'bp.index')
      await expectBody(await served.fetch('/b/'), 200, 'alt.index')
      await expectBody(await served.fetch('/a/a/'), 200, 'bp.sub.index2')
      await expectBody(await served.fetch('/b/a/'), 200, 'alt.sub.index2')
      await expectBody(await served.fetch('/a/error'), 403, 'Error')
      await expectBody(await served.fetch('/b/error'), 403, 'Error')
      expect([app.urlFor('bp.sub.index2'), app.urlFor('alt.sub.index2')]).toEqual(['/a/a/', '/b/a/'])
    })
  })
})
