import type { App } from './app.ts'
import type { DecoratorContext } from './decorations.ts'
import { PhialError } from './errors.ts'
import type { PhialRequest } from './request.ts'
import {
  type AfterHook,
  type BeforeHook,
  type Bound,
  type ErrorClass,
  type ErrorHandlerFn,
  endpointName,
  Scaffold,
  type TeardownHook,
  type UrlDefaults,
  type UrlValuePreprocessor,
} from './scaffold.ts'
import type { AddRouteOptions, Handler } from './types.ts'

/** Options of `new Blueprint()`. */
export interface BlueprintOptions<Prefix extends string = string> {
  /**
   * Prefix of every route of the blueprint, such as `/admin`; params in it (`/org/<int:org>`) are
   * in every route's `req.params`, and in their types when it is a literal. @default ''
   */
  urlPrefix?: Prefix | undefined
  /** The subdomain of every route of the blueprint (a route's own wins). Flask: `subdomain=`. */
  subdomain?: string | undefined
}

/** Options of `registerBlueprint`, overriding the blueprint's own. */
export interface RegisterOptions {
  /** Another prefix for this registration; the params types still follow the blueprint's own `urlPrefix`. */
  urlPrefix?: string | undefined
  /** Another name, to register the same blueprint twice. */
  name?: string | undefined
  /** Another subdomain for this registration. */
  subdomain?: string | undefined
}

/** Where one registration of a blueprint landed. Flask: `BlueprintSetupState`. */
export interface BlueprintSetup {
  app: App
  /** The dotted name: `admin`, or `admin.users` when nested. */
  name: string
  urlPrefix: string
  /** The subdomain, nested ones joined with dots (`v1.api`); '' for none. */
  subdomain: string
}

/**
 * A group of routes and hooks registered on an app under a name and a URL prefix; endpoints become
 * `name.endpoint`. Flask: `flask.Blueprint`.
 *
 * @example
 * const admin = new Blueprint('admin', { urlPrefix: '/admin' })
 * admin.get('/', function index() { return 'admin home' })
 * app.registerBlueprint(admin)
 * app.urlFor('admin.index') // '/admin/'
 *
 * @typeParam Prefix - its own `urlPrefix`, inferred from the literal: the params in it join every
 * route's params type (`'/org/<int:org>'` gives `req.params.org: number`). A prefix given at
 * registration, or a parent blueprint's, is not in the types.
 */
export class Blueprint<Prefix extends string = ''> extends Scaffold<Prefix> {
  /** The blueprint's name, the prefix of its endpoints. */
  readonly name: string
  /** The default URL prefix. */
  readonly urlPrefix: string
  /** The default subdomain ('' for none). */
  readonly subdomain: string
  readonly #deferred: Array<(setup: BlueprintSetup) => void> = []
  readonly #registrations: BlueprintSetup[] = []

  /** @internal Decorators of a blueprint are written with its name: `@admin.get('/')`. */
  protected override get decoratorOwner(): string {
    return this.name
  }

  constructor(name: string, options: BlueprintOptions<Prefix> = {}) {
    super()
    if (name === '' || name.includes('.')) {
      throw new PhialError(`blueprint name "${name}" must be non-empty and must not contain a dot`)
    }
    this.name = name
    this.urlPrefix = options.urlPrefix ?? ''
    this.subdomain = options.subdomain ?? ''
  }

