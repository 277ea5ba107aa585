import { FetchRequest, toFetchResponse } from './adapters/fetch.ts'
import { type Blueprint, blueprintChain, checkName, type RegisterOptions } from './blueprint.ts'
import { Config } from './config.ts'
import { type Delivery, type DispatchSetup, dispatch, type Finish, type Route } from './dispatch.ts'
import { checkHandler, Endpoints } from './endpoints.ts'
import { PhialError } from './errors.ts'
import { Hosts } from './hosts.ts'
import type { PhialRequest } from './request.ts'
import type { PhialResponse } from './response.ts'
import type { Rule } from './router/index.ts'
import { type Bound, endpointName, type HookTable, Scaffold } from './scaffold.ts'
import type { SessionInterface } from './sessions.ts'
import { defaultSessionInterface } from './signed-cookie-sessions.ts'
import { TestClient } from './test-client.ts'
import type {
  AddRouteOptions,
  AppOptions,
  ExecutionContext,
  Handler,
  Logger,
  ParamsOf,
  Routed,
} from './types.ts'
import { buildUrl, type UrlForOptions, withUrlDefaults } from './url-for.ts'

/** What `app.listen()` and `serve()` resolve to. */
export interface ServerHandle {
  /** The port actually bound (useful with port 0). */
  port: number
  /** The host bound. */
  host: string
  /** `http://host:port`. */
  url: string
  /** Stops accepting connections and resolves once in-flight requests have finished. */
  close(): Promise<void>
}

/**
 * The application: routes, hooks, blueprints and configuration, answering on every gateway.
 * Flask: `flask.Flask`.
 *
 * @example
 * const app = new App()
 * app.get('/', () => 'Hello, World!')
 * export default app // Bun, Deno and Workers call app.fetch
 */
export class App extends Scaffold {
  /** Configuration: the options with defaults, plus any keys of your own. Flask: `app.config`. */
  readonly config: Config
  /** Where unhandled errors are logged; swap in pino or winston. Flask: `app.logger`. */
  logger: Logger
  /**
   * Where sessions are kept: `undefined` uses signed cookies once `config.secretKey` is set. Read
   * when the first request seals setup. Flask: `app.session_interface`.
   */
  sessionInterface: SessionInterface | undefined
  readonly #hosts: Hosts
  #setup: DispatchSetup | undefined
  readonly #endpoints = new Endpoints()
  readonly #scopes = new Map<string, HookTable>()
  readonly #routes: Route[] = []

  constructor(options: AppOptions = {}) {
    super()
    const { converters, logger, sessionInterface, ...rest } = options
    this.config = new Config(rest)
    this.logger = logger ?? console
    this.sessionInterface = sessionInterface
    this.#hosts = new Hosts(converters)
  }

  /**
   * The WinterTC handler, bound: `export default app` works on Bun, Deno and Cloudflare Workers.
   * `env` and `ctx` become `req.env` and `req.ctx`.
   */
  readonly fetch = (
    request: Request,
    env?: unknown,
    ctx?: ExecutionContext,
  ): Response | Promise<Response> => {
    const req = new FetchRequest(this, request, env, ctx)
    // A response to come is converted where it settles (toFetchResponse as `finish`): no extra hop.
    const out = this.handle(req, false, undefined, toFetchResponse)
    return out instanceof Promise ? (out as Promise<Response>) : toFetchResponse(out as PhialResponse, req)
  }

  /**
   * Answers a request in-process, without a socket: for tests and scripts.
   *
   * @example
   * const res = await app.request('/users/7')
   * expect(await res.json()).toEqual({ id: '7' })
   */
  async request(pathOrRequest: string | URL | Request, init?: RequestInit): Promise<Response> {
    const request =
      pathOrRequest instanceof Request
        ? pathOrRequest
        : new Request(new URL(pathOrRequest, 'http://localhost'), init)
    return this.fetch(request, { remoteAddr: { hostname: '127.0.0.1' } })
  }

