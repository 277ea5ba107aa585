import { App, type PhialRequest } from 'phial'
import { Cache } from 'phial/cache'
import { describe, expectTypeOf, it } from 'vitest'

describe('cache.cached() types', () => {
  it('keeps an annotated request type, and the route checks it against the path', () => {
    const app = new App()
    const cache = new Cache()
    const show = app.get(
      '/posts/<int:id>',
      cache.cached((req: PhialRequest<{ id: number }>) => {
        expectTypeOf(req.params.id).toEqualTypeOf<number>()
        return ''
      }),
    )
    app.urlFor(show, { id: 7 })
    const wantsNumber = cache.cached((req: PhialRequest<{ id: number }>) => String(req.params.id))
    // @ts-expect-error the path gives a string, the view wants a number
    app.get('/posts/:id', wantsNumber)
  })

  it('types a decorated method as written, and the decorator returns it unchanged in type', () => {
    const app = new App()
    const cache = new Cache()
    class Pages {
      @app.get('/about')
      @cache.cached({ timeout: 60 })
      static about(req: PhialRequest) {
        return req.path
      }
    }
    expectTypeOf(Pages.about).toEqualTypeOf<(req: PhialRequest) => string>()
  })

  it('takes options and a view, or a view alone, and refuses unknown options', () => {
    const cache = new Cache()
    cache.cached(() => 'x')
    cache.cached({ timeout: 5, queryString: false, unless: (req) => req.query.has('x') }, () => 'x')
    // @ts-expect-error no such option
    cache.cached({ ttl: 5 }, () => 'x')
  })
})
