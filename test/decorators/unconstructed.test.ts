// A decorated instance method registers when its class is constructed. A class never constructed
// registered nothing: the app refuses to serve at its first request, naming the method, instead of
// answering 404 for a route the source plainly declares. Flask has no such case.
import { App, Blueprint, PhialError, type PhialRequest, type PhialResponse } from 'phial'
import { describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'
import { recordingLogger, useGateway } from '../parity/_parity.ts'

const NEVER = (member: string, decorator: string, also = '') =>
  `the instance method ${member}() is decorated with ${decorator} but its class was never constructed, so it never registered: construct the class before the first request, or make the method static${also}. The cause shows where it was decorated`

/** The PhialError an app refused to serve with: the rejection in-process, else the logged error of a 500. */
async function refusal(served: Served, logger: ReturnType<typeof recordingLogger>, path: string) {
  if (served.port === undefined) {
    return (await served.fetch(path).then(
      () => expect.fail('served'),
      (error: unknown) => error,
    )) as PhialError
  }
  const res = await served.fetch(path)
  expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([
    500,
    'text/plain; charset=utf-8',
    'Internal Server Error',
  ])
  return logger.errors.at(-1)?.[1] as PhialError
}

describe.each(gateways)('decorated instance methods through $name', (gateway) => {
  const serve = useGateway(gateway)

  it('refuses to serve when the class of a decorated instance method was never constructed', async () => {
    const logger = recordingLogger()
    const app = new App({ logger })
    app.get('/', () => 'home')
    class About {
      @app.get('/about')
      about() {
        return 'About'
      }
    }
    void About
    const served = await serve(app)
    for (const path of ['/about', '/']) {
      const error = await refusal(served, logger, path)
      expect(error).toBeInstanceOf(PhialError)
      expect(error.message).toBe(NEVER('about', "@app.get('/about')"))
      expect((error.cause as Error).message).toBe("about() was decorated with @app.get('/about') here")
      expect((error.cause as Error).stack).toContain('unconstructed.test.ts')
    }
  })

  it('serves the routes and hooks once the class is constructed, even after a refused request', async () => {
    const logger = recordingLogger()
    const app = new App({ logger })
    class Pages {
      constructor(readonly title: string) {}
      @app.get('/about')
      about() {
        return this.title
      }
      @app.afterRequest
      stamp(res: PhialResponse) {
        res.setHeader('x-title', this.title)
      }
    }
    const served = await serve(app)
    const also = ' (also never constructed: stamp() (@app.afterRequest))'
    expect((await refusal(served, logger, '/about')).message).toBe(NEVER('about', "@app.get('/about')", also))
    new Pages('About us') // the refusal sealed nothing: registering still works
    const res = await served.fetch('/about')
    expect([res.status, res.headers.get('x-title'), await res.text()]).toEqual([200, 'About us', 'About us'])
  })

  it('names every unconstructed method, hooks and blueprints included', async () => {
    const logger = recordingLogger()
    const app = new App({ logger })
    const shop = new Blueprint('shop', { urlPrefix: '/shop' })
    class Guard {
      @app.beforeRequest
      check() {}
    }
    class Shop {
      @shop.get('/')
      index() {
        return 'shop'
      }
      @shop.appErrorHandler(500)
      oops() {
        return 'oops'
      }
    }
    void [Guard, Shop]
    app.registerBlueprint(shop)
    const error = await refusal(await serve(app), logger, '/shop/')
    const also = " (also never constructed: index() (@shop.get('/')), oops() (@shop.appErrorHandler(500)))"
    expect(error.message).toBe(NEVER('check', '@app.beforeRequest', also))
  })

  it('counts a subclass, a blueprint registered after, and ignores blueprints the app never registered', async () => {
    const logger = recordingLogger()
    const app = new App({ logger })
    const shop = new Blueprint('shop', { urlPrefix: '/shop' })
    class Shop {
      @shop.get('/<int:id>')
      item(req: PhialRequest<{ id: number }>) {
        return `item ${req.params.id}`
      }
    }
    class Sub extends Shop {}
    new Sub() // a subclass runs the initializers of its base
    app.registerBlueprint(shop)
    const unused = new Blueprint('unused')
    class Unused {
      @unused.get('/')
      index() {
        return 'unused'
      }
    }
    class Late {
      @app.get('/late')
      late() {
        return 'late'
      }
    }
    void Unused
    const served = await serve(app)
    expect((await refusal(served, logger, '/shop/7')).message).toBe(NEVER('late', "@app.get('/late')"))
    new Late()
    const res = await served.fetch('/shop/7')
    expect([res.status, await res.text()]).toEqual([200, 'item 7'])
  })
})
