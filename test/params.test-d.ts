import { App, Blueprint, json, type PhialRequest, type PhialResponse } from 'phial'
import { describe, expectTypeOf, it } from 'vitest'

describe('params typed from the path literal', () => {
  it('types :id as string and <int:id> as number', () => {
    const app = new App()
    app.get('/users/:id', (req) => {
      expectTypeOf(req.params).toEqualTypeOf<{ id: string }>()
      return ''
    })
    app.get('/posts/<int:id>/<float:score>', (req) => {
      expectTypeOf(req.params.id).toEqualTypeOf<number>()
      expectTypeOf(req.params.score).toEqualTypeOf<number>()
      return ''
    })
    app.get('/files/*path', (req) => {
      expectTypeOf(req.params.path).toEqualTypeOf<string>()
      return ''
    })
    app.get('/docs{/:section}', (req) => {
      expectTypeOf(req.params.section).toEqualTypeOf<string | undefined>()
      return ''
    })
  })

  it('adds the defaults to the params, and keeps options without defaults as they were', () => {
    const app = new App()
    app.get('/users/', { defaults: { page: 1 } }, (req) => {
      expectTypeOf(req.params).toEqualTypeOf<{ page: number }>()
      return ''
    })
    app.get('/u/<int:id>', { defaults: { tab: 'posts' } }, (req) => {
      expectTypeOf(req.params.id).toEqualTypeOf<number>()
      expectTypeOf(req.params.tab).toEqualTypeOf<string>()
      return ''
    })
    app.get('/v/:id', { endpoint: 'v' }, (req) => {
      expectTypeOf(req.params).toEqualTypeOf<{ id: string }>()
      return ''
    })
    app.get('/docs{/:section}', { endpoint: 'docs' }, (req) => {
      expectTypeOf(req.params).toEqualTypeOf<{ section?: string }>()
      return ''
    })
    const list = (req: PhialRequest<{ page: number }>) => req.params.page
    app.get('/list/', { defaults: { page: 1 } }, list)
    app.get('/list/<int:page>', list)
    // @ts-expect-error: the path gives no page, and no default does either
    app.get('/nolist/', list)
  })

  it('adds the params of a subdomain pattern', () => {
    const app = new App({ serverName: 'example.com' })
    app.get('/posts/<int:id>', { subdomain: '<user>' }, (req) => {
      expectTypeOf(req.params).toEqualTypeOf<{ id: number; user: string }>()
      return ''
    })
    app.get('/', { subdomain: 'api' }, (req) => {
      expectTypeOf(req.params).toEqualTypeOf<{}>()
      return ''
    })
  })

  it('lets a decorated method declare its request type', () => {
    const app = new App()
    class C {
      @app.get('/x/<int:n>')
      static show(req: PhialRequest<{ n: number }>) {
        expectTypeOf(req.params.n).toEqualTypeOf<number>()
        return ''
      }
    }
    void C
  })
})

describe('json<T>()', () => {
  it('checks the value against the type argument when one is given', () => {
    interface User {
      id: number
      name: string
    }
    expectTypeOf(json<User>({ id: 1, name: 'Ada' })).toEqualTypeOf<PhialResponse>()
    // @ts-expect-error: id is a number
    json<User>({ id: '1', name: 'Ada' })
    expectTypeOf(json({ any: 'value' }, 201)).toEqualTypeOf<PhialResponse>()
  })
})

describe('errorHandler(Class, fn)', () => {
  it('types the error as an instance of the class, and a number key as before', () => {
    class DbError extends Error {
      readonly table = 'posts'
    }
    class Other extends Error {
      readonly other = 1
    }
    const app = new App()
    app.errorHandler(DbError, (e) => expectTypeOf(e).toEqualTypeOf<DbError>())
    // @ts-expect-error: DbError has no `nonexistent` (the error was `any`)
    app.errorHandler(DbError, (e) => e.nonexistent)
    // @ts-expect-error: a handler of another class
    app.errorHandler(DbError, (e: Other) => e.other)
    app.errorHandler(DbError, (e: Error) => e.message) // a parent class is fine
    app.errorHandler(404, (e) => expectTypeOf(e).toBeAny()) // a 500 handler gets whatever was thrown
    for (const key of [500, DbError] as const) app.errorHandler(key, (e) => expectTypeOf(e).toBeUnknown())
    new Blueprint('b').appErrorHandler(DbError, (e) => expectTypeOf(e).toEqualTypeOf<DbError>())
  })
})
