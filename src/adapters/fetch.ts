import type { App } from '../app.ts'
import { cutShort, readLimited, tooLarge } from '../body.ts'
import { streamEncodings, toEncoding } from '../compression.ts'
import { PhialRequest } from '../request.ts'
import type { PhialResponse } from '../response.ts'
import type { ExecutionContext } from '../types.ts'
import { cancelBody, toReadableStream, unread } from './fetch-body.ts'

const EMPTY = new Uint8Array(0)
/** Whether this is Cloudflare Workers (workerd), where the edge sets `CF-Connecting-IP`. */
const ON_WORKERS =
  (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent === 'Cloudflare-Workers'
const encoder = new TextEncoder()

interface DenoInfo {
  remoteAddr: { hostname: string }
}
interface BunServer {
  requestIP(request: Request): { address: string } | null
}

/** A {@link PhialRequest} over a WHATWG `Request`: Bun, Deno, Workers and `app.request()`. */
export class FetchRequest extends PhialRequest {
  /** The WHATWG request this wraps. */
  readonly request: Request
  readonly #authority: string
  /** The runtime's second argument when it is Deno's connection info or Bun's server (for the peer). */
  readonly #info: DenoInfo | BunServer | undefined
  #peer: string | undefined

  constructor(app: App, request: Request, env?: unknown, ctx?: ExecutionContext) {
    const url = request.url
    // Bun gives a bare target ("/info") when the Host is missing or one it refuses: no authority then.
    const authorityStart = url.charCodeAt(0) === 47 ? 0 : url.indexOf('//') + 2
    let pathStart = url.indexOf('/', authorityStart)
    if (pathStart === -1) pathStart = url.length
    // WHATWG URLs keep a fragment (`app.request('/q#x')`; Bun's and Deno's servers pass a raw `#` on),
    // always last: Werkzeug drops it (RFC 9112 §3.2: a request target has none), and so does phial.
    let end = url.indexOf('#', pathStart)
    if (end === -1) end = url.length
    let queryStart = url.indexOf('?', pathStart)
    if (queryStart > end) queryStart = -1
    const rawPath = url.slice(pathStart, queryStart === -1 ? end : queryStart)
    const rawQuery = queryStart === -1 ? '' : url.slice(queryStart + 1, end)
    super(app, toMethod(request.method), rawPath || '/', rawQuery)
    this.request = request
    this.#authority = url.slice(authorityStart, pathStart)
    // The second argument of a fetch handler is the runtime's: Deno's connection info, Bun's server,
    // or the bindings of a Worker. The peer address is looked up only when asked (Bun's requestIP
    // is a native call).
    this.#peer = undefined
    if (isDenoInfo(env) || isBunServer(env)) this.#info = env
    else {
      this.#info = undefined
      if (typeof env === 'object' && env !== null) this.env = env as Record<string, unknown>
    }
    this.ctx = ctx
  }

  /** One header's value, or `undefined` for any name the client did not send. Flask: `request.headers.get`. */
  header(name: string): string | undefined {
    // `Headers.get` throws a TypeError for a name that is not an RFC 9110 token (`bad name`); a name
    // nobody can send is absent, as on Node and in Werkzeug. The try costs nothing until it throws.
    try {
      return this.request.headers.get(name) ?? undefined
    } catch {
      return undefined
    }
  }

  get headers(): Headers {
    return this.request.headers
  }

  get signal(): AbortSignal {
    return this.request.signal
  }

  get raw(): Request {
    return this.request
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.request.body
  }

  protected get remoteAddress(): string {
    if (this.#peer === undefined) {
      const info = this.#info
      // Cloudflare sets CF-Connecting-IP itself; anywhere else a client could send it.
      if (info === undefined) this.#peer = ON_WORKERS ? (this.header('cf-connecting-ip') ?? '') : ''
      else if ('remoteAddr' in info) this.#peer = info.remoteAddr.hostname
      else this.#peer = info.requestIP(this.request)?.address ?? ''
    }
    return this.#peer
  }

  protected get encrypted(): boolean {
    return this.request.url.startsWith('https:')
  }

  protected override get authority(): string | undefined {
    return this.header('host') ?? this.#authority
  }

  protected async readBody(limit: number): Promise<Uint8Array> {
    const length = this.header('content-length')
    const declared = length === undefined ? Number.NaN : Number(length)
    if (declared > limit) throw tooLarge(limit)
    if (declared >= 0) {
      // An announced length within the limit: the runtime's native reader is several times faster
      // than a JS loop over the stream (Bun, Deno). The server framed the body by that length; the
      // check after is for in-process requests, whose header nobody enforces. `request.body` is not
      // touched first: on Deno and Bun that alone turns the body into a JS stream and slows the read.
      let buffer: ArrayBuffer
      try {
        buffer = await this.request.arrayBuffer()
      } catch (error) {
        cutShort(error)
      }
      const bytes = new Uint8Array(buffer)
      if (bytes.byteLength > limit) throw tooLarge(limit)
      return bytes
    }
    const body = this.request.body
    return body === null ? EMPTY : readLimited(body, limit)
  }

  protected override readText(limit: number): Promise<string>
  protected override readText<T>(limit: number, parse: (text: string) => T): Promise<T>
  protected override readText<T>(limit: number, parse?: (text: string) => T): Promise<T | string> {
    const length = this.header('content-length')
    const declared = length === undefined ? Number.NaN : Number(length)
    if (!(declared >= 0)) return parse === undefined ? super.readText(limit) : super.readText(limit, parse)
    if (declared > limit) return Promise.reject(tooLarge(limit))
    // The native text() skips a JS decode; a string longer than the limit has more bytes than it.
    // One promise: the rejection handler beside the fulfilment one, not a `.catch` before it (a hop
    // more on the hottest body path). A parse error is not a read error, so it passes cutShort by.
    return this.request.text().then((text) => {
      if (text.length > limit) throw tooLarge(limit)
      return parse === undefined ? text : parse(text)
    }, cutShort)
  }
}

/**
 * The method upper-cased, as Werkzeug's `Request.method` is: Fetch upper-cases only DELETE, GET, HEAD,
 * OPTIONS, POST and PUT, so `patch` or `propfind` come as sent (Node's parser refuses them itself).
 * The common methods are compared, not converted: `toUpperCase` costs about 25 ns even when nothing
 * changes, the comparisons about 4.
 */
function toMethod(method: string): string {
  switch (method) {
    case 'GET':
    case 'POST':
    case 'PUT':
    case 'DELETE':
    case 'PATCH':
    case 'HEAD':
    case 'OPTIONS':
      return method
    default:
      return method.toUpperCase()
  }
}

function isDenoInfo(value: unknown): value is DenoInfo {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as DenoInfo).remoteAddr?.hostname === 'string'
  )
}

