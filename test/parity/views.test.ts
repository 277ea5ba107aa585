// Flask's tests/test_views.py: View and MethodView, as phial's View.asView registers them.
import {
  App,
  Blueprint,
  type Handler,
  MethodView,
  makeResponse,
  PhialError,
  type PhialRequest,
  View,
} from 'phial'
import { describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'
import { allowOf, expectBody, useGateway } from './_parity.ts'

/** Flask's common_test: GET and POST answer their method, PUT is 405, OPTIONS lists both. */
async function commonTest(served: Served): Promise<void> {
  await expectBody(await served.fetch('/'), 200, 'GET')
  await expectBody(await served.fetch('/', { method: 'POST' }), 200, 'POST')
  const put = await served.fetch('/', { method: 'PUT' })
  expect(put.status).toBe(405)
  await put.body?.cancel()
  const options = await served.fetch('/', { method: 'OPTIONS' })
  expect(options.status).toBe(200)
  expect(allowOf(options)).toEqual(['GET', 'HEAD', 'OPTIONS', 'POST'])
  expect(await options.text()).toBe('')
}

describe.each(gateways)('test_views through $name', (gateway) => {
  const serve = useGateway(gateway)

  it('serves a View with the methods it declares, under the endpoint asView names (test_basic_view)', async () => {
    const app = new App()
    class Index extends View {
      static override readonly methods = ['GET', 'POST']
      dispatchRequest(req: PhialRequest) {
        return req.method
      }
    }
    app.route('/', Index.asView('index'))
    const served = await serve(app)
    await commonTest(served)
    expect(app.urlFor('index')).toBe('/')
  })

  it('takes the methods of a MethodView from the ones it defines (test_method_based_view)', async () => {
    const app = new App()
    class Index extends MethodView {
      get() {
        return 'GET'
      }
      post() {
        return 'POST'
      }
    }
    app.route('/', Index.asView('index'))
    await commonTest(await serve(app))
  })

  it('inherits handler methods and adds the subclass ones (test_view_inheritance)', async () => {
    const app = new App()
    class Index extends MethodView {
      get() {
        return 'GET'
      }
      post() {
        return 'POST'
      }
    }
    class BetterIndex extends Index {
      delete() {
        return 'DELETE'
      }
    }
    app.route('/', BetterIndex.asView('index'))
    const served = await serve(app)
    await expectBody(await served.fetch('/', { method: 'DELETE' }), 200, 'DELETE')
    const options = await served.fetch('/', { method: 'OPTIONS' })
    expect(allowOf(options)).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST'])
    expect(await options.text()).toBe('')
  })

  it('serves a wrapped asView handler under the endpoint given (static decorators: view-decorators.test.ts)', async () => {
    const app = new App()
    // Wrapping the function asView returns, by hand, works as well as `static decorators`.
    const addXParachute =
      (view: Handler): Handler =>
      async (req) => {
        const res = makeResponse(await view(req))
        res.setHeader('x-parachute', 'awesome')
        return res
      }
    class Index extends View {
      dispatchRequest() {
        return 'Awesome'
      }
    }
    app.route('/', { endpoint: 'index' }, addXParachute(Index.asView('index')))
    const served = await serve(app)
    const res = await served.fetch('/')
    expect(res.headers.get('x-parachute')).toBe('awesome')
    await expectBody(res, 200, 'Awesome')
  })

  it('answers HEAD with get() when no head() exists, the method still HEAD (test_implicit_head)', async () => {
    const app = new App()
    class Index extends MethodView {
      get(req: PhialRequest) {
        return makeResponse('Blub', 200, { 'x-method': req.method })
      }
    }
    app.route('/', Index.asView('index'))
    const served = await serve(app)
    const get = await served.fetch('/')
    expect(get.headers.get('x-method')).toBe('GET')
    await expectBody(get, 200, 'Blub')
    const head = await served.fetch('/', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('x-method')).toBe('HEAD')
    expect(await head.text()).toBe('')
  })

  it('answers HEAD with head() when it exists (test_explicit_head)', async () => {
    const app = new App()
    class Index extends MethodView {
      get() {
        return 'GET'
      }
      head() {
        return makeResponse('', 200, { 'x-method': 'HEAD' })
      }
    }
    app.route('/', Index.asView('index'))
    const served = await serve(app)
    await expectBody(await served.fetch('/'), 200, 'GET')
    const head = await served.fetch('/', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('x-method')).toBe('HEAD')
    expect(await head.text()).toBe('')
  })

  it('refuses a second view function for an endpoint, keeping the first (test_endpoint_override)', async () => {
    const app = new App()
    class Index extends View {
      static override readonly methods = ['GET', 'POST']
      dispatchRequest(req: PhialRequest) {
        return req.method
      }
    }
    app.route('/', Index.asView('index'))
    expect(() => app.route('/other', Index.asView('index'))).toThrow(PhialError)
    expect(() => app.route('/other', Index.asView('index'))).toThrow(/endpoint "index"/)
    const served = await serve(app)
    await commonTest(served)
    expect((await served.fetch('/other')).status).toBe(404)
  })

  it('inherits a methods list from the parent view (test_methods_var_inheritance)', async () => {
    const app = new App()
    class BaseView extends MethodView {
      static override get methods(): readonly string[] {
        return ['GET', 'PROPFIND']
      }
    }
    class ChildView extends BaseView {
      get() {
        return 'GET'
      }
      propfind() {
        return 'PROPFIND'
      }
    }
    app.route('/', ChildView.asView('index'))
    const served = await serve(app)
    await expectBody(await served.fetch('/'), 200, 'GET')
    await expectBody(await served.fetch('/', { method: 'PROPFIND' }), 200, 'PROPFIND')
    const options = await served.fetch('/', { method: 'OPTIONS' })
    expect(allowOf(options)).toEqual(['GET', 'HEAD', 'OPTIONS', 'PROPFIND'])
    await options.body?.cancel()
  })

  it('collects methods from every class a view is built from (test_multiple_inheritance)', async () => {
    const app = new App()
    class GetView extends MethodView {
      get() {
        return 'GET'
      }
    }
    // Python's class GetDeleteView(GetView, DeleteView) is a mixin in TypeScript.
    // biome-ignore lint/suspicious/noExplicitAny: a mixin's base constructor takes any arguments
    const Deletable = <T extends new (...args: any[]) => MethodView>(Base: T) =>
      class extends Base {
        delete() {
          return 'DELETE'
        }
      }
    class GetDeleteView extends Deletable(GetView) {}
    app.route('/', GetDeleteView.asView('index'))
    const served = await serve(app)
    await expectBody(await served.fetch('/'), 200, 'GET')
    await expectBody(await served.fetch('/', { method: 'DELETE' }), 200, 'DELETE')
    const options = await served.fetch('/', { method: 'OPTIONS' })
    expect(allowOf(options)).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS'])
    await options.body?.cancel()
  })

  it('drops an inherited method by narrowing methods (test_remove_method_from_parent)', async () => {
    const app = new App()
    class GetView extends MethodView {
      get() {
        return 'GET'
      }
    }
    class OtherView extends GetView {
      post() {
        return 'POST'
      }
    }
    class NarrowView extends OtherView {
      static override get methods(): readonly string[] {
        return ['GET']
      }
    }
    app.route('/', NarrowView.asView('index'))
    const served = await serve(app)
    await expectBody(await served.fetch('/'), 200, 'GET')
    const post = await served.fetch('/', { method: 'POST' })
    expect(post.status).toBe(405)
    expect(allowOf(post)).toEqual(['GET', 'HEAD', 'OPTIONS'])
    await post.body?.cancel()
  })

  it('builds one instance when initEveryRequest is false (test_init_once)', async () => {
    const app = new App()
    let n = 0
    class CountInit extends View {
      static override readonly initEveryRequest = false
      constructor() {
        super()
        n += 1
      }
      dispatchRequest() {
        return String(n)
      }
    }
    app.route('/', CountInit.asView('index'))
    const served = await serve(app)
    await expectBody(await served.fetch('/'), 200, '1')
    await expectBody(await served.fetch('/'), 200, '1')
  })

  it('builds an instance per request by default, with the asView arguments (test_init_once, View.as_view class_args)', async () => {
    const app = new App()
    let n = 0
    class Greeter extends View {
      readonly count: number
      constructor(readonly greeting: string) {
        super()
        n += 1
        this.count = n
      }
      dispatchRequest() {
        return `${this.greeting} #${this.count}`
      }
    }
    app.route('/', Greeter.asView('index', 'hello'))
    const served = await serve(app)
    await expectBody(await served.fetch('/'), 200, 'hello #1')
    await expectBody(await served.fetch('/'), 200, 'hello #2')
  })

  it('prefixes the endpoint of a view registered on a blueprint (Flask docs: views in blueprints)', async () => {
    const app = new App()
    const api = new Blueprint('api', { urlPrefix: '/api' })
    class UserAPI extends MethodView {
      get(req: PhialRequest) {
        return { id: req.params.id, endpoint: req.endpoint, self: req.urlFor('.user', { id: 7 }) }
      }
    }
    api.route('/users/<int:id>', UserAPI.asView('user'))
    app.registerBlueprint(api)
    const served = await serve(app)
    const res = await served.fetch('/api/users/3')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(await res.json()).toEqual({ id: 3, endpoint: 'api.user', self: `${served.prefix}/api/users/7` })
  })
})
