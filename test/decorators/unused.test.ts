// `app.get('/x')` without a handler makes a decorator. One never applied registered nothing (the user
// forgot the handler, or the @): the app refuses to serve at its first request, naming the call and
// the fix, instead of answering 404 for a route the source plainly declares. Flask ignores it.
import { App, Blueprint, type PhialError } from 'phial'
import { describe, expect, it } from 'vitest'
import { gateways } from '../_gateways.ts'
import { recordingLogger, useGateway } from '../parity/_parity.ts'

const UNUSED = (call: string, fix: string) =>
  `${call} was called without a handler and never used as a decorator, so it registered nothing: pass the handler, ${fix}, or write @${call} above a method. The cause shows where it was called`

describe.each(gateways)('a route decorator never applied, through $name', (gateway) => {
  const serve = useGateway(gateway)

  it('refuses to serve, naming the call and where it was made', async () => {
    const logger = recordingLogger()
    const app = new App({ logger })
    app.get('/', () => 'home')
    app.get('/about') // the handler forgotten
    const served = await serve(app)
    let error: PhialError
    if (served.port === undefined) {
      error = await served.fetch('/').then(
        () => expect.fail('served'),
        (e: unknown) => e as PhialError,
      )
    } else {
      const res = await served.fetch('/')
      expect(res.status).toBe(500)
      expect(await res.text()).toBe('Internal Server Error')
      error = logger.errors.at(-1)?.[1] as PhialError
    }
    expect(error.message).toBe(UNUSED("app.get('/about')", "app.get('/about', handler)"))
    expect(String((error.cause as Error).stack)).toContain('unused.test.ts')
  })
})

describe('a route decorator applied', () => {
  it('serves, whether applied at once or later, and names a blueprint the way it is written', async () => {
    const app = new App()
    const later = app.post('/later')
    class Pages {
      @app.get('/about')
      static about() {
        return 'About'
      }
      @later
      static posted() {
        return 'posted'
      }
    }
    expect(Pages.about()).toBe('About')
    expect(await (await app.request('/about')).text()).toBe('About')
    expect(await (await app.request('/later', { method: 'POST' })).text()).toBe('posted')

    const other = new App()
    const admin = new Blueprint('admin', { urlPrefix: '/admin' })
    admin.route('/users', { methods: ['GET'] })
    other.registerBlueprint(admin)
    await expect(other.request('/admin/users')).rejects.toThrow(
      UNUSED("admin.route('/users')", "admin.route('/users', handler)"),
    )
  })
})