function isBunServer(value: unknown): value is BunServer {
  return typeof value === 'object' && value !== null && typeof (value as BunServer).requestIP === 'function'
}

// RFC 9110 §6.4.1: these statuses never carry content.
const NULL_BODY = new Set([101, 103, 204, 205, 304])

/**
 * Turns a phial response into a WHATWG `Response`. HEAD keeps the headers and a string or byte body's
 * `Content-Length`; a streamed body that is not sent (HEAD, 204, 205, 304) is stopped, not left running.
 */
export function toFetchResponse(res: PhialResponse, req: PhialRequest): Response {
  try {
    if (req.app.config.compress !== false) compress(res, req)
    const head = req.method === 'HEAD'
    const raw = res.rawResponse
    // Untouched since the handler returned it (status, body and headers the same): pass it through,
    // unless its body was read already (the runtime would fail on it; a 500 is sent instead).
    if (raw !== null && !head && raw.status === res.status && raw.body === res.body && !raw.body?.locked)
      return raw
    const headers = res.headerRecord ?? res.headers
    // A refused body is left unread: Bun would read (and drop) all of it to keep the connection, so
    // ask it to close instead, as Node and workerd do on their own. Deno ignores the header.
    if (res.status === 413) setHeader(headers, 'connection', 'close')
    return new Response(toBodyInit(req, res, head, headers), { status: res.status, headers })
  } catch (error) {
    // A header `Headers` refuses (a non-Latin-1 or control character in a value) or a stream already
    // locked or read: a programming error, answered as node:http answers it, so the runtime never
    // sees a rejection.
    req.app.logger.error(`${req.method} ${req.path}: the response could not be written:`, error)
    cancelBody(res.body)
    return new Response('Internal Server Error', {
      status: 500,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    })
  }
}

function toBodyInit(
  req: PhialRequest,
  res: PhialResponse,
  head: boolean,
  headers: Headers | Record<string, string>,
): BodyInit | null {
  const body = res.body
  if (NULL_BODY.has(res.status)) {
    cancelBody(body)
    return null
  }
  if (head) {
    if (typeof body === 'string' || body instanceof Uint8Array) setLength(headers, byteLength(body))
    else if (body !== null) {
      // RFC 9110 §8.6: a HEAD sends no Content-Length unless GET's would be the same. Given no body,
      // Bun and Deno add `content-length: 0`; given a stream, they announce no length (Bun says
      // chunked, as for GET) and send nothing. The streamed body itself is stopped: nothing reads it.
      cancelBody(body)
      return unread()
    }
    return null
  }
  if (body instanceof Uint8Array) setLength(headers, body.byteLength)
  else if (body !== null && typeof body === 'object' && !(body instanceof ReadableStream))
    return toReadableStream(body, streamFailed(req))
  return body as BodyInit | null
}

// Logged through the app's logger, as on Node: the runtime would otherwise print it its own way, or
// (in-process) not at all. The client sees the body end in an error either way.
const streamFailed = (req: PhialRequest) => (error: unknown) =>
  req.app.logger.error(`${req.method} ${req.path}: the response stream failed:`, error)

// CompressionStream is the one compressor every fetch runtime has: gzip everywhere, brotli where offered.
function compress(res: PhialResponse, req: PhialRequest): void {
  const encoding = toEncoding(req, res, streamEncodings())
  const body = res.body
  if (encoding === undefined || body === null) return
  const stream =
    typeof body === 'string' || body instanceof Uint8Array
      ? new Blob([body as BlobPart]).stream()
      : body instanceof ReadableStream
        ? body
        : toReadableStream(body, streamFailed(req))
  res.body = stream.pipeThrough(
    new CompressionStream(encoding as CompressionFormat) as unknown as ReadableWritablePair<
      Uint8Array,
      Uint8Array
    >,
  )
}

function byteLength(body: string | Uint8Array): number {
  return typeof body === 'string' ? encoder.encode(body).byteLength : body.byteLength
}

function setLength(headers: Headers | Record<string, string>, length: number): void {
  setHeader(headers, 'content-length', String(length))
}

function setHeader(headers: Headers | Record<string, string>, name: string, value: string): void {
  if (headers instanceof Headers) headers.set(name, value)
  else headers[name] = value
}