  /** Registers a route on every app this blueprint is (or will be) registered on. */
  addRoute(
    rule: string,
    methods: readonly string[] | '*',
    handler: Handler | null,
    options: Omit<AddRouteOptions, 'blueprint'> = {},
  ): void {
    const name = options.endpoint ?? (handler === null ? undefined : endpointName(handler, methods, rule))
    if (name === undefined) {
      throw new PhialError(
        `route "${rule}": a route without a handler needs { endpoint: '…' } to find its view`,
      )
    }
    if (name.includes('.'))
      throw new PhialError(`route "${rule}": a blueprint endpoint must not contain a dot`)
    this.#record((setup) => {
      const subdomain = options.subdomain ?? (setup.subdomain === '' ? undefined : setup.subdomain)
      const opts = { ...options, endpoint: `${setup.name}.${name}`, blueprint: setup.name, subdomain }
      setup.app.addRoute(joinPrefix(setup.urlPrefix, rule), methods, handler, opts)
    })
  }

  /** @internal Binds a view to `name.endpoint` on every app this blueprint is registered on. */
  addView(endpoint: string, view: Bound<Handler>): void {
    if (endpoint.includes('.'))
      throw new PhialError(`endpoint "${endpoint}": a blueprint endpoint must not contain a dot`)
    this.#record((setup) => setup.app.addView(`${setup.name}.${endpoint}`, view))
  }

  /** @internal Refuses registrations once an app this blueprint is registered on has sealed its setup. */
  override assertOpen(what: string): void {
    for (const setup of this.#registrations) setup.app.assertOpen(what)
  }

  /** Nests a blueprint: its name becomes `parent.child`, its prefix joins the parent's. */
  registerBlueprint(child: Blueprint, options: RegisterOptions = {}): void {
    if (child === this) throw new PhialError(`blueprint "${this.name}" cannot be registered on itself`)
    checkName(options.name)
    this.#record((setup) =>
      child.register(setup.app, {
        name: `${setup.name}.${options.name ?? child.name}`,
        urlPrefix: joinPrefix(setup.urlPrefix, options.urlPrefix ?? child.urlPrefix),
        subdomain: [options.subdomain ?? child.subdomain, setup.subdomain].filter((s) => s !== '').join('.'),
      }),
    )
  }

  /** Like `beforeRequest`, for every request of the app. Flask: `before_app_request`. */
  readonly beforeAppRequest = <F extends BeforeHook>(fn: F, context?: DecoratorContext): F =>
    this.#forApp('beforeAppRequest', [fn, context], (app, f) => app.beforeRequest(f))

  /** Like `afterRequest`, for every request of the app. Flask: `after_app_request`. */
  readonly afterAppRequest = <F extends AfterHook>(fn: F, context?: DecoratorContext): F =>
    this.#forApp('afterAppRequest', [fn, context], (app, f) => app.afterRequest(f))

  /** Like `teardownRequest`, for every request of the app. Flask: `teardown_app_request`. */
  readonly teardownAppRequest = <F extends TeardownHook>(fn: F, context?: DecoratorContext): F =>
    this.#forApp('teardownAppRequest', [fn, context], (app, f) => app.teardownRequest(f))

  /** Like `urlValuePreprocessor`, for every request of the app. Flask: `app_url_value_preprocessor`. */
  readonly appUrlValuePreprocessor = <F extends UrlValuePreprocessor>(fn: F, context?: DecoratorContext): F =>
    this.#forApp('appUrlValuePreprocessor', [fn, context], (app, f) => app.urlValuePreprocessor(f))

  /** Like `urlDefaults`, for every endpoint of the app. Flask: `app_url_defaults`. */
  readonly appUrlDefaults = <F extends UrlDefaults>(fn: F, context?: DecoratorContext): F =>
    this.#forApp('appUrlDefaults', [fn, context], (app, f) => app.urlDefaults(f))

  /** Like `errorHandler`, for errors anywhere in the app. Flask: `app_errorhandler`. */
  appErrorHandler<F extends ErrorHandlerFn>(key: number, fn: F): F
  /** For a class, the handler's `error` is typed as an instance of it. */
  appErrorHandler<C extends ErrorClass, F extends (error: InstanceType<C>, req: PhialRequest) => unknown>(
    key: C,
    fn: F,
  ): F
  /** A key of a union type: the handler takes `unknown`. */
  appErrorHandler<F extends (error: unknown, req: PhialRequest) => unknown>(
    key: number | ErrorClass,
    fn: F,
  ): F
  /** Decorator form: `@admin.appErrorHandler(404) static notFound() {}`. */
  appErrorHandler(
    key: number | ErrorClass,
  ): <F extends ErrorHandlerFn>(fn: F, context: DecoratorContext) => void
  appErrorHandler<F extends ErrorHandlerFn>(
    key: number | ErrorClass,
    fn?: F,
  ): F | ((f: F, c: DecoratorContext) => void) {
    const name = `appErrorHandler(${typeof key === 'number' ? key : key.name})`
    const add = (f: F, context?: unknown) =>
      this.#forApp(name, [f, context], (app, g) => app.errorHandler(key, g))
    if (fn !== undefined) return add(fn)
    return (f: F, context: DecoratorContext) => {
      add(f, context)
    }
  }

  // Registers an app-wide hook on each app; in decorator form `this` is bound like Scaffold's hooks.
  #forApp<F extends (...args: never[]) => unknown>(
    name: string,
    [fn, context]: readonly [F, unknown],
    add: (app: App, fn: F) => unknown,
  ): F {
    if (context === undefined) this.#recordOnce((setup) => add(setup.app, fn))
    else {
      this.decorate(name, [fn, context], (thisArg) => {
        const bound = fn.bind(thisArg) as F
        this.#recordOnce((setup) => add(setup.app, bound))
      })
    }
    return fn
  }

  /** @internal Applies everything recorded so far, and everything recorded later, to `app`. */
  register(app: App, setup: Omit<BlueprintSetup, 'app'>): void {
    const state = { app, ...setup }
    app.addScope(state.name, this.hooks)
    app.decorations.include(this.decorations)
    this.#registrations.push(state)
    for (const apply of this.#deferred) apply(state)
  }

  #record(apply: (setup: BlueprintSetup) => void): void {
    this.#deferred.push(apply)
    for (const setup of this.#registrations) apply(setup)
  }

  // App-wide hooks and handlers apply on this blueprint's first registration on an app only, so a
  // blueprint registered twice (or nested twice) does not run them twice. Flask: `record_once`.
  #recordOnce(apply: (setup: BlueprintSetup) => void): void {
    this.#record((setup) => {
      if (this.#registrations.find((r) => r.app === setup.app) === setup) apply(setup)
    })
  }
}

/** A registration name is a plain name: the dots are phial's, for nesting (Flask's rule too). */
export function checkName(name: string | undefined): void {
  if (name !== undefined && (name === '' || name.includes('.'))) {
    throw new PhialError(`blueprint name "${name}" must be non-empty and must not contain a dot`)
  }
}

/** `a.b.c` → `['a', 'a.b', 'a.b.c']`: the enclosing blueprints, outermost first. */
export function blueprintChain(name: string | undefined): string[] {
  if (name === undefined) return []
  const parts = name.split('.')
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'))
}

/** Flask's prefix joining: one slash between prefix and rule, never two, never none. */
export function joinPrefix(prefix: string, rule: string): string {
  if (prefix === '') return rule
  if (rule === '') return prefix
  return `${prefix.replace(/\/+$/, '')}/${rule.replace(/^\/+/, '')}`
}
