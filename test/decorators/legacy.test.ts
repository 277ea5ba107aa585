// "experimentalDecorators": true (NestJS, TypeORM, Angular projects) makes TypeScript, tsx, Bun and
// Deno call decorators the legacy way, (target, key, descriptor): every phial decorator refuses that
// at class definition with one message naming the member and both fixes.
import { App, Blueprint, PhialError } from 'phial'
import { describe, expect, it } from 'vitest'
import { blueprintCases, type DecoratorCase, legacyDecorate, scaffoldCases } from './_decorators.ts'

const legacy = (decorator: string, member: string, call: string) =>
  `${decorator} on ${member}: phial's decorators are TC39 standard decorators, but this file was compiled with "experimentalDecorators": true. Remove it from tsconfig.json (or register with ${call})`

function errorOf(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  return undefined
}

/** An app serving `/`, and the scope whose decorators are tried: the app, or a blueprint on it. */
const owners = [
  {
    owner: 'app',
    cases: scaffoldCases,
    create() {
      const app = new App()
      return { app, scope: app }
    },
  },
  {
    owner: 'admin',
    cases: [...scaffoldCases, ...blueprintCases] as readonly DecoratorCase<Blueprint>[],
    create() {
      const app = new App()
      const scope = new Blueprint('admin')
      app.registerBlueprint(scope)
      return { app, scope }
    },
  },
]

describe.each(owners)('legacy decorators of $owner', ({ owner, cases, create }) => {
  it.each(cases)('refuses $written on a static and an instance method, naming the fix', async (c) => {
    const { app, scope } = create()
    app.get('/', () => 'home')
    class About {
      static about() {
        return 'About'
      }
      about() {
        return 'About'
      }
    }
    const [written, call] = [c.written, c.call].map((text) => text.replaceAll('OWNER', owner)) as [
      string,
      string,
    ]
    for (const target of [About, About.prototype]) {
      const error = errorOf(() => legacyDecorate([c.of(scope as App & Blueprint)], target, 'about'))
      expect(error).toBeInstanceOf(PhialError)
      expect((error as PhialError).message).toBe(legacy(written, 'About.about', call))
    }
    // Nothing was half-registered: the app serves as it did.
    const res = await app.request('/')
    expect([res.status, await res.text()]).toEqual([200, 'home'])
    expect((await app.request('/about')).status).toBe(404)
  })
})

describe('legacy decorators', () => {
  it('refuses a legacy field decorator (an undefined descriptor) the same way', async () => {
    const app = new App()
    class Guard {
      check = () => 'stop'
    }
    const error = errorOf(() => legacyDecorate([app.beforeRequest], Guard.prototype, 'check', 'field'))
    expect((error as PhialError).message).toBe(
      legacy('@app.beforeRequest', 'Guard.check', 'app.beforeRequest(fn)'),
    )
    app.get('/', () => 'home')
    const res = await app.request('/')
    expect([res.status, await res.text()]).toEqual([200, 'home'])
  })

  it('refuses a legacy class decorator, which gets no context at all', () => {
    const app = new App()
    class About {}
    const decorate = app.get('/about') as unknown as (target: unknown) => void
    expect(() => decorate(About)).toThrow(
      new PhialError(
        `@app.get('/about') received no TC39 decorator context: decorate a method (with TC39 decorators, not "experimentalDecorators"), or register with app.get('/about', handler)`,
      ),
    )
  })

  it('serves the route registered with the call form the message suggests', async () => {
    const app = new App()
    class About {
      static about() {
        return 'About'
      }
    }
    expect(() => legacyDecorate([app.get('/about')], About, 'about')).toThrow(
      new PhialError(legacy("@app.get('/about')", 'About.about', "app.get('/about', handler)")),
    )
    app.get('/about', About.about)
    const res = await app.request('/about')
    expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([
      200,
      'text/html; charset=utf-8',
      'About',
    ])
  })
})
