import type { App } from './app.ts'
import { isJSONType, mediaType, parseJSONBody, parseURLEncoded, tooLarge } from './body.ts'
import { parseCookies } from './cookies.ts'
import { createHTTPError } from './errors.ts'
import { checkHost, forwardedFor, forwardedScheme } from './forwarded.ts'
import { type Multipart, multipartLimits, parseMultipart, toChunks } from './multipart.ts'
import { acceptedTypes, negotiateType } from './negotiation.ts'
import type { AfterHook } from './scaffold.ts'
import { NullSession, type Session } from './sessions.ts'
import type { ExecutionContext } from './types.ts'
import { createMemoryStore, UploadedFiles, type UploadStore } from './upload-file.ts'
import type { UrlForOptions } from './url-for.ts'

const decoder = new TextDecoder()
const encoder = new TextEncoder()
const decode = (bytes: Uint8Array): string => decoder.decode(bytes)
const encode = (text: string): Uint8Array => encoder.encode(text)

/**
 * The incoming request, lazy: nothing is parsed until asked. Adapters subclass it (one reads straight
 * from Node's `IncomingMessage`, one from a WHATWG `Request`). Flask: `flask.request`.
 *
 * @typeParam P - the route's params, typed from the path literal.
 */
export abstract class PhialRequest<P = Record<string, unknown>> {
  /** The application answering this request. */
  readonly app: App
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
  #bytes: Promise<Uint8Array> | undefined
  #text: Promise<string> | undefined
  #multipart: Promise<Multipart> | undefined

  constructor(app: App, method: string, rawPath: string, rawQuery: string, rootPath = '') {
    this.app = app
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
    this.#bytes = undefined
    this.#text = undefined
    this.#multipart = undefined
  }

  /** One header's value, read without building a `Headers` object; `name` is case-insensitive. */
  abstract header(name: string): string | undefined
  /** All headers, as a WHATWG `Headers` built on first use. */
  abstract get headers(): Headers
  /** Aborts when the client goes away. */
  abstract get signal(): AbortSignal
  /** The WHATWG `Request`, built on first use on Node. */
  abstract get raw(): Request
  /** The body as a stream, or `null` for a request without one. Reading it bypasses `json()` and friends. */
  abstract get body(): ReadableStream<Uint8Array> | null
  /** The address of the peer, before any proxy headers. */
  protected abstract get remoteAddress(): string
  /** Whether the connection itself is TLS. */
  protected abstract get encrypted(): boolean
  /** The `Host` the client sent (or the URL's authority on fetch runtimes). */
  protected get authority(): string | undefined {
    return this.header('host')
  }
  /** Reads the whole body, throwing 413 past `limit` bytes. */
  protected abstract readBody(limit: number): Promise<Uint8Array>

  /** The full URL, from the validated `Host` (or trusted `X-Forwarded-Host`) and the raw target. */
  get url(): string {
    const query = this.rawQuery === '' ? '' : `?${this.rawQuery}`
    return `${this.scheme}://${this.host}${this.rootPath}${this.rawPath}${query}`
  }

  /** `http` or `https`; `X-Forwarded-Proto` counts only with `trustProxy`. */
  get scheme(): string {
    const forwarded = this.app.config.trustProxy ? this.header('x-forwarded-proto') : undefined
    if (forwarded !== undefined) return forwardedScheme(forwarded)
    return this.encrypted ? 'https' : 'http'
  }

  /** The host and port the client asked for; a malformed `Host` is 400. */
  get host(): string {
    const forwarded = this.app.config.trustProxy ? this.header('x-forwarded-host') : undefined
    return checkHost(forwarded === undefined ? this.authority : forwarded.split(',')[0])
  }

  /** The query string as a `URLSearchParams` (Flask's `request.args`); more than `maxParams` is 413. */
  get query(): URLSearchParams {
    this.#query ??= parseURLEncoded(this.rawQuery, this.app.config.maxParams, 'query string')
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
    const hops = Number(this.app.config.trustProxy)
    return (hops > 0 && forwardedFor(this.header('x-forwarded-for'), hops)) || this.remoteAddress
  }

