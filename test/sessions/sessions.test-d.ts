import { App, flash, getFlashedMessages, type PhialRequest } from 'phial'
import { describe, expectTypeOf, it } from 'vitest'

// How an app types its session keys (docs/sessions.md); a name no other test uses.
declare module 'phial' {
  interface SessionData {
    typedSessionUserId: number
  }
}

describe('session types', () => {
  it('types augmented keys, and leaves the others unknown', () => {
    const app = new App({ secretKey: 'k' })
    app.get('/', (req) => {
      expectTypeOf(req.session.get('typedSessionUserId')).toEqualTypeOf<number | undefined>()
      expectTypeOf(req.session.get('anything')).toEqualTypeOf<unknown>()
      req.session.set('typedSessionUserId', 7)
      // @ts-expect-error the key is declared as a number
      req.session.set('typedSessionUserId', 'seven')
      return ''
    })
  })

  it('types flashed messages by withCategories', () => {
    const req = {} as PhialRequest
    expectTypeOf(flash).parameter(2).toEqualTypeOf<string | undefined>()
    expectTypeOf(getFlashedMessages(req)).toEqualTypeOf<string[]>()
    expectTypeOf(getFlashedMessages(req, { categoryFilter: ['error'] })).toEqualTypeOf<string[]>()
    expectTypeOf(getFlashedMessages(req, { withCategories: true })).toEqualTypeOf<
      [category: string, message: string][]
    >()
  })
})
