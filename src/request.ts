import type { App } from './app.ts'
import { parseURLEncoded } from './body.ts'
import { parseCookies } from './cookies.ts'
import { createHTTPError } from './errors.ts'
import { checkHost, forwardedEntry, forwardedScheme, proxyHops } from './forwarded.ts'
import { acceptedTypes, negotiateType } from './negotiation.ts'
import { RequestBody } from './request-body.ts'
import type { AfterHook } from './scaffold.ts'
import { NullSession, type Session } from './sessions.ts'
import type { ExecutionContext } from './types.ts'
import type { UrlForOptions } from './url-for.ts'

/**
 * The incoming request, lazy: nothing is parsed until asked. Adapters subclass it (one reads straight
 * from Node's `IncomingMessage`, one from a WHATWG `Request`). Flask: `flask.request`.
 *
 * @typeParam P - the route's params, typed from the path literal.
 */
export abstract class PhialRequest<P = Record<string, unknown>> extends RequestBody {
  /** The HTTP method, upper-case. */
  readonly method: string
  /** The path as sent, still percent-encoded, without the mount prefix or query string. */
  readonly rawPath: string
  /** The query string without `?` (`''` when absent). */
  readonly rawQuery: string
  /** The mount prefix (Flask's `SCRIPT_NAME`): `/blog` when mounted with `express().use('/blog', …)`. */
  readonly rootPath: string
  /** The decoded path routing and hooks see. Flask: `request.path`. */
  path: string
  /** The route's params, converted (`<int:id>` is a number). Flask: `request.view_args`. */
  params: P
  /** The matched endpoint name, or `undefined` when nothing matched. Flask: `request.endpoint`. */
  endpoint: string | undefined
  /** The dotted name of the matched route's blueprint, if any. Flask: `request.blueprint`. */
  blueprint: string | undefined
  /** Bindings of a Workers runtime (`env`); `{}` elsewhere. */
  env: Record<string, unknown>
  /** The Workers `ExecutionContext`, when the runtime gives one. */
  ctx: ExecutionContext | undefined
  #query: URLSearchParams | undefined
  #cookies: Record<string, string> | undefined
  #state: Record<string, unknown> | undefined
  #session: Session | undefined
  #afterThis: AfterHook[] | undefined

  constructor(app: App, method: string, rawPath: string, rawQuery: string, rootPath = '') {
    super(app)
    this.method = method
    this.rawPath = rawPath
    this.rawQuery = rawQuery
    this.rootPath = rootPath
    this.path = rawPath
    this.params = {} as P
    this.endpoint = undefined
    this.blueprint = undefined
    this.env = {}
    this.ctx = undefined
    this.#query = undefined
    this.#cookies = undefined
    this.#state = undefined
    this.#session = undefined
    this.#afterThis = undefined
  }

  /** All headers, as a WHATWG `Headers` built on first use. */
  abstract get headers(): Headers
  /** Aborts when the client goes away. */
  abstract get signal(): AbortSignal
  /** The WHATWG `Request`, built on first use on Node. */
  abstract get raw(): Request
  /** The address of the peer, before any proxy headers. */
  protected abstract get remoteAddress(): string
  /** Whether the connection itself is TLS. */
  protected abstract get encrypted(): boolean
  /** The `Host` the client sent, or an absolute-form target's authority (Node), or the URL's (fetch). */
  protected get authority(): string | undefined {
    return this.header('host')
  }

  /** The full URL, from the validated `Host` (or trusted `X-Forwarded-Host`) and the raw target. */
  get url(): string {
    const query = this.rawQuery === '' ? '' : `?${this.rawQuery}`
    return `${this.scheme}://${this.host}${this.rootPath}${this.rawPath}${query}`
  }

  /**
   * `http` or `https`. With `trustProxy`, the `X-Forwarded-Proto` entry the trusted proxies gave
   * (counted from the right, as for {@link ip}). Flask: `request.scheme`.
   */
  get scheme(): string {
    const hops = proxyHops(this.app.config.trustProxy)
    const forwarded = hops > 0 ? forwardedEntry(this.header('x-forwarded-proto'), hops) : undefined
    if (forwarded !== undefined) return forwardedScheme(forwarded)
    return this.encrypted ? 'https' : 'http'
  }

