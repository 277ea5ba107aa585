import { describe, expect, it } from 'vitest'
import { PhialError } from '../../src/errors.ts'
import { Router } from '../../src/router/index.ts'

/** Bad rules and a piece of the message each must contain: the culprit and the fix. */
const badRules: readonly [rule: string, message: string][] = [
  ['/users/:id?', 'optional parameters are written with braces: `/users{/:id}`'],
  ['/users/<int:id>?', 'optional parameters are written with braces: `/users{/<int:id>}`'],
  ['/*', 'name the wildcard: `/*path`'],
  ['/files/*', 'name the wildcard: `/files/*path`'],
  [
    '/:id(\\d+)',
    'regular expressions in routes are not supported: use a converter `<int:id>` or register a custom converter',
  ],
  ['/:id+', 'repeating parameters are not supported: use a wildcard `/*id`'],
  ['/a+b', 'escape a literal "+" as "\\+"'],
  ['/a(b', 'escape a literal "(" as "\\("'],
  ['/a!', 'escape a literal "!" as "\\!"'],
  ['/search?q', '`?` starts the query string'],
  ['/:', 'name the parameter: `/:id`'],
  ['/{a', 'unclosed optional group'],
  ['/<foo:x>', 'unknown converter "foo"; known converters: string, int, float, any, path, uuid'],
  ['/<int:x', 'bad placeholder `<int:x`'],
  ['/<1x>', 'bad placeholder `<1x>`'],
  ['/:id/:id', 'parameter `id` appears twice'],
  ['/<id>/<int:id>', 'parameter `id` appears twice'],
  ['/:a{/:a}', 'parameter `a` appears twice'],
  ['users', 'rules start with "/": `/users`'],
  ['', 'rules start with "/"'],
  ['/<any:x>', 'converter "any" needs choices'],
  ['/<int(foo=1):x>', 'converter "int" has no argument "foo"'],
  ['/<int(min=a):x>', 'converter argument min must be a number'],
  ['/<uuid(1):x>', 'converter "uuid" takes no arguments'],
]

describe('rule syntax errors', () => {
  for (const [rule, message] of badRules) {
    it(`rejects ${JSON.stringify(rule)} with the fix`, () => {
      const router = new Router<number>()
      let error: unknown
      try {
        router.add(rule, ['GET'], 0)
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(PhialError)
      expect((error as PhialError).message).toContain(`route "${rule}": `)
      expect((error as PhialError).message).toContain(message)
    })
  }

  it('accepts escaped special characters as text', () => {
    const router = new Router<number>()
    router.add('/a\\+b\\(c\\)\\?', ['GET'], 0)
    expect(router.match('GET', '/a+b(c)?')).toMatchObject({ type: 'route', data: 0 })
  })

  it('rejects a rule with too many optional groups', () => {
    const router = new Router<number>()
    expect(() => router.add('/x{/:a}{/:b}{/:c}{/:d}{/:e}{/:f}{/:g}', ['GET'], 0)).toThrow(
      /too many optional groups/,
    )
  })
})
