import type { CompressOptions } from './compression.ts'
import type { PhialRequest } from './request.ts'
import type { ConverterDefinition, ParamsOf } from './router/index.ts'
import type { SessionInterface } from './sessions.ts'

export type { ParamsOf }

/** A view function: takes the request, returns anything {@link toResponse} understands. */
export type Handler<P = Record<string, unknown>> = (req: PhialRequest<P>) => unknown

/**
 * The handler a decorator receives: a method whose `this` is the class (static methods) or the
 * instance that registered it (instance methods).
 */
// biome-ignore lint/suspicious/noExplicitAny: a decorated method may declare any params type it wants
export type MethodHandler<This> = (this: This, req: PhialRequest<any>) => unknown

/** Options of one route. */
export interface RouteOptions {
  /** The endpoint name `urlFor` uses. @default the handler's function name (Flask: the view's `__name__`) */
  endpoint?: string | undefined
  /** The methods this route answers (for `route()`). @default ['GET'] */
  methods?: readonly string[] | undefined
  /**
   * Values the path does not capture, given to the handler in `req.params`. `urlFor` builds this
   * rule when the values equal them, and a request for another rule of the endpoint with exactly
   * these values is redirected here (308). Flask: `defaults=`.
   * @example
   * app.get('/users/', { defaults: { page: 1 } }, users)
   * app.get('/users/page/<int:page>', users) // '/users/page/1' redirects to '/users/'
   */
  defaults?: Readonly<Record<string, unknown>> | undefined
  /**
   * Whether OPTIONS on this path is answered automatically with `Allow`; `false` makes it a 405
   * unless another route of the path answers it. Flask: `provide_automatic_options`. @default true
   */
  provideAutomaticOptions?: boolean | undefined
  /**
   * The subdomain the route answers on, under `serverName` (which must be set): `'api'`, or a
   * pattern such as `'<user>'`, whose values join `req.params`. Routes without one answer on
   * `serverName` itself and on any other host. `urlFor` builds an external URL when the subdomain
   * differs from the request's. Flask: `subdomain=`.
   * @example
   * const app = new App({ serverName: 'example.com' })
   * app.get('/', { subdomain: '<user>' }, (req) => `home of ${req.params.user}`)
   */
  subdomain?: string | undefined
}

/** Options of one route registration, as `addRoute` receives them. Flask: `add_url_rule`'s keywords. */
export interface AddRouteOptions {
  /** The endpoint name. @default the handler's function name */
  endpoint?: string | undefined
  /** The `this` the handler is called with (the class or instance of a decorated method). */
  thisArg?: unknown
  /** The dotted name of the blueprint registering it. */
  blueprint?: string | undefined
  /** See {@link RouteOptions.defaults}. */
  defaults?: Readonly<Record<string, unknown>> | undefined
  /** See {@link RouteOptions.provideAutomaticOptions}. @default the handler's own, else true */
  provideAutomaticOptions?: boolean | undefined
  /** See {@link RouteOptions.subdomain}. */
  subdomain?: string | undefined
}

/** A TC39 standard method decorator, as returned by `@app.get(path)`. */
export type RouteDecorator = <This, F extends MethodHandler<This>>(
  value: F,
  context: ClassMethodDecoratorContext<This, F>,
) => void

declare const RULE: unique symbol

/**
 * A handler that remembers its rule in its type, so `app.urlFor(handler, values)` checks the values'
 * names and types without the app accumulating a type of every route.
 */
export interface Routed<Path extends string> {
  readonly [RULE]?: Path
}

/** The params of a route: the path's, plus its `defaults`, as one flat object type. */
type WithDefaults<P, D> = { [K in keyof (P & D)]: (P & D)[K] } & {}

/**
 * Whether `T` has `undefined` among its members; checked member by member, since without
 * strictNullChecks `undefined extends T` holds for every `T`.
 */
type MayBeUndefined<T> = true extends (T extends undefined ? true : false) ? true : false

/**
 * The `defaults` a route was given: `Absent` for `undefined` (passed, or left out), partial when they
 * may be `undefined`. The type parameters take `undefined` so that `{ defaults: undefined }` infers
 * it: one inferred outside its constraint falls back to the constraint (an index signature in params).
 */
