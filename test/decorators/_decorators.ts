// Every decorator phial offers, as a table the decorator tests share, and the two ways a compiler
// other than a TC39 one applies them.
import { type App, type Blueprint, NotFound } from 'phial'

/** One phial decorator: how to get it from an app or blueprint, and how its messages write it. */
export interface DecoratorCase<Scope = App | Blueprint> {
  /** The decorator as written in source, with `OWNER` for `app` or the blueprint's name. */
  written: string
  /** The call form a message suggests instead. */
  call: string
  /** Gets the decorator from `scope`. */
  of(scope: Scope): unknown
}

const route = (helper: 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options' | 'all') => ({
  written: `@OWNER.${helper}('/about')`,
  call: `OWNER.${helper}('/about', handler)`,
  of: (scope: App | Blueprint) => scope[helper]('/about'),
})

type HookName = 'beforeRequest' | 'afterRequest' | 'teardownRequest' | 'urlValuePreprocessor' | 'urlDefaults'

const hook = (name: HookName) => ({
  written: `@OWNER.${name}`,
  call: `OWNER.${name}(fn)`,
  of: (scope: App | Blueprint) => scope[name],
})

/** The decorators of both `App` and `Blueprint` (`Scaffold`'s). */
export const scaffoldCases: readonly DecoratorCase[] = [
  ...(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'all'] as const).map(route),
  {
    written: "@OWNER.route('/about')",
    call: "OWNER.route('/about', handler)",
    of: (scope) => scope.route('/about', { methods: ['GET', 'POST'] }),
  },
  {
    written: "@OWNER.endpoint('about')",
    call: "OWNER.endpoint('about', handler)",
    of: (scope) => scope.endpoint('about'),
  },
  ...(
    ['beforeRequest', 'afterRequest', 'teardownRequest', 'urlValuePreprocessor', 'urlDefaults'] as const
  ).map(hook),
  {
    written: '@OWNER.errorHandler(404)',
    call: 'OWNER.errorHandler(404, handler)',
    of: (s) => s.errorHandler(404),
  },
  {
    written: '@OWNER.errorHandler(NotFound)',
    call: 'OWNER.errorHandler(NotFound, handler)',
    of: (s) => s.errorHandler(NotFound),
  },
]

/** The decorators only a `Blueprint` has: its app-wide hooks. */
export const blueprintCases: readonly DecoratorCase<Blueprint>[] = [
  ...(
    [
      'beforeAppRequest',
      'afterAppRequest',
      'teardownAppRequest',
      'appUrlValuePreprocessor',
      'appUrlDefaults',
    ] as const
  ).map((name) => ({
    written: `@OWNER.${name}`,
    call: `OWNER.${name}(fn)`,
    of: (scope: Blueprint) => scope[name],
  })),
  {
    written: '@OWNER.appErrorHandler(500)',
    call: 'OWNER.appErrorHandler(500, handler)',
    of: (s) => s.appErrorHandler(500),
  },
]

type LegacyDecorator = (target: object, key: string | symbol, descriptor?: PropertyDescriptor) => unknown

/**
 * TypeScript's `__decorate` (tslib) as `"experimentalDecorators": true` emits it for `@dec` on the
 * member `key` of `target`, the class for a static member and its prototype otherwise: a method's
 * decorators get its descriptor, a field's `undefined`.
 */
export function legacyDecorate(
  decorators: readonly unknown[],
  target: object,
  key: string,
  kind: 'method' | 'field' = 'method',
): void {
  let result = kind === 'method' ? Object.getOwnPropertyDescriptor(target, key) : undefined
  for (let i = decorators.length - 1; i >= 0; i--) {
    const decorate = decorators[i] as LegacyDecorator
    result = (decorate(target, key, result) as PropertyDescriptor | undefined) ?? result
  }
  if (result !== undefined) Object.defineProperty(target, key, result)
}

/** A phial decorator typed to apply to any class element, as an untyped build (esbuild, tsx) applies it. */
export function untyped(decorator: unknown): (value: unknown, context: DecoratorContext) => void {
  return decorator as (value: unknown, context: DecoratorContext) => void
}
