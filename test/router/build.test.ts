import { describe, expect, it } from 'vitest'
import { PhialError } from '../../src/errors.ts'
import { Router } from '../../src/router/index.ts'

function rule(text: string) {
  return new Router<number>().add(text, ['GET'], 0)
}

describe('Rule.build', () => {
  it('fills params and reports unused keys', () => {
    expect(rule('/users/:id').build({ id: 7, page: 2 })).toEqual({ path: '/users/7', unused: ['page'] })
  })

  it('builds a static rule', () => {
    expect(rule('/about/').build({})).toEqual({ path: '/about/', unused: [] })
  })

  it('percent-encodes / space ? # % in a normal param', () => {
    expect(rule('/q/:v').build({ v: 'a/b c?d#e%f' }).path).toBe('/q/a%2Fb%20c%3Fd%23e%25f')
  })

  it('keeps / in a path param and encodes the rest', () => {
    expect(rule('/files/<path:p>').build({ p: 'a b/c?.txt' }).path).toBe('/files/a%20b/c%3F.txt')
    expect(rule('/files/*p/edit').build({ p: 'x/y' }).path).toBe('/files/x/y/edit')
  })

  it('formats with the converter', () => {
    expect(rule('/y/<int(fixed_digits=4):y>').build({ y: 7 }).path).toBe('/y/0007')
    expect(rule('/f/<float:x>/<any(a, b):c>').build({ x: 1.5, c: 'a' }).path).toBe('/f/1.5/a')
  })

  it('refuses a value the converter cannot write back into a matching URL (Werkzeug: int("abc"))', () => {
    const int = rule('/i/<int:id>')
    expect(int.build({ id: '42' }).path).toBe('/i/42') // a query-string value
    for (const id of ['abc', 1.5, -5, 1e21, ''])
      expect(() => int.build({ id }), String(id)).toThrow(/route "\/i\/<int:id>": the value of "id"/)
    expect(rule('/s/<int(signed=True):n>').build({ n: -5 }).path).toBe('/s/-5')
    expect(rule('/f/<int(fixed_digits=3):n>').build({ n: 7 }).path).toBe('/f/007')
    const float = rule('/x/<float:v>')
    expect(float.build({ v: 1 }).path).toBe('/x/1.0') // Werkzeug's str(float(1))
    expect(float.build({ v: '2.5' }).path).toBe('/x/2.5')
    expect(() => float.build({ v: 'NaN' })).toThrow(PhialError)
  })

  it("refuses an any value outside its choices (Werkzeug: \"'nope' is not one of 'about', 'help'\")", () => {
    const any = rule('/a/<any(about, help):page>')
    expect(any.build({ page: 'help' }).path).toBe('/a/help')
    expect(() => any.build({ page: 'nope' })).toThrow(
      'route "/a/<any(about, help):page>": the value of "page": "nope" is not one of "about", "help"',
    )
    expect(rule('/v/<any(1, 2):v>').build({ v: 2 }).path).toBe('/v/2')
  })

  it('refuses an int past 2^53, whose digits a number has lost and whose URL parse refuses', () => {
    const int = rule('/i/<int(signed=True):n>')
    expect(int.build({ n: 2 ** 53 - 1 }).path).toBe('/i/9007199254740991')
    expect(int.build({ n: 1n }).path).toBe('/i/1')
    for (const n of [2 ** 60, -(2 ** 53), '99999999999999999999999', 2n ** 60n])
      expect(() => int.build({ n }), String(n)).toThrow(
        /route "\/i\/<int\(signed=True\):n>": the value of "n"/,
      )
  })

  it('refuses a lone surrogate with a PhialError, not a URIError', () => {
    expect(() => rule('/s/<name>').build({ name: 'a\uD800' })).toThrow(PhialError)
    expect(() => rule('/p/<path:p>').build({ p: 'a/\uDC00' })).toThrow(/well-formed Unicode/)
  })

  it('picks the variant that uses the most given values', () => {
    const docs = rule('/docs{/:section{/:page}}')
    expect(docs.build({}).path).toBe('/docs')
    expect(docs.build({ section: 'intro' }).path).toBe('/docs/intro')
    expect(docs.build({ section: 'intro', page: 2 }).path).toBe('/docs/intro/2')
    expect(docs.build({ page: 2 })).toEqual({ path: '/docs', unused: ['page'] })
  })

  it('builds mixed segments and text with escaped characters', () => {
    expect(rule('/f/:name.:ext').build({ name: 'a', ext: 'txt' }).path).toBe('/f/a.txt')
    expect(rule('/a\\:b/:c').build({ c: 'd' }).path).toBe('/a:b/d')
  })

  it('names the rule and each missing value', () => {
    const r = rule('/repos/:owner/:repo')
    expect(() => r.build({ owner: 'o' })).toThrow(PhialError)
    expect(() => r.build({})).toThrow(
      'route "/repos/:owner/:repo": cannot build a URL: missing value for "owner", "repo"',
    )
  })

  it('names the values the rule has no place for beside a missing one, as a misspelt key is', () => {
    expect(() => rule('/users/<int:id>').build({ idd: 3, page: 2, empty: undefined })).toThrow(
      'route "/users/<int:id>": cannot build a URL: missing value for "id" (given, and not in the rule: "idd", "page")',
    )
  })

  it('ignores undefined values in unused', () => {
    expect(rule('/a').build({ x: undefined }).unused).toEqual([])
  })

  it('round-trips a matched route', () => {
    const router = new Router<number>()
    router.add('/p/<int:id>/<path:rest>', ['GET'], 0)
    const match = router.match('GET', '/p/12/a b/c')
    if (match.type !== 'route') throw new Error('expected a route')
    expect(match.rule.build(match.params).path).toBe('/p/12/a%20b/c')
  })
})
