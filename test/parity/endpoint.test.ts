// Flask's `app.endpoint(name)` (tests/test_basic.py, test_endpoint_decorator): rules registered
// without a view, and views bound to their endpoint by name, before or after the rules.
import { App, Blueprint, PhialError, type PhialRequest } from 'phial'
import { describe, expect, it } from 'vitest'
import { gateways } from '../_gateways.ts'
import { expectBody, recordingLogger, useGateway } from './_parity.ts'

describe.each(gateways)('app.endpoint through $name', (gateway) => {
  const serve = useGateway(gateway)

  it('binds views to rules registered without one (test_endpoint_decorator)', async () => {
    const app = new App()
    app.addRoute('/foo/bar', ['GET'], null, { endpoint: 'bar' })
    app.addRoute('/foo/', ['GET'], null, { endpoint: 'index' })
    app.endpoint('bar')(() => 'bar') // the decorator form, called
    class Views {
      static greeting = 'index'
      @app.endpoint('index')
      static index(this: typeof Views) {
        return this.greeting
      }
    }
    void Views
    const served = await serve(app)
    await expectBody(await served.fetch('/foo/bar'), 200, 'bar')
    await expectBody(await served.fetch('/foo/'), 200, 'index')
  })

  it('takes a view bound before its rules, and gives every rule of the endpoint the same view', async () => {
    const app = new App()
    const page = app.endpoint('page', (req: PhialRequest) => `${String(req.endpoint)} ${req.path}`)
    app.addRoute('/a', ['GET'], null, { endpoint: 'page' })
    app.addRoute('/b', ['GET', 'POST'], null, { endpoint: 'page' })
    expect(app.urlFor(page)).toBe('/a') // rules of as many values build in the order registered
    const served = await serve(app)
    await expectBody(await served.fetch('/a'), 200, 'page /a')
    await expectBody(await served.fetch('/b', { method: 'POST' }), 200, 'page /b')
  })

  it("binds a blueprint's endpoint under its name and prefix", async () => {
    const app = new App()
    const admin = new Blueprint('admin', { urlPrefix: '/admin' })
    admin.addRoute('/', ['GET'], null, { endpoint: 'home' })
    admin.endpoint('home', (req) => `${String(req.endpoint)} ${req.urlFor('.home')}`)
    app.registerBlueprint(admin)
    const served = await serve(app)
    await expectBody(await served.fetch('/admin/'), 200, `admin.home ${served.prefix}/admin/`)
  })

  it('answers 500 and logs the endpoint for a rule whose view was never bound', async () => {
    const logger = recordingLogger()
    const app = new App({ logger })
    app.addRoute('/lost', ['GET'], null, { endpoint: 'lost' })
    app.get('/ok', () => 'still serving')
    const served = await serve(app)
    const res = await served.fetch('/lost')
    expect(res.status).toBe(500)
    expect(await res.text()).not.toContain('app.endpoint')
    expect(String(logger.errors.flat().find((e) => e instanceof PhialError))).toContain(
      `endpoint "lost" has rules but no view: bind one with app.endpoint('lost', fn) before the first request`,
    )
    await expectBody(await served.fetch('/ok'), 200, 'still serving')
  })
})

describe('app.endpoint, refused', () => {
  it('needs an endpoint for a rule without a view', () => {
    expect(() => new App().addRoute('/x', ['GET'], null)).toThrow(
      `route "/x": a route without a handler needs { endpoint: '…' } to find its view`,
    )
    expect(() => new Blueprint('bp').addRoute('/x', ['GET'], null)).toThrow(PhialError)
  })

  it('refuses a second function for an endpoint, either way round', () => {
    const app = new App()
    app.get('/a', function a() {
      return 'a'
    })
    expect(() => app.endpoint('a', () => 'other')).toThrow(
      'endpoint "a" is already bound to another function',
    )
    app.endpoint('b', () => 'b')
    expect(() => app.get('/b', { endpoint: 'b' }, () => 'other')).toThrow(
      'route "/b": endpoint "b" is already bound to another function',
    )
  })

  it('refuses a view bound after the first request', async () => {
    const app = new App({ logger: recordingLogger() })
    app.addRoute('/late', ['GET'], null, { endpoint: 'late' })
    await app.request('/late')
    expect(() => app.endpoint('late', () => 'late')).toThrow(
      'the view of endpoint "late" was registered after the app served its first request',
    )
  })
})
