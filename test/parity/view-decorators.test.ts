// Flask's tests/test_views.py, test_view_decorators: `View.decorators` wrap the handler asView makes.
import { App, type Handler, MethodView, makeResponse, type PhialRequest, redirect, View } from 'phial'
import { describe, expect, it } from 'vitest'
import { gateways } from '../_gateways.ts'
import { allowOf, expectBody, useGateway } from './_parity.ts'

/** Flask's add_x_parachute: the view's answer as a response, with one more header. */
function addParachute(view: Handler): Handler {
  return async (req) => {
    const res = makeResponse(await view(req))
    res.setHeader('x-parachute', 'awesome')
    return res
  }
}

/** The login_required pattern: answers 302 to /login unless the request says who it is. */
function loginRequired(view: Handler): Handler {
  return (req) => (req.header('x-user') === undefined ? redirect('/login') : view(req))
}

describe.each(gateways)('View.decorators through $name', (gateway) => {
  const serve = useGateway(gateway)

  it('wraps the view, keeps its endpoint and methods (test_view_decorators)', async () => {
    const app = new App()
    class Index extends View {
      static override readonly methods = ['GET', 'POST']
      static override readonly decorators = [addParachute]
      dispatchRequest(req: PhialRequest) {
        return `Awesome ${req.method}`
      }
    }
    app.route('/', Index.asView('index'))
    expect(app.urlFor('index')).toBe('/')
    const served = await serve(app)
    const res = await served.fetch('/', { method: 'POST' })
    expect(res.headers.get('x-parachute')).toBe('awesome')
    await expectBody(res, 200, 'Awesome POST')
    const options = await served.fetch('/', { method: 'OPTIONS' })
    expect(allowOf(options)).toEqual(['GET', 'HEAD', 'OPTIONS', 'POST'])
    await options.body?.cancel()
  })

  it('applies the decorators in order, the first one innermost, on a MethodView', async () => {
    const app = new App()
    class Secret extends MethodView {
      static override readonly decorators = [addParachute, loginRequired]
      get() {
        return 'the secret'
      }
    }
    app.route('/secret', Secret.asView('secret'))
    const served = await serve(app)
    // loginRequired is outermost: a stranger is sent away before the parachute is added.
    const away = await served.fetch('/secret', { redirect: 'manual' })
    expect([away.status, away.headers.get('location'), away.headers.get('x-parachute')]).toEqual([
      302,
      '/login',
      null,
    ])
    await away.body?.cancel()
    const known = await served.fetch('/secret', { headers: { 'x-user': 'ada' } })
    expect(known.headers.get('x-parachute')).toBe('awesome')
    await expectBody(known, 200, 'the secret')
    expect((await served.fetch('/secret', { method: 'DELETE' })).status).toBe(405)
  })
})
