import { App, Blueprint, type PhialRequest } from 'phial'
import { describe, expectTypeOf, it } from 'vitest'

describe("a blueprint's urlPrefix params in its routes' params", () => {
  it('adds the params of a literal prefix to the path params, in every registrar', () => {
    const bp = new Blueprint('org', { urlPrefix: '/org/<int:org>' })
    expectTypeOf(bp).toEqualTypeOf<Blueprint<'/org/<int:org>'>>()
    bp.get('/members/:id', (req) => {
      expectTypeOf(req.params).toEqualTypeOf<{ org: number; id: string }>()
      return ''
    })
    bp.get('members/:id', { endpoint: 'member' }, (req) => {
      expectTypeOf(req.params).toEqualTypeOf<{ org: number; id: string }>()
      return ''
    })
    bp.get('', (req) => {
      expectTypeOf(req.params).toEqualTypeOf<{ org: number }>()
      return ''
    })
    for (const register of [bp.post, bp.put, bp.patch, bp.delete, bp.head, bp.options, bp.all]) {
      register('/x/:id', (req) => {
        expectTypeOf(req.params).toEqualTypeOf<{ org: number; id: string }>()
        return ''
      })
    }
    bp.route('/r/:id', { methods: ['GET', 'POST'] }, (req) => {
      expectTypeOf(req.params).toEqualTypeOf<{ org: number; id: string }>()
      return ''
    })
  })

  it('joins the prefix params with the defaults and the subdomain params', () => {
    const bp = new Blueprint('org', { urlPrefix: '/org/:org/' })
    bp.get('/page', { defaults: { page: 1 }, subdomain: '<user>' }, (req) => {
      expectTypeOf(req.params).toEqualTypeOf<{ org: string; page: number; user: string }>()
      return ''
    })
  })

  it('changes nothing for a prefix without params, no prefix, or one not known at compile time', () => {
    const plain = new Blueprint('admin', { urlPrefix: '/admin' })
    plain.get('/users/<int:id>', (req) => {
      expectTypeOf(req.params).toEqualTypeOf<{ id: number }>()
      return ''
    })
    new Blueprint('bare').get('/users/:id', (req) => {
      expectTypeOf(req.params).toEqualTypeOf<{ id: string }>()
      return ''
    })
    const dynamic = new Blueprint('dyn', { urlPrefix: String(process.env.PREFIX) })
    dynamic.get('/users/:id', (req) => {
      expectTypeOf(req.params).toEqualTypeOf<{ id: string }>()
      return ''
    })
  })

  it('refuses a param that neither the prefix nor the path has', () => {
    const bp = new Blueprint('org', { urlPrefix: '/org/<int:org>' })
    bp.get('/members/:id', (req) => {
      // @ts-expect-error: no team in the prefix or the path
      return req.params.team
    })
    // @ts-expect-error: the prefix gives org as a number, not a string
    bp.get('/members', (req: PhialRequest<{ org: string }>) => req.params.org)
  })

  it('still takes decorated methods, which declare their request type', () => {
    const bp = new Blueprint('org', { urlPrefix: '/org/<int:org>' })
    class Views {
      @bp.get('/members/:id')
      static member(req: PhialRequest<{ org: number; id: string }>) {
        return `${req.params.org}/${req.params.id}`
      }
    }
    void Views
  })

  it('types urlFor of a blueprint handler with the rule of prefix and path', () => {
    const bp = new Blueprint('org', { urlPrefix: '/org/<int:org>' })
    const member = bp.get('/members/:id', function member(req) {
      return req.params.id
    })
    const app = new App()
    app.registerBlueprint(bp)
    expectTypeOf(app.urlFor(member, { org: 1, id: 'a' })).toEqualTypeOf<string>()
    // @ts-expect-error: org is missing
    app.urlFor(member, { id: 'a' })
    // @ts-expect-error: org must be a number
    app.urlFor(member, { org: 'acme', id: 'a' })
  })

  it('keeps a blueprint with a prefix assignable where a Blueprint is expected', () => {
    const make = (): Blueprint => new Blueprint('org', { urlPrefix: '/org/<int:org>' })
    new App().registerBlueprint(make())
    new Blueprint('parent').registerBlueprint(new Blueprint('org', { urlPrefix: '/org/<int:org>' }))
  })
})
