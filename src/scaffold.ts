import { Decorations, type DecoratorArgs, type DecoratorContext } from './decorations.ts'
import { HTTPError, isCanonicalHTTPErrorClass, isHTTPErrorClass, PhialError } from './errors.ts'
import type { PhialRequest } from './request.ts'
import type { PhialResponse } from './response.ts'
import type {
  AddRouteOptions,
  Handler,
  MethodHandler,
  RouteDecorator,
  RouteOptions,
  RouteRegistrar,
} from './types.ts'

/** A function registered with the `this` it is called with (the class or instance of a decorated method). */
export interface Bound<F> {
  fn: F
  thisArg: unknown
}

/** A before-request hook: return a value to answer the request yourself. Flask: `before_request`. */
export type BeforeHook = (req: PhialRequest) => unknown
/** An after-request hook: return a response to replace it. Flask: `after_request`. */
export type AfterHook = (res: PhialResponse, req: PhialRequest) => unknown
/** A teardown hook: always runs, with the unhandled error if any. Flask: `teardown_request`. */
export type TeardownHook = (error: unknown, req: PhialRequest) => unknown
/** An error handler: gets the error, returns a response. Flask: `errorhandler`. */
// biome-ignore lint/suspicious/noExplicitAny: handlers narrow the error type themselves
export type ErrorHandlerFn = (error: any, req: PhialRequest) => unknown
/** An error class, or any constructor of thrown values. */
// biome-ignore lint/suspicious/noExplicitAny: constructors of any arity
export type ErrorClass = abstract new (...args: any[]) => unknown

/** The hooks of one scope: the app (`null`) or one blueprint. */
export interface HookTable {
  before: Bound<BeforeHook>[]
  after: Bound<AfterHook>[]
  teardown: Bound<TeardownHook>[]
  /**
   * Error handlers as Flask keeps them: by status code (`null` for non-HTTP classes), then by class.
   * `errorHandler(404)` and `errorHandler(NotFound)` are `[404][HTTPError]`; a subclass of
   * `Forbidden` is `[403][Subclass]`; `errorHandler(TypeError)` is `[null][TypeError]`.
   */
  errors: Map<number | null, Map<ErrorClass, Bound<ErrorHandlerFn>>>
  preprocessors: Bound<UrlValuePreprocessor>[]
  defaults: Bound<UrlDefaults>[]
}

/** Edits a request's params before the hooks run. Flask: `url_value_preprocessor`. */
export type UrlValuePreprocessor = (
  endpoint: string | undefined,
  params: Record<string, unknown>,
  req: PhialRequest,
) => void
/** Fills in values when building URLs. Flask: `url_defaults`. */
export type UrlDefaults = (
  endpoint: string,
  values: Record<string, unknown>,
  req: PhialRequest | undefined,
) => void

/** A fresh, empty hook table. */
export function createHookTable(): HookTable {
  return { before: [], after: [], teardown: [], errors: new Map(), preprocessors: [], defaults: [] }
}

/**
 * What `App` and `Blueprint` share: routes in call and decorator form, and hooks; every path ends in
 * one `addRoute` (Flask's `Scaffold.add_url_rule`). `Prefix`: the URL prefix, see {@link RouteRegistrar}.
 */
export abstract class Scaffold<Prefix extends string = ''> {
  /** This scope's hooks and error handlers. */
  protected readonly hooks: HookTable = createHookTable()
  /** @internal The decorators applied to this scope, checked when the app seals its setup. */
  readonly decorations: Decorations = new Decorations()

  /** @internal How this scope's decorators are written in messages: `app`, or a blueprint's name. */
  protected get decoratorOwner(): string {
    return 'app'
  }

  /** @internal Applies the decorator `name` (such as `get('/about')`) of this scope; see {@link Decorations.apply}. */
  protected decorate(
    name: string,
    args: DecoratorArgs,
    register: (thisArg: unknown, key: string | symbol) => void,
  ): void {
    this.decorations.apply(`@${this.decoratorOwner}.${name}`, args, register)
  }

  /**
   * Registers a route for one or more methods; every other registration ends here. With `handler`
   * `null`, the route calls the view bound to `options.endpoint` by {@link Scaffold.endpoint}.
   * Flask: `add_url_rule`.
   */
  abstract addRoute(
    rule: string,
    methods: readonly string[] | '*',
    handler: Handler | null,
    options?: Omit<AddRouteOptions, 'blueprint'>,
  ): void

  /** @internal Binds a view to an endpoint of this scope. */
  abstract addView(endpoint: string, view: Bound<Handler>): void