type Given<T, Absent> = [T] extends [undefined]
  ? Absent
  : MayBeUndefined<T> extends true
    ? Partial<Exclude<T, undefined>>
    : T

/** The params a route's `subdomain` pattern adds, partial when it may be `undefined`. */
type SubdomainParams<S> = [S] extends [undefined]
  ? Record<never, never>
  : MayBeUndefined<S> extends true
    ? Partial<ParamsOf<`/${Exclude<S, undefined> & string}`>>
    : ParamsOf<`/${S & string}`>

/** `S` less its trailing slashes. */
type TrimEnd<S extends string> = S extends `${infer A}/` ? TrimEnd<A> : S
/** `S` less its leading slashes. */
type TrimStart<S extends string> = S extends `/${infer B}` ? TrimStart<B> : S

/**
 * The rule a route of a scope with URL prefix `Prefix` gets, joined as `joinPrefix` joins it: one
 * slash between the two. `Path` itself for the app (`''`), and for a prefix or a path not known at
 * compile time (`string`), whose params cannot be typed.
 * @example
 * type R = RuleOf<'/org/<int:org>/', '/members/:id'> // '/org/<int:org>/members/:id'
 */
type RuleOf<Prefix extends string, Path extends string> = Prefix extends ''
  ? Path
  : string extends Prefix
    ? Path
    : string extends Path
      ? string
      : Path extends ''
        ? Prefix
        : `${TrimEnd<Prefix>}/${TrimStart<Path>}`

/**
 * What `app.get`, `app.post`, … accept: a call with a handler, or a decorator.
 * @typeParam Prefix - the URL prefix of the scope: `''` for the app, a blueprint's own `urlPrefix`
 * literal, whose params join every route's (`registerBlueprint(bp, { urlPrefix })` and a parent
 * blueprint's prefix are not seen by the types).
 */
export interface RouteRegistrar<Prefix extends string = ''> {
  // Overloads are tried in order and a failed call reports the last one's error, so the call with a
  // handler comes last: a handler with a wrong param type then reads "'string' is not assignable to
  // 'number'", not "no properties in common with RouteOptions" (a function never fits RouteOptions).
  /** Used as a decorator: `@app.get('/about') static about() {}`. */
  (path: string, options?: RouteOptions): RouteDecorator
  /**
   * Registers `handler` for `path` with options; returns the handler, typed with its rule. The
   * handler's params are the prefix's, the path's, the subdomain's and the `defaults`.
   */
  <
    Path extends string,
    D extends Readonly<Record<string, unknown>> | undefined = undefined,
    S extends string | undefined = undefined,
    H extends Handler<
      WithDefaults<ParamsOf<RuleOf<Prefix, Path>> & SubdomainParams<S>, Given<D, Record<never, never>>>
    > = Handler<
      WithDefaults<ParamsOf<RuleOf<Prefix, Path>> & SubdomainParams<S>, Given<D, Record<never, never>>>
    >,
  >(
    path: Path,
    options: RouteOptions & { defaults?: D; subdomain?: S },
    handler: H,
  ): H & Routed<RuleOf<Prefix, Path>>
  /**
   * Registers `handler` for `path`; returns the handler (as Flask's decorators do), typed with its
   * rule. The handler's params are the prefix's and the path's.
   */
  <Path extends string, H extends Handler<ParamsOf<RuleOf<Prefix, Path>>>>(
    path: Path,
    handler: H,
  ): H & Routed<RuleOf<Prefix, Path>>
}

/** A console-compatible logger; pino and winston fit. Flask: `app.logger`. */
export interface Logger {
  error(...args: unknown[]): void
  warn(...args: unknown[]): void
  info(...args: unknown[]): void
  debug(...args: unknown[]): void
}