  /** The `Content-Type` header's media type, lower-case, without parameters. Flask: `request.mimetype`. */
  get mimetype(): string {
    return mediaType(this.header('content-type'))
  }

  /** The body as bytes, read once (later calls share it); over `maxContentLength` is 413. */
  bytes(): Promise<Uint8Array> {
    if (this.#bytes === undefined) {
      const text = this.#text
      this.#bytes = text === undefined ? this.readBody(this.app.config.maxContentLength) : text.then(encode)
    }
    return this.#bytes
  }

  /** The body as an `ArrayBuffer`. */
  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.bytes()
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  }

  /** The body decoded as UTF-8. Flask: `request.get_data(as_text=True)`. */
  text(): Promise<string> {
    if (this.#text === undefined) {
      const bytes = this.#bytes
      this.#text = bytes === undefined ? this.readText(this.app.config.maxContentLength) : bytes.then(decode)
    }
    return this.#text
  }

  /** Reads the whole body as UTF-8; adapters with a native reader override it. */
  protected readText(limit: number): Promise<string> {
    return this.readBody(limit).then(decode)
  }

  /**
   * The body parsed as JSON. A content type other than `application/json` or `application/*+json`
   * is 415; malformed JSON, a `__proto__` key or nesting past `maxJsonDepth` is 400. Flask: `request.get_json()`.
   */
  json<T = unknown>(): Promise<T> {
    if (!isJSONType(this.header('content-type'))) {
      return Promise.reject(
        createHTTPError(415, 'Expected a JSON body: send Content-Type: application/json.'),
      )
    }
    // Not an async function: one promise hop fewer between the body's last byte and the handler.
    const depth = this.app.config.maxJsonDepth
    return this.text().then((text) => parseJSONBody(text, depth) as T)
  }

  /**
   * The fields of an urlencoded or `multipart/form-data` body, repeats kept (`getAll`); more than
   * `maxParams` (urlencoded) or `maxFormParts` (multipart) is 413. Flask: `request.form`.
   */
  async form(): Promise<URLSearchParams> {
    const type = this.mimetype
    if (type === 'multipart/form-data') return (await this.#readMultipart()).fields
    if (type !== 'application/x-www-form-urlencoded') {
      throw createHTTPError(
        415,
        'Expected a form body: send Content-Type: application/x-www-form-urlencoded or multipart/form-data.',
      )
    }
    return parseURLEncoded(await this.text(), this.app.config.maxParams, 'form body')
  }

  /**
   * The files of a `multipart/form-data` body by field name (empty for any other body), parsed as the
   * body streams, under the upload limits. Flask: `request.files`.
   *
   * @example
   * const avatar = (await req.files()).get('avatar')
   * if (avatar) await avatar.save('./uploads')
   */
  async files(): Promise<UploadedFiles> {
    if (this.mimetype !== 'multipart/form-data') return new UploadedFiles()
    return (await this.#readMultipart()).files
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

  /** Where uploaded files go while a multipart body is parsed; the Node adapter spills to disk. */
  protected uploadStore(): UploadStore {
    return createMemoryStore()
  }

  /** The body as chunks for the streaming parsers; the Node adapter reads `IncomingMessage` directly. */
  protected bodyChunks(): AsyncIterable<Uint8Array> {
    return toChunks(this.body ?? new ReadableStream({ start: (controller) => controller.close() }))
  }

  #readMultipart(): Promise<Multipart> {
    this.#multipart ??= (async () => {
      const limits = multipartLimits(this.app.config)
      if (Number(this.header('content-length')) > limits.maxContentLength)
        throw tooLarge(limits.maxContentLength)
      return parseMultipart(this.bodyChunks(), this.header('content-type'), limits, this.uploadStore())
    })()
    return this.#multipart
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
