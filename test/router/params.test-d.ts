import { describe, expectTypeOf, it } from 'vitest'
import type { ParamsOf } from '../../src/router/index.ts'

describe('ParamsOf', () => {
  it('types path-to-regexp params as strings', () => {
    expectTypeOf<ParamsOf<'/users/:id'>>().toEqualTypeOf<{ id: string }>()
    expectTypeOf<ParamsOf<'/repos/:owner/:repo/events'>>().toEqualTypeOf<{ owner: string; repo: string }>()
    expectTypeOf<ParamsOf<'/files/*path'>>().toEqualTypeOf<{ path: string }>()
    expectTypeOf<ParamsOf<'/files/:name.:ext'>>().toEqualTypeOf<{ name: string; ext: string }>()
    expectTypeOf<ParamsOf<'/x/:"user id"'>>().toEqualTypeOf<{ 'user id': string }>()
  })

  it('types Flask converters', () => {
    expectTypeOf<ParamsOf<'/posts/<int:id>'>>().toEqualTypeOf<{ id: number }>()
    expectTypeOf<ParamsOf<'/p/<float:x>/<name>'>>().toEqualTypeOf<{ x: number; name: string }>()
    expectTypeOf<ParamsOf<'/f/<path:p>/<uuid:u>/<string:s>'>>().toEqualTypeOf<{
      p: string
      u: string
      s: string
    }>()
    expectTypeOf<ParamsOf<'/<any(a, b):page>'>>().toEqualTypeOf<{ page: string }>()
    expectTypeOf<ParamsOf<'/p/<int(min=1, max=9):n>'>>().toEqualTypeOf<{ n: number }>()
    expectTypeOf<ParamsOf<'/v<int:n>/x'>>().toEqualTypeOf<{ n: number }>()
  })

  it('types custom converters as unknown', () => {
    expectTypeOf<ParamsOf<'/c/<hex:n>'>>().toEqualTypeOf<{ n: unknown }>()
  })

  it('makes params inside braces optional', () => {
    expectTypeOf<ParamsOf<'/docs{/:section}'>>().toEqualTypeOf<{ section?: string }>()
    expectTypeOf<ParamsOf<'/u/<int:id>{/:tab{/<int:page>}}'>>().toEqualTypeOf<{
      id: number
      tab?: string
      page?: number
    }>()
    expectTypeOf<ParamsOf<'/a{/:b}/:c'>>().toEqualTypeOf<{ b?: string; c: string }>()
  })

  it('skips escaped characters and static paths', () => {
    expectTypeOf<ParamsOf<'/a\\:b/:c'>>().toEqualTypeOf<{ c: string }>()
    expectTypeOf<ParamsOf<'/about'>>().toEqualTypeOf<{}>()
  })

  it('falls back to a record for a non-literal path', () => {
    expectTypeOf<ParamsOf<string>>().toEqualTypeOf<Record<string, unknown>>()
  })
})