/** Options of `new App()`; they become `app.config`. Flask: `app.config`. */
export interface AppOptions {
  /** Signs session cookies; a list rotates keys (the first signs, all verify). Flask: `SECRET_KEY`. */
  secretKey?: string | readonly string[] | undefined
  /** The session cookie's name. @default 'session' (Flask: `SESSION_COOKIE_NAME`) */
  sessionCookieName?: string | undefined
  /** The session cookie's `Domain`. @default the current host only (Flask: `SESSION_COOKIE_DOMAIN`) */
  sessionCookieDomain?: string | undefined
  /** The session cookie's `Path`. @default '/' (Flask: `SESSION_COOKIE_PATH`) */
  sessionCookiePath?: string | undefined
  /** Hides the session cookie from scripts. @default true (Flask: `SESSION_COOKIE_HTTPONLY`) */
  sessionCookieHttpOnly?: boolean | undefined
  /** Sends the session cookie over HTTPS only. @default false (Flask: `SESSION_COOKIE_SECURE`) */
  sessionCookieSecure?: boolean | undefined
  /** The session cookie's `SameSite`; `'None'` implies `Secure`. @default 'Lax' (Flask: `SESSION_COOKIE_SAMESITE`) */
  sessionCookieSameSite?: 'Strict' | 'Lax' | 'None' | undefined
  /** Marks the session cookie `Partitioned` (CHIPS). @default false (Flask: `SESSION_COOKIE_PARTITIONED`) */
  sessionCookiePartitioned?: boolean | undefined
  /**
   * How long a session lives, in seconds: the cookie's `Max-Age` when `permanent`, and the age past
   * which any session cookie reads as empty. @default 2678400, 31 days (Flask: `PERMANENT_SESSION_LIFETIME`)
   */
  permanentSessionLifetime?: number | undefined
  /** Re-sends a permanent session's cookie on every request, sliding its expiry. @default true (Flask: `SESSION_REFRESH_EACH_REQUEST`) */
  sessionRefreshEachRequest?: boolean | undefined
  /**
   * Where sessions are kept: a server-side store, instead of the signed cookies used when `secretKey` is
   * set. Flask: `app.session_interface`.
   */
  sessionInterface?: SessionInterface | undefined
  /** Shows error details to local clients. @default false (Flask: `DEBUG`) */
  debug?: boolean | undefined
  /** The largest request body read, in bytes; more is 413. @default 1048576 (Flask: `MAX_CONTENT_LENGTH`) */
  maxContentLength?: number | undefined
  /** The most parameters in a query string (more is 414) or urlencoded form (more is 413). @default 1000 */
  maxParams?: number | undefined
  /** The deepest nesting `req.json()` accepts; deeper is 400. @default 64 */
  maxJsonDepth?: number | undefined
  /** How many proxies in front to trust for `X-Forwarded-*` (each read that many entries from the right); `true` is one. @default false */
  trustProxy?: boolean | number | undefined
  /** `host[:port]` for external URLs built outside a request. Flask: `SERVER_NAME`. */
  serverName?: string | undefined
  /** `Cache-Control` max-age in seconds for `sendFile` and static files; unset sends `no-cache`. Flask: `SEND_FILE_MAX_AGE_DEFAULT`. */
  sendFileMaxAge?: number | undefined
  /** The most parts (fields and files) in a multipart body; more is 413. @default 1000 (Flask: `MAX_FORM_PARTS`) */
  maxFormParts?: number | undefined
  /** The largest non-file field of a multipart body, in bytes; more is 413. @default 500000 (Flask: `MAX_FORM_MEMORY_SIZE`) */
  maxFormMemorySize?: number | undefined
  /** The largest uploaded file, in bytes; more is 413. `maxContentLength` bounds the whole body too. @default 10485760 */
  maxFileSize?: number | undefined
  /** The largest headers of one multipart part, in bytes (the parser caps them at 16 KiB); more is 413. @default 8192 */
  maxPartHeaderSize?: number | undefined
  /** On Node, an upload past this many bytes is spilled from memory to a temporary file. @default 524288 */
  fileMemoryLimit?: number | undefined
  /** Where Node spills uploads. @default os.tmpdir() */
  uploadTempDir?: string | undefined
  /**
   * Compresses responses with brotli or gzip, by `Accept-Encoding`, for compressible types above a
   * threshold; `true` for the defaults or an object to tune them. @default false
   */
  compress?: boolean | CompressOptions | undefined
  /** Custom converters for `<name:param>` rules, beside int, float, path, uuid, string and any. */
  converters?: Record<string, ConverterDefinition> | undefined
  /** Where errors are logged. @default console */
  logger?: Logger | undefined
}

/** Cloudflare's `ExecutionContext`: `waitUntil` keeps work alive after the response. */
export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void
  passThroughOnException?(): void
}