  /** Every rule, in the order registered, with its endpoint and methods. Flask: `app.url_map.iter_rules()`. */
  get urlMap(): readonly Rule[] {
    return this.#hosts.rules
  }

  /** A Flask-style test client with a cookie jar, `json`/`form` bodies and redirects. Flask: `app.test_client()`. */
  testClient(): TestClient {
    return new TestClient(this)
  }

  /**
   * Serves the app (Flask's `app.run`): on Bun and Deno with their own server, on Node with `serve()`.
   * Under the `phial` command it warns and starts nothing, as Flask's does (docs/cli.md).
   *
   * @example
   * const server = await app.listen(8000)
   * await server.close()
   */
  async listen(port = 8000, host = '127.0.0.1'): Promise<ServerHandle> {
    const { listen } = await import('./listen.ts')
    return listen(this, port, host)
  }

  /**
   * Registers a route; every registration form ends here. With `handler` `null`, the route calls
   * the view bound to `options.endpoint` by {@link Scaffold.endpoint}. Flask: `add_url_rule`.
   *
   * @example
   * app.addRoute('/', ['GET'], null, { endpoint: 'index' })
   * app.endpoint('index', () => 'home')
   */
  addRoute(
    rule: string,
    methods: readonly string[] | '*',
    handler: Handler | null,
    options: AddRouteOptions = {},
  ): void {
    this.assertOpen(`route "${rule}"`)
    if (handler !== null) checkHandler(rule, handler)
    const endpoint = options.endpoint ?? (handler === null ? undefined : endpointName(handler, methods, rule))
    if (endpoint === undefined) {
      throw new PhialError(
        `route "${rule}": a route without a handler needs { endpoint: '…' } to find its view`,
      )
    }
    const view = this.#endpoints.viewFor(rule, endpoint, handler, options.thisArg)
    const route: Route = {
      handler: view.fn,
      thisArg: view.thisArg,
      endpoint,
      blueprint: options.blueprint,
      scopes: [],
    }
    const automatic =
      options.provideAutomaticOptions ??
      (handler as { provideAutomaticOptions?: unknown } | null)?.provideAutomaticOptions
    const provideAutomaticOptions = typeof automatic === 'boolean' ? automatic : undefined
    const { defaults, subdomain } = options
    const ruleOptions = { endpoint, defaults, provideAutomaticOptions, subdomain }
    const parsed = this.#hosts.add(rule, methods, route, ruleOptions, this.config.serverName)
    this.#endpoints.add(route, parsed, handler !== null)
    this.#routes.push(route)
  }

  /** @internal Binds a view to an endpoint (`app.endpoint`, and blueprints' under their name). */
  addView(endpoint: string, view: Bound<Handler>): void {
    this.assertOpen(`the view of endpoint "${endpoint}"`)
    this.#endpoints.bind(endpoint, view)
  }

  /**
   * Registers a blueprint's routes and hooks under its name and URL prefix. Flask: `register_blueprint`.
   *
   * @example
   * app.registerBlueprint(admin, { urlPrefix: '/admin' })
   */
  registerBlueprint(blueprint: Blueprint, options: RegisterOptions = {}): void {
    checkName(options.name)
    blueprint.register(this, {
      name: options.name ?? blueprint.name,
      urlPrefix: options.urlPrefix ?? blueprint.urlPrefix,
      subdomain: options.subdomain ?? blueprint.subdomain,
    })
  }

  /** @internal Refuses registrations once the app has served its first request. */
  override assertOpen(what: string): void {
    if (this.#setup !== undefined) {
      throw new PhialError(
        `${what} was registered after the app served its first request; register it at startup`,
      )
    }
  }

  /** @internal Records a blueprint's hook table under its dotted name. */
  addScope(name: string, hooks: HookTable): void {
    if (this.#scopes.has(name)) {
      throw new PhialError(
        `a blueprint named "${name}" is already registered; pass { name: '…' } to register it again`,
      )
    }
    this.#scopes.set(name, hooks)
  }

