import {
  App,
  abort,
  Blueprint,
  type Handler,
  HTTPError,
  PhialError,
  type PhialRequest,
  redirect,
} from 'phial'
import { describe, expect, it } from 'vitest'

describe('registration', () => {
  it('registers static methods with standard decorators; this is the class', async () => {
    const app = new App()
    class Pages {
      static title = 'About us'
      @app.get('/about')
      static about(this: typeof Pages) {
        return this.title
      }
      @app.post('/contact', { endpoint: 'contact_form' })
      static contact() {
        return 'sent'
      }
    }
    void Pages
    expect(await (await app.request('/about')).text()).toBe('About us')
    expect(await (await app.request('/contact', { method: 'POST' })).text()).toBe('sent')
    expect(app.urlFor('about')).toBe('/about')
    expect(app.urlFor('contact_form')).toBe('/contact')
  })

  it('registers instance methods when the instance is built; this is the instance', async () => {
    const app = new App()
    class Users {
      constructor(readonly names: string[]) {}
      @app.get('/users/<int:id>')
      show(req: PhialRequest<{ id: number }>) {
        return { name: this.names[req.params.id] ?? null }
      }
    }
    new Users(['ada', 'grace'])
    expect(await (await app.request('/users/1')).json()).toEqual({ name: 'grace' })
  })

  it('refuses a second instance of a decorated class: the route is already registered', () => {
    const app = new App()
    class Once {
      @app.get('/once')
      show() {
        return 'x'
      }
    }
    new Once()
    expect(() => new Once()).toThrow(PhialError)
  })

  it('names endpoints after the function, or endpoint:, or the rule for anonymous handlers', () => {
    const app = new App()
    app.get('/a', function listAll() {
      return 'a'
    })
    app.get('/b', { endpoint: 'bee' }, () => 'b')
    app.get('/c/:id', () => 'c')
    expect(app.urlFor('listAll')).toBe('/a')
    expect(app.urlFor('bee')).toBe('/b')
    expect(app.urlFor('GET /c/:id', { id: 3 })).toBe('/c/3')
  })

  it('refuses to rebind an endpoint to another function, and allows the same function on two rules', async () => {
    const app = new App()
    function page() {
      return 'page'
    }
    app.get('/page', page)
    app.get('/page/alias', page)
    expect(() => app.get('/other', { endpoint: 'page' }, () => 'other')).toThrow(
      /endpoint "page" is already bound/,
    )
    expect(await (await app.request('/page/alias')).text()).toBe('page')
  })

  it('refuses the same rule and method twice', () => {
    const app = new App()
    app.get('/dup', () => 'a')
    expect(() => app.get('/dup', { endpoint: 'again' }, () => 'b')).toThrow(PhialError)
  })

  it('shows the fix for Express 4 syntax at registration', () => {
    const app = new App()
    expect(() => app.get('/users/:id?', () => 'x')).toThrow(/\{\/:id\}/)
    expect(() => app.get('/files/*', () => 'x')).toThrow(/\*path|name the wildcard/)
    expect(() => app.get('/n/:id(\\d+)', () => 'x')).toThrow(/<int:id>/)
  })

  it('returns the handler from the call form, as Flask decorators do', () => {
    const app = new App()
    const handler = () => 'x'
    expect(app.get('/x', handler)).toBe(handler)
  })

  it('uses custom converters registered on the app', async () => {
    const app = new App({
      converters: {
        hex: {
          regex: '[0-9a-f]+',
          parse: (v) => Number.parseInt(v, 16),
          format: (v: number) => v.toString(16),
        },
      },
    })
    app.get('/color/<hex:value>', function color(req) {
      return { value: req.params.value }
    })
    expect(await (await app.request('/color/ff')).json()).toEqual({ value: 255 })
    expect((await app.request('/color/zz')).status).toBe(404)
    expect(app.urlFor('color', { value: 171 })).toBe('/color/ab')
  })
})

