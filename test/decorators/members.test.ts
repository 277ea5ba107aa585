// phial's decorators decorate methods. On a field (an arrow function `check = () => …`), a getter, a
// setter, an accessor or a class they throw at class definition, naming the member, instead of
// registering `undefined` and failing every request later.
import { App, Blueprint, PhialError } from 'phial'
import { describe, expect, it } from 'vitest'
import { blueprintCases, type DecoratorCase, scaffoldCases, untyped } from './_decorators.ts'

const FIELD_FIX = 'phial calls a decorated method with `this` bound to its class or instance'

function errorOf(run: () => unknown): PhialError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(PhialError)
    return error as PhialError
  }
  throw new Error('expected a PhialError')
}

/** Each kind of class element that is not a method, defined with `decorate` on it. */
const elements: { kind: string; member: string; define(decorate: ReturnType<typeof untyped>): void }[] = [
  {
    kind: 'field',
    member: 'check',
    define: (decorate) => {
      class Guard {
        @decorate check = () => 'stop'
      }
      void Guard
    },
  },
  {
    kind: 'field',
    member: 'static check',
    define: (decorate) => {
      class Guard {
        @decorate static check = () => 'stop'
      }
      void Guard
    },
  },
  {
    kind: 'field',
    member: '#check',
    define: (decorate) => {
      class Guard {
        @decorate #check = () => 'stop'
        stop() {
          return this.#check()
        }
      }
      void Guard
    },
  },
  {
    kind: 'getter',
    member: 'check',
    define: (decorate) => {
      class Guard {
        @decorate get check() {
          return 'stop'
        }
      }
      void Guard
    },
  },
  {
    kind: 'setter',
    member: 'static check',
    define: (decorate) => {
      class Guard {
        @decorate static set check(_value: string) {}
      }
      void Guard
    },
  },
  {
    kind: 'accessor',
    member: 'check',
    define: (decorate) => {
      class Guard {
        @decorate accessor check = 'stop'
      }
      void Guard
    },
  },
  {
    kind: 'class',
    member: 'class Guard',
    define: (decorate) => {
      @decorate
      class Guard {}
      void Guard
    },
  },
]

function expected(decorator: string, element: (typeof elements)[number]): string {
  const article = element.kind === 'accessor' ? 'an' : 'a'
  const base = `${decorator} on ${element.member}: decorate a method, not ${article} ${element.kind}`
  if (element.kind !== 'field') return base
  const name = element.member.replace('static ', '')
  return `${base}. Write ${name}(…) { … } instead of ${name} = (…) => …: ${FIELD_FIX}`
}

const owners = [
  { owner: 'app', cases: scaffoldCases, create: () => new App() },
  {
    owner: 'admin',
    cases: [...scaffoldCases, ...blueprintCases] as readonly DecoratorCase<Blueprint>[],
    create: () => new Blueprint('admin'),
  },
]

describe.each(owners)('decorators of $owner on what is not a method', ({ owner, cases, create }) => {
  it.each(cases)('refuses $written on a field, an accessor or a class, naming the member', (c) => {
    const written = c.written.replaceAll('OWNER', owner)
    for (const element of elements) {
      const scope = create()
      const error = errorOf(() => element.define(untyped(c.of(scope as App & Blueprint))))
      expect(error.message).toBe(expected(written, element))
    }
  })
})

describe('a hook decorating an arrow-function field', () => {
  it('throws at class definition; written as a method, the hook runs with this bound', async () => {
    const app = new App()
    app.get('/', () => 'home')
    expect(() => {
      class Guard {
        @untyped(app.beforeRequest) check = () => 'stop'
        @untyped(app.errorHandler(404)) notFound = () => 'custom 404'
      }
      void Guard
    }).toThrow(`@app.beforeRequest on check: decorate a method, not a field. Write check(…) { … } instead`)
    const res = await app.request('/')
    expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([
      200,
      'text/html; charset=utf-8',
      'home',
    ])
    const missing = await app.request('/missing')
    expect([missing.status, missing.headers.get('content-type')]).toEqual([404, 'text/html; charset=utf-8'])
    expect(await missing.text()).toContain('Not Found')
    const fixed = new App()
    fixed.get('/', () => 'home')
    class Guard {
      readonly answer = 'stopped'
      @fixed.beforeRequest
      check() {
        return this.answer
      }
    }
    new Guard()
    const stopped = await fixed.request('/')
    expect([stopped.status, await stopped.text()]).toEqual([200, 'stopped'])
  })
})
