import { PhialError } from './errors.ts'

/** The context a TC39 method decorator receives. */
// biome-ignore lint/suspicious/noExplicitAny: decorators accept methods of any signature
export type DecoratorContext = ClassMethodDecoratorContext<unknown, any>

/** What a decorator received: `(value, context)` from a TC39 compiler, `(target, key, descriptor)` from a legacy one. */
export type DecoratorArgs = readonly [value: unknown, context: unknown]

/**
 * @internal The methods phial's decorators registered, as written: a decorator written above one of
 * them (applied after it) wraps a function the route never calls, so it can refuse to (`@cache.cached()`).
 */
export const decoratedMethods = new WeakSet<object>()

/** A decorated instance method whose class has not been constructed yet. */
interface Waiting {
  /** The decorator as written, such as `@app.get('/about')`. */
  decorator: string
  /** The method as written: `about`, `#about`. */
  member: string
  /** Its stack is where the method was decorated: the class itself is unknown until constructed. */
  site: Error
}

/**
 * The phial decorators applied to one app or blueprint: checks that each was applied the TC39 way
 * to a method, and remembers instance methods until their class is constructed, so that the app
 * refuses to serve without their routes and hooks instead of answering 404.
 */
export class Decorations {
  readonly #waiting = new Set<Waiting>()
  readonly #unused = new Set<Error>()
  readonly #included = new Set<Decorations>()

  /**
   * Records a decorator made by a call without a handler (`app.get('/x')`) until it is applied: one
   * never applied registered nothing. Returns the function that marks it applied.
   */
  made(decorator: string): () => void {
    const site = new Error(`${decorator.slice(1)} was called here`)
    this.#unused.add(site)
    return () => this.#unused.delete(site)
  }

  /**
   * Calls `register` with the `this` of a decorated method: its class when the class is defined (a
   * static method), or each instance as it is constructed (an instance method). `decorator` names
   * the decorator in errors, such as `@app.get('/about')`.
   */
  apply(
    decorator: string,
    [value, context]: DecoratorArgs,
    register: (thisArg: unknown, name: string | symbol) => void,
  ): void {
    const method = toMethodContext(decorator, value, context)
    decoratedMethods.add(value as object)
    if (method.static) {
      method.addInitializer(function (this: unknown) {
        register(this, method.name)
      })
      return
    }
    const member = describe(method)
    const site = new Error(`${member}() was decorated with ${decorator} here`)
    const waiting: Waiting = { decorator, member, site }
    const all = this.#waiting
    all.add(waiting)
    method.addInitializer(function (this: unknown) {
      all.delete(waiting)
      register(this, method.name)
    })
  }

  /** Also checks `other` (a blueprint's decorations) in {@link Decorations.assertConstructed}. */
  include(other: Decorations): void {
    this.#included.add(other)
  }

  /**
   * Throws a `PhialError` if a decorated instance method's class was never constructed: its route or
   * hook never registered. Called once, when the app seals its setup.
   */
  assertConstructed(): void {
    const unused = [this, ...this.#included].flatMap((d) => [...d.#unused])[0]
    if (unused !== undefined) {
      const call = unused.message.slice(0, -' was called here'.length)
      throw new PhialError(
        `${call} was called without a handler and never used as a decorator, so it registered nothing: pass the handler, ${callFormOf(`@${call}`)}, or write @${call} above a method. The cause shows where it was called`,
        { cause: unused },
      )
    }
    const waiting = [this, ...this.#included].flatMap((d) => [...d.#waiting])
    const [first, ...others] = waiting
    if (first === undefined) return
    const also =
      others.length === 0
        ? ''
        : ` (also never constructed: ${others.map((w) => `${w.member}() (${w.decorator})`).join(', ')})`
    throw new PhialError(
      `the instance method ${first.member}() is decorated with ${first.decorator} but its class was never constructed, so it never registered: construct the class before the first request, or make the method static${also}. The cause shows where it was decorated`,
      { cause: first.site },
    )
  }
}

/**
 * The context of a TC39 decorator applied to a method, or a `PhialError` naming the member and the
 * fix: for a legacy (`experimentalDecorators`) call, a field, an accessor or a class.
 */
function toMethodContext(decorator: string, value: unknown, context: unknown): DecoratorContext {
  const call = callFormOf(decorator)
  // TypeScript's and Babel's legacy decorators call `(target, key, descriptor)`: a TC39 context is
  // never a string or a symbol.
  if (typeof context === 'string' || typeof context === 'symbol') {
    throw new PhialError(
      `${decorator} on ${legacyMember(value, context)}: phial's decorators are TC39 standard decorators, but this file was compiled with "experimentalDecorators": true. Remove it from tsconfig.json (or register with ${call})`,
    )
  }
  const kind = (context as { kind?: unknown } | null | undefined)?.kind
  if (typeof kind !== 'string') {
    throw new PhialError(
      `${decorator} received no TC39 decorator context: decorate a method (with TC39 decorators, not "experimentalDecorators"), or register with ${call}`,
    )
  }
  if (kind === 'method') return context as DecoratorContext
  const member = context as Member
  const article = kind === 'accessor' ? 'an' : 'a'
  let fix = ''
  if (kind === 'field') {
    const name = nameOf(member.name ?? '')
    fix = `. Write ${name}(…) { … } instead of ${name} = (…) => …: phial calls a decorated method with \`this\` bound to its class or instance`
  }
  throw new PhialError(`${decorator} on ${describe(member)}: decorate a method, not ${article} ${kind}${fix}`)
}

/** What every TC39 decorator context has: a method's, a field's, an accessor's or a class's. */
type Member = { kind: string; name: string | symbol | undefined; static?: boolean }

/** `static about`, `#check`, `class About`: a TC39 member as the user wrote it (the class is unknown). */
function describe(context: Member): string {
  if (context.kind === 'class') return `class ${nameOf(context.name ?? '(anonymous)')}`
  return `${context.static === true ? 'static ' : ''}${nameOf(context.name ?? '')}`
}

/** `About.about` for a legacy decorator's target (the class, or its prototype for an instance member). */
function legacyMember(target: unknown, key: string | symbol): string {
  const owner =
    typeof target === 'function' ? target : (target as { constructor?: unknown } | null)?.constructor
  const name = typeof owner === 'function' && owner.name !== '' ? owner.name : '(anonymous class)'
  return `${name}.${nameOf(key)}`
}

function nameOf(name: string | symbol): string {
  return typeof name === 'symbol' ? `[${String(name)}]` : name
}

/** `@app.get('/about')` → `app.get('/about', handler)`; `@app.beforeRequest` → `app.beforeRequest(fn)`. */
function callFormOf(decorator: string): string {
  const call = decorator.slice(1)
  return call.endsWith(')') ? `${call.slice(0, -1)}, handler)` : `${call}(fn)`
}