  /**
   * Builds the URL of an endpoint, or of a handler returned by `app.get(…)` (then the values are
   * type-checked against its rule); unused values become the query string. Inside a request prefer
   * `req.urlFor`, which knows the mount prefix and the current blueprint. Flask: `url_for`.
   *
   * @example
   * app.urlFor('admin.index')                  // '/admin/'
   * const show = app.get('/posts/<int:id>', function show(req) { … })
   * app.urlFor(show, { id: 7, page: 2 })       // '/posts/7?page=2'; { id: 'x' } is a type error
   */
  // The typed overload last: a failed call reports its error (a wrong value's type, a missing value).
  urlFor(
    endpoint: string | Handler,
    values?: Readonly<Record<string, unknown>>,
    options?: UrlForOptions,
  ): string
  urlFor<Path extends string>(
    handler: Routed<Path> & Handler<ParamsOf<Path>>,
    values: ParamsOf<Path> & Readonly<Record<string, unknown>>,
    options?: UrlForOptions,
  ): string
  urlFor(
    endpoint: string | Handler,
    values: Readonly<Record<string, unknown>> = {},
    options: UrlForOptions = {},
  ): string {
    const name = this.#endpoints.resolve(endpoint, options.request)
    const dot = name.lastIndexOf('.')
    const chain = blueprintChain(dot === -1 ? undefined : name.slice(0, dot))
    const scopes = [this.hooks, ...chain.map((n) => this.#scopes.get(n))]
    const filled = withUrlDefaults(scopes, name, values, options.request)
    const where = { serverName: this.config.serverName, subdomains: this.#hosts.active }
    return buildUrl(this.#endpoints.rules, name, filled, { ...options, ...where })
  }

  /**
   * @internal Answers one request (adapters call it). Seals setup on the first call: the router is
   * compiled and a late registration becomes an error.
   */
  handle<T = PhialResponse>(
    req: PhialRequest,
    fallthrough = false,
    delivery?: Delivery,
    finish?: Finish<T>,
  ): PhialResponse | Promise<PhialResponse | T> | null | undefined {
    return dispatch(this.#setup ?? this.#seal(), req, fallthrough, delivery, finish)
  }

  #seal(): DispatchSetup {
    // An instance method decorated on a class never constructed registered nothing: refuse to serve
    // without it rather than answer 404 (Flask has no such case: its decorators run at once).
    this.decorations.assertConstructed()
    // `app.config.x = …` skips the checks of the constructor and fromEnv: a bad limit is refused here,
    // before the first request, rather than serving with no limit at all.
    this.config.validate()
    const hosts = this.#hosts.compile(this.config.serverName)
    const appScopes = [this.hooks]
    let fast = !hasHooks(this.hooks)
    for (const route of this.#routes) {
      route.scopes = [
        this.hooks,
        ...blueprintChain(route.blueprint).map((name) => this.#scopes.get(name) as HookTable),
      ]
      if (route.scopes.some(hasHooks)) fast = false
    }
    // The logger is looked up on each use, so swapping `app.logger` later still takes effect.
    const levels = ['error', 'warn', 'info', 'debug'] as const
    const logger = Object.fromEntries(
      levels.map((level) => [level, (...args: unknown[]) => this.logger[level](...args)]),
    ) as unknown as Logger
    // Sessions are opened and saved around the hooks, so an app with sessions leaves the sync fast path.
    const sessions = this.sessionInterface ?? defaultSessionInterface(this.config)
    if (sessions !== undefined) fast = false
    const routingHandled = this.hooks.errors.size > 0
    this.#setup = {
      router: this.#hosts.main,
      hosts,
      appScopes,
      logger,
      config: this.config,
      fast,
      sessions,
      routingHandled,
    }
    return this.#setup
  }
}

function hasHooks(table: HookTable): boolean {
  return table.before.length + table.after.length + table.teardown.length + table.preprocessors.length > 0
}