  /**
   * The host and port the client asked for, without the scheme's default port (`example.com:80` on
   * http is `example.com`); a malformed `Host` is 400. With `trustProxy`, the `X-Forwarded-Host`
   * entry the trusted proxies gave (counted from the right, as for {@link ip}). Flask: `request.host`.
   */
  get host(): string {
    const hops = proxyHops(this.app.config.trustProxy)
    const forwarded = hops > 0 ? forwardedEntry(this.header('x-forwarded-host'), hops) : undefined
    const host = checkHost(forwarded ?? this.authority)
    // Werkzeug's get_host drops :80 for http and :443 for https, so both spellings of a host make one
    // URL, as WHATWG URL does for the fetch runtimes. The scheme is read only for such a host.
    if (host.endsWith(':80')) return this.scheme === 'http' ? host.slice(0, -3) : host
    if (host.endsWith(':443')) return this.scheme === 'https' ? host.slice(0, -4) : host
    return host
  }

  /**
   * The query string as a `URLSearchParams` (Flask's `request.args`); more than `maxParams` parameters
   * is 414 URI Too Long.
   */
  get query(): URLSearchParams {
    this.#query ??= parseQuery(this.rawQuery, this.app.config.maxParams)
    return this.#query
  }

  /** The request's cookies; first duplicate wins, no prototype keys. Flask: `request.cookies`. */
  get cookies(): Record<string, string> {
    this.#cookies ??= parseCookies(this.header('cookie'))
    return this.#cookies
  }

  /** Per-request storage for your own values, fresh each request. Flask: `g`. */
  get state(): Record<string, unknown> {
    this.#state ??= {}
    return this.#state
  }

  /**
   * The session, a dict-like store kept across requests (a signed cookie by default). Without a
   * `secretKey` it is empty and a write is a `PhialError`. Flask: `session`.
   *
   * @example
   * req.session.set('userId', user.id)
   */
  get session(): Session {
    this.#session ??= new NullSession()
    return this.#session
  }

  /** @internal Installs the session the app's session interface opened. */
  useSession(session: Session): void {
    this.#session = session
  }

  /**
   * The client's address: the socket's peer, or with `trustProxy` (a number of proxies, or `true` for
   * one) the `X-Forwarded-For` entry that many hops from the right. Flask: `request.remote_addr`.
   */
  get ip(): string {
    const hops = proxyHops(this.app.config.trustProxy)
    return (hops > 0 && forwardedEntry(this.header('x-forwarded-for'), hops)) || this.remoteAddress
  }

  /**
   * The offer the client prefers by its `Accept` header (q-values, then specificity, then your order),
   * or `undefined` if it accepts none; shorthands `json`, `html`, `text`, `xml` are understood. Without
   * arguments, the accepted media ranges, most preferred first. Flask: `request.accept_mimetypes.best_match`.
   *
   * @example
   * if (req.accepts('html', 'json') === 'json') return { items }
   */
  accepts(): string[]
  accepts<T extends string>(...offers: T[]): T | undefined
  accepts(...offers: string[]): string | string[] | undefined {
    const header = this.header('accept')
    return offers.length === 0 ? acceptedTypes(header) : negotiateType(header, offers)
  }

  /**
   * Runs `fn` on this request's response only, before the after-request hooks; it may return a new
   * response. Flask: `after_this_request`.
   *
   * @example
   * req.afterThisRequest((res) => { res.setCookie('seen', '1') })
   */
  afterThisRequest(fn: AfterHook): void {
    if (this.#afterThis === undefined) this.#afterThis = [fn]
    else this.#afterThis.push(fn)
  }

  /** @internal The functions `afterThisRequest` collected, handed over once. */
  takeAfterThisRequest(): AfterHook[] | undefined {
    const hooks = this.#afterThis
    this.#afterThis = undefined
    return hooks
  }

  /** Builds a URL for an endpoint; `.name` is relative to this request's blueprint. Flask: `url_for`. */
  urlFor(endpoint: string, values?: Readonly<Record<string, unknown>>, options?: UrlForOptions): string {
    return this.app.urlFor(endpoint, values, { ...options, request: this as PhialRequest })
  }
}

// RFC 9110 §15.5.15: a target with more parameters than the server will interpret is 414 URI Too Long,
// not 413, which is about content (a form body's cap stays 413). Werkzeug sets no such cap.
function parseQuery(query: string, max: number): URLSearchParams {
  try {
    return parseURLEncoded(query, max, 'query string')
  } catch (error) {
    // The one error it throws is the parameter count's (a string never fails URLSearchParams).
    throw createHTTPError(414, (error as Error).message)
  }
}
