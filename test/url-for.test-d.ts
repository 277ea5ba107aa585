import { App } from 'phial'
import { describe, expectTypeOf, it } from 'vitest'

describe('typed urlFor through the handler', () => {
  it('checks the values against the rule of the handler', () => {
    const app = new App()
    const post = app.get('/posts/<int:id>', function post(req) {
      return { id: req.params.id }
    })
    expectTypeOf(app.urlFor(post, { id: 7 })).toEqualTypeOf<string>()
    app.urlFor(post, { id: 7, page: 2 })
    // @ts-expect-error id must be a number
    app.urlFor(post, { id: 'seven' })
    // @ts-expect-error id is missing
    app.urlFor(post, { page: 2 })
    app.urlFor('post', { anything: true })
  })
})