  /**
   * Binds `fn` as the view of an endpoint, for rules registered without one: a URL map kept in one
   * place, its views elsewhere. Usable as a call or as a decorator. Flask: `@app.endpoint(name)`.
   *
   * @example
   * app.addRoute('/', ['GET'], null, { endpoint: 'index' })
   * app.endpoint('index', () => 'home')
   * // or: class Views { @app.endpoint('index') static index() { return 'home' } }
   */
  endpoint<F extends MethodHandler<unknown>>(name: string, fn: F): F
  /** Decorator form: `@app.endpoint('index') static index() {}`; the result also takes a function. */
  endpoint(
    name: string,
  ): <This, F extends MethodHandler<This>>(fn: F, context?: ClassMethodDecoratorContext<This, F>) => F
  endpoint(name: string, fn?: MethodHandler<unknown>): unknown {
    const add = <F>(f: F, context?: DecoratorContext): F =>
      this.#bind(`endpoint('${name}')`, [f, context], (view) => this.addView(name, view as Bound<Handler>))
    return fn === undefined ? add : add(fn)
  }

  /** Registers a GET route (HEAD and OPTIONS are answered from it). Flask: `@app.get`. */
  readonly get: RouteRegistrar<Prefix> = this.#registrar(['GET'])
  /** Registers a POST route. Flask: `@app.post`. */
  readonly post: RouteRegistrar<Prefix> = this.#registrar(['POST'])
  /** Registers a PUT route. */
  readonly put: RouteRegistrar<Prefix> = this.#registrar(['PUT'])
  /** Registers a PATCH route. */
  readonly patch: RouteRegistrar<Prefix> = this.#registrar(['PATCH'])
  /** Registers a DELETE route. */
  readonly delete: RouteRegistrar<Prefix> = this.#registrar(['DELETE'])
  /** Registers an explicit HEAD route, which wins over the automatic one. */
  readonly head: RouteRegistrar<Prefix> = this.#registrar(['HEAD'])
  /** Registers an explicit OPTIONS route, which wins over the automatic one. */
  readonly options: RouteRegistrar<Prefix> = this.#registrar(['OPTIONS'])
  /** Registers a route for every method. */
  readonly all: RouteRegistrar<Prefix> = this.#registrar('*')

  /**
   * Registers a route for `options.methods` (default GET). Flask: `@app.route(rule, methods=[…])`.
   *
   * @example
   * app.route('/items', { methods: ['GET', 'POST'], endpoint: 'items' }, handler)
   */
  readonly route = ((path: string, options?: RouteOptions | Handler, handler?: Handler) => {
    const opts = typeof options === 'function' ? {} : (options ?? {})
    // A class-based view (`View.asView`) carries its methods, as in Flask's add_url_rule.
    const fn = (typeof options === 'function' ? options : handler) as
      | { methods?: readonly string[] }
      | undefined
    const declared: unknown = opts.methods ?? fn?.methods ?? ['GET']
    if (!Array.isArray(declared)) {
      throw new PhialError(`route "${path}": methods must be a list, such as { methods: ['GET', 'POST'] }`)
    }
    const methods = declared.map((m: string) => m.toUpperCase())
    return this.#register(methods, path, options, handler, true)
  }) as RouteRegistrar<Prefix>

  #registrar(methods: readonly string[] | '*'): RouteRegistrar<Prefix> {
    return ((path: string, options?: RouteOptions | Handler, handler?: Handler) =>
      this.#register(methods, path, options, handler, false)) as RouteRegistrar<Prefix>
  }