describe('hooks and error handlers (core)', () => {
  it('runs before hooks app first, lets the first value answer, runs after hooks in reverse, always tears down', async () => {
    const app = new App()
    const order: string[] = []
    app.beforeRequest(() => {
      order.push('before1')
    })
    app.beforeRequest((req) => {
      order.push('before2')
      if (req.query.has('stop')) return 'stopped early'
    })
    app.afterRequest((res) => {
      order.push('after1')
      res.setHeader('x-after', '1')
    })
    app.afterRequest(() => {
      order.push('after2')
    })
    app.teardownRequest(() => {
      order.push('teardown')
    })
    app.get('/', () => {
      order.push('view')
      return 'view'
    })
    const res = await app.request('/')
    expect(await res.text()).toBe('view')
    expect(res.headers.get('x-after')).toBe('1')
    expect(order).toEqual(['before1', 'before2', 'view', 'after2', 'after1', 'teardown'])
    order.length = 0
    expect(await (await app.request('/?stop')).text()).toBe('stopped early')
    expect(order).toEqual(['before1', 'before2', 'after2', 'after1', 'teardown'])
  })

  it('finds error handlers by status, then by class nearest first', async () => {
    class AppError extends Error {}
    class NotAllowed extends AppError {}
    const app = new App()
    app.errorHandler(404, () => 'custom 404')
    app.errorHandler(AppError, (error: AppError) => `app error: ${error.constructor.name}`)
    app.errorHandler(Error, () => 'any error')
    app.get('/na', () => {
      throw new NotAllowed()
    })
    app.get('/plain', () => {
      throw new Error('x')
    })
    const missing = await app.request('/missing')
    expect([missing.status, await missing.text()]).toEqual([404, 'custom 404'])
    const na = await app.request('/na')
    expect([na.status, await na.text()]).toEqual([500, 'app error: NotAllowed'])
    expect(await (await app.request('/plain')).text()).toBe('any error')
  })

  it('gives a 4xx HTTPError no stack trace, keeps a 5xx stack, and leaves Error.stackTraceLimit alone', async () => {
    const saved = Error.stackTraceLimit
    Error.stackTraceLimit = 7
    try {
      const client = new HTTPError(404, 'No such post')
      const server = new HTTPError(503)
      expect(client.stack?.split('\n')).toEqual(['HTTPError: No such post'])
      expect(server.stack?.split('\n').length).toBeGreaterThan(1)
      expect(Error.stackTraceLimit).toBe(7)
      // Through a request: the view's abort is still answered with its status and message.
      const app = new App()
      app.get('/post/<int:id>', (req) => abort(404, `No post ${req.params.id}`))
      const res = await app.request('/post/3', { headers: { accept: 'application/json' } })
      expect(res.status).toBe(404)
      expect(await res.text()).toContain('No post 3')
      expect(Error.stackTraceLimit).toBe(7)
    } finally {
      Error.stackTraceLimit = saved
    }
  })

  it('gives a 500 handler the original error', async () => {
    const app = new App({ logger: { error() {}, warn() {}, info() {}, debug() {} } })
    app.errorHandler(500, (error: Error) => `handled: ${error.message}`)
    app.get('/boom', () => {
      throw new RangeError('original')
    })
    const res = await app.request('/boom')
    expect([res.status, await res.text()]).toEqual([500, 'handled: original'])
  })

  it('answers a plain 500 when an error handler throws', async () => {
    const logged: unknown[] = []
    const app = new App({
      logger: { error: (...a: unknown[]) => logged.push(a), warn() {}, info() {}, debug() {} },
    })
    app.errorHandler(404, () => {
      throw new Error('handler bug')
    })
    const res = await app.request('/missing')
    expect(res.status).toBe(500)
    expect(logged).toHaveLength(1)
  })

  it('scopes blueprint error handlers to the blueprint; unmatched URLs reach app handlers only', async () => {
    const app = new App()
    const bp = new Blueprint('api', { urlPrefix: '/api' })
    bp.errorHandler(404, () => ({ error: 'api 404' }))
    bp.get('/thing/<int:id>', (req) => {
      if (req.params.id > 10) throw new HTTPError(404)
      return { id: req.params.id }
    })
    app.errorHandler(404, () => 'app 404')
    app.registerBlueprint(bp)
    expect(await (await app.request('/api/thing/99')).json()).toEqual({ error: 'api 404' })
    expect(await (await app.request('/api/nothing')).text()).toBe('app 404')
  })
})

describe('urlFor', () => {
  it('builds from a handler reference, with unused values as the query string', () => {
    const app = new App()
    const post = app.get('/posts/<int:id>', function post(req) {
      return { id: req.params.id }
    })
    expect(app.urlFor(post, { id: 7, page: 2 })).toBe('/posts/7?page=2')
    expect(() => app.urlFor(() => 'x')).toThrow(/not a registered route/)
  })

  it('applies urlDefaults of the app and of the endpoint blueprint', () => {
    const app = new App()
    const bp = new Blueprint('lang', { urlPrefix: '/<lang>' })
    bp.urlDefaults((_endpoint, values) => {
      values.lang ??= 'en'
    })
    bp.get('/about', function about() {
      return 'about'
    })
    app.registerBlueprint(bp)
    expect(app.urlFor('lang.about')).toBe('/en/about')
    expect(app.urlFor('lang.about', { lang: 'fr' })).toBe('/fr/about')
  })

  it('names the endpoint and the missing value', () => {
    const app = new App()
    app.get('/u/:id', function user() {
      return 'u'
    })
    expect(() => app.urlFor('nope')).toThrow(/no endpoint named "nope"/)
    expect(() => app.urlFor('user')).toThrow(/id/)
  })
})

describe('handler wrappers (docs/routing.md)', () => {
  it('keeps the endpoint of the wrapped function when the wrapper copies its name', async () => {
    const app = new App({ secretKey: 'test' })
    function loginRequired<H extends Handler>(view: H): H {
      const wrapped = ((req) => (req.session.get('user') ? view(req) : redirect('/login'))) as H
      return Object.defineProperty(wrapped, 'name', { value: view.name })
    }
    app.get(
      '/settings',
      loginRequired(function settings() {
        return 'settings'
      }),
    )
    expect(app.urlFor('settings')).toBe('/settings')
    const res = await app.request('/settings', { redirect: 'manual' })
    expect([res.status, res.headers.get('location')]).toEqual([302, '/login'])
  })
})