  #register(
    methods: readonly string[] | '*',
    path: string,
    options: RouteOptions | Handler | undefined,
    handler: Handler | undefined,
    fromRoute: boolean,
  ): Handler | RouteDecorator {
    if (typeof options === 'function') [handler, options] = [options, {}]
    if (!fromRoute && options?.methods !== undefined) {
      throw new PhialError(
        `route "${path}": { methods } is an option of route(): app.route('${path}', { methods: [...] }, handler)`,
      )
    }
    const { endpoint, defaults, provideAutomaticOptions, subdomain } = options ?? {}
    const rest = { defaults, provideAutomaticOptions, subdomain }
    if (handler !== undefined) {
      this.addRoute(path, methods, handler, { endpoint, ...rest })
      return handler
    }
    const helper = fromRoute ? 'route' : methods === '*' ? 'all' : (methods[0] ?? '').toLowerCase()
    const applied = this.decorations.made(`@${this.decoratorOwner}.${helper}('${path}')`)
    return ((value: Handler, context: unknown): void => {
      applied()
      this.decorate(`${helper}('${path}')`, [value, context], (thisArg, name) =>
        this.addRoute(path, methods, value, { endpoint: endpoint ?? String(name), thisArg, ...rest }),
      )
    }) as RouteDecorator
  }

  /**
   * Runs `fn` before each request of this scope; a value it returns answers the request. Usable as a
   * call or as a decorator (`@app.beforeRequest`). Flask: `before_request`.
   */
  readonly beforeRequest = <F extends BeforeHook>(fn: F, context?: DecoratorContext): F =>
    this.#bind('beforeRequest', [fn, context], (entry) => this.#push(this.hooks.before, entry))

  /** Runs `fn` after each request of this scope, in reverse order; it may return a new response. Flask: `after_request`. */
  readonly afterRequest = <F extends AfterHook>(fn: F, context?: DecoratorContext): F =>
    this.#bind('afterRequest', [fn, context], (entry) => this.#push(this.hooks.after, entry))

  /** Runs `fn` at the end of every request of this scope, even after errors. Flask: `teardown_request`. */
  readonly teardownRequest = <F extends TeardownHook>(fn: F, context?: DecoratorContext): F =>
    this.#bind('teardownRequest', [fn, context], (entry) => this.#push(this.hooks.teardown, entry))

  /**
   * Edits the params of each request of this scope before any hook runs, for example to move a
   * language code into `req.state`. Flask: `url_value_preprocessor`.
   */
  readonly urlValuePreprocessor = <F extends UrlValuePreprocessor>(fn: F, context?: DecoratorContext): F =>
    this.#bind('urlValuePreprocessor', [fn, context], (entry) => this.#push(this.hooks.preprocessors, entry))

  /** Fills in missing values when `urlFor` builds a URL for an endpoint of this scope. Flask: `url_defaults`. */
  readonly urlDefaults = <F extends UrlDefaults>(fn: F, context?: DecoratorContext): F =>
    this.#bind('urlDefaults', [fn, context], (entry) => this.#push(this.hooks.defaults, entry))

  // Registers `fn` now (call form), or with the decorated class or instance as `this` (decorator
  // form: `name` is the decorator's, such as `beforeRequest`); returns `fn`.
  #bind<F>(name: string, [fn, context]: readonly [F, unknown], register: (entry: Bound<F>) => void): F {
    if (context === undefined) register({ fn, thisArg: undefined })
    else this.decorate(name, [fn, context], (thisArg) => register({ fn, thisArg }))
    return fn
  }

  /**
   * @internal Throws if setup is sealed (the app served its first request): a hook added later would
   * never run everywhere it should. Overridden by `App` and `Blueprint`.
   */
  assertOpen(_what: string): void {}

  #push<T>(list: T[], entry: T): void {
    this.assertOpen('a hook')
    list.push(entry)
  }

  /**
   * Handles errors by status code or by class (nearest parent first) in this scope. Flask: `errorhandler`.
   * @example app.errorHandler(404, () => html('<h1>Nothing here</h1>', 404))
   */
  errorHandler<F extends ErrorHandlerFn>(key: number, fn: F): F
  /** For a class, the handler's `error` is typed as an instance of it: `(e) => e.issues` is checked. */
  errorHandler<C extends ErrorClass, F extends (error: InstanceType<C>, req: PhialRequest) => unknown>(
    key: C,
    fn: F,
  ): F
  /** A key of a union type (`500 | typeof InternalServerError`): the handler takes `unknown`. */
  errorHandler<F extends (error: unknown, req: PhialRequest) => unknown>(key: number | ErrorClass, fn: F): F
  /** Decorator form: `@app.errorHandler(404) static notFound() {}`. */
  errorHandler(key: number | ErrorClass): <F extends ErrorHandlerFn>(fn: F, context: DecoratorContext) => void
  errorHandler<F extends ErrorHandlerFn>(
    key: number | ErrorClass,
    fn?: F,
  ): F | ((fn: F, c: DecoratorContext) => void) {
    if (typeof key === 'number' && (!Number.isInteger(key) || key < 400 || key > 599)) {
      throw new PhialError(`errorHandler(${key}): a status code must be from 400 to 599`)
    }
    // Flask: a handler for an HTTPException class is a handler for its code, kept apart from the
    // handlers of its subclasses.
    let code: number | null = null
    let cls: ErrorClass = HTTPError
    if (typeof key === 'number') code = key
    else if (isCanonicalHTTPErrorClass(key)) code = key.status
    else if (isHTTPErrorClass(key)) [code, cls] = [key.status, key]
    else cls = key
    const label = typeof key === 'number' ? key : key.name
    const add = (f: ErrorHandlerFn, context?: unknown) =>
      this.#bind(`errorHandler(${label})`, [f, context], (entry) => {
        this.assertOpen(`error handler for ${label}`)
        let byClass = this.hooks.errors.get(code)
        if (byClass === undefined) {
          byClass = new Map()
          this.hooks.errors.set(code, byClass)
        }
        byClass.set(cls, entry)
      })
    if (fn !== undefined) {
      add(fn)
      return fn
    }
    return (f: F, context: DecoratorContext) => {
      add(f, context)
    }
  }
}

/**
 * The default endpoint of a handler: its function name (Flask: the view's `__name__`), or for an
 * anonymous function its methods and rule, such as `"GET /users/:id"`.
 */
export function endpointName(handler: Handler, methods: readonly string[] | '*', rule: string): string {
  if (handler.name !== '') return handler.name
  return `${methods === '*' ? 'ALL' : methods.join(',')} ${rule}`
}
