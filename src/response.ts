import { type CookieOptions, serializeCookie } from './cookies.ts'
import { PhialError } from './errors.ts'

/** What a {@link PhialResponse} can carry: text, bytes, a stream, or nothing. */
export type ResponseBody =
  | string
  | Uint8Array
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>
  | null

/** Header values accepted by the response helpers. */
export type HeadersInit = Headers | Record<string, string> | Array<[string, string]>

// `Headers`, `Response` and `ReadableStream` are read where they are used, never at import: Node
// defines them as lazy getters, and the first read of `Headers` or `Response` loads undici, with
// http, tls, http2, zlib and crypto behind it. An app that never builds one never pays for them.

/** The content type of HTML bodies (Flask's default). */
export const HTML = 'text/html; charset=utf-8'
/** The content type of JSON bodies. */
export const JSON_TYPE = 'application/json'
// Passed by `PhialResponse.typed`, which sets the record itself.
const EMPTY: Record<string, string> = Object.freeze({}) as Record<string, string>

/**
 * A response being built: status, mutable headers and a body. Handlers may return one, or any value
 * that {@link toResponse} understands. Flask: `flask.Response`.
 *
 * @example
 * const res = new PhialResponse('created', 201, { 'x-id': '7' })
 * res.setCookie('seen', '1', { maxAge: 3600 })
 */
export class PhialResponse {
  /** The HTTP status code. */
  status: number
  /** The body: a string, bytes, a stream or `null`. */
  body: ResponseBody
  // Headers are kept as a plain record until someone asks for `headers`: the Node adapter then
  // writes them with one `writeHead` and no `Headers` object is ever built.
  #record: Record<string, string> | null
  #headers: Headers | null
  #raw: Response | null

  constructor(body: ResponseBody = null, status = 200, headers?: HeadersInit) {
    this.body = body
    this.status = status
    this.#raw = null
    if (headers === EMPTY) {
      this.#record = null
      this.#headers = null
    } else if (headers === undefined) {
      this.#record = typeof body === 'string' ? { 'content-type': HTML } : {}
      this.#headers = null
    } else if (!isRecord(headers)) {
      this.#record = null
      this.#headers = new Headers(headers)
      if (typeof body === 'string' && !this.#headers.has('content-type'))
        this.#headers.set('content-type', HTML)
    } else {
      this.#record = lowerKeys(headers)
      // Flask's Response defaults to text/html; a string body without a type gets it on every gateway.
      if (typeof body === 'string') this.#record['content-type'] ??= HTML
      this.#headers = null
    }
  }

  /** @internal A response whose one header is its content type: no header copy (the hot path). */
  static typed(body: ResponseBody, status: number, type: string): PhialResponse {
    const res = new PhialResponse(body, status, EMPTY)
    res.#record = { 'content-type': type }
    return res
  }

  /** @internal Takes `record` as the headers, as is: its keys must already be lower-case. */
  static fromRecord(body: ResponseBody, status: number, record: Record<string, string>): PhialResponse {
    const res = new PhialResponse(body, status, EMPTY)
    res.#record = record
    return res
  }

  /** Wraps a WHATWG `Response`; the fetch adapter returns it untouched if nothing changed it. */
  static fromResponse(response: Response): PhialResponse {
    const res = new PhialResponse(response.body, response.status)
    res.#record = null
    res.#headers = response.headers
    res.#raw = response
    return res
  }

  /** The response headers, mutable. */
  get headers(): Headers {
    if (this.#headers === null) {
      this.#headers = new Headers(this.#record ?? undefined)
      this.#record = null
    } else if (this.#raw !== null) {
      // A fetched Response has immutable headers: copy them before anyone mutates them.
      this.#headers = new Headers(this.#headers)
    }
    this.#raw = null
    return this.#headers
  }

  /** The `Content-Type` header, or `undefined`. */
  get contentType(): string | undefined {
    if (this.#record !== null) return this.#record['content-type']
    return this.#headers?.get('content-type') ?? undefined
  }

  /** Sets one header; a shortcut that keeps the fast path when headers were never read. */
  setHeader(name: string, value: string): this {
    if (this.#record !== null) this.#record[name.toLowerCase()] = value
    else this.headers.set(name, value)
    return this
  }

  /** Adds a `Set-Cookie` header. A name, value or attribute with CR, LF or `;` is refused. Flask: `set_cookie`. */
  setCookie(name: string, value: string, options: CookieOptions = {}): this {
    this.headers.append('set-cookie', serializeCookie(name, value, options))
    return this
  }

  /** Expires a cookie in the browser. Flask: `delete_cookie`. */
  deleteCookie(
    name: string,
    options: Pick<CookieOptions, 'path' | 'domain' | 'secure' | 'sameSite'> = {},
  ): this {
    return this.setCookie(name, '', { ...options, maxAge: 0, expires: new Date(0) })
  }

  /** @internal The untouched `Response` this wraps, if any. */
  get rawResponse(): Response | null {
    return this.#raw
  }

  /** @internal Headers for the adapters: the plain record when no `Headers` was built. */
  get headerRecord(): Record<string, string> | null {
    return this.#record
  }
}

function lowerKeys(record: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const key in record) out[key.toLowerCase()] = record[key] as string
  return out
}

// A plain object of headers, told apart without touching `Headers` (which would load undici).
/** Whether headers are a plain record (checked without reading `Headers`, which loads undici). */
export function isRecord(headers: HeadersInit): headers is Record<string, string> {
  if (Array.isArray(headers)) return false
  const proto = Object.getPrototypeOf(headers)
  return proto === Object.prototype || proto === null
}

function withType(headers: HeadersInit | undefined, type: string): HeadersInit {
  if (headers === undefined) return { 'content-type': type }
  if (!isRecord(headers)) {
    const h = new Headers(headers)
    if (!h.has('content-type')) h.set('content-type', type)
    return h
  }
  const out = lowerKeys(headers)
  out['content-type'] ??= type
  return out
}

/**
 * A JSON response. Flask: `jsonify`. The type argument, when given, checks the value's shape.
 *
 * @example
 * app.post('/users', async (req) => json(await req.json(), 201))
 * json<User>({ id: 1, name: 'Ada' }) // { id: '1' } is a type error
 */
export function json<T = unknown>(value: T, status = 200, headers?: HeadersInit): PhialResponse {
  const body = JSON.stringify(value) ?? 'null'
  if (headers === undefined) return PhialResponse.typed(body, status, JSON_TYPE)
  return new PhialResponse(body, status, withType(headers, JSON_TYPE))
}

/** An HTML response (`text/html; charset=utf-8`). */
export function html(body: string, status = 200, headers?: HeadersInit): PhialResponse {
  return new PhialResponse(body, status, withType(headers, HTML))
}

/** A plain-text response (`text/plain; charset=utf-8`). */
export function text(body: string, status = 200, headers?: HeadersInit): PhialResponse {
  return new PhialResponse(body, status, withType(headers, 'text/plain; charset=utf-8'))
}

// What may stay as written in a Location: RFC 3986's unreserved and reserved characters, and `%` (an
// escape already made). Anything else is percent-encoded as UTF-8, as Werkzeug's `iri_to_uri` does.
const NOT_URI = /[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+/g

/**
 * `location` with what a URI cannot hold (non-ASCII, spaces, `\`, `"`, `<`, control characters)
 * percent-encoded as UTF-8, and escapes already made kept: what {@link redirect} and the routing
 * redirects send. A lone surrogate throws a `URIError`. Werkzeug: `iri_to_uri`.
 *
 * @example
 * toLocation('/\\evil.com') // '/%5Cevil.com'
 */
export function toLocation(location: string): string {
  return location.replace(NOT_URI, encodeURI)
}

/**
 * A redirect to `location` as written, except that characters a URI cannot hold (non-ASCII, spaces,
 * `\`, tabs, quotes) are percent-encoded as UTF-8, so `/\evil.com` stays on this site as `/%5Cevil.com`.
 * A mount prefix is not added: use `req.urlFor` for that. CR or LF is a `PhialError`. Flask: `redirect`.
 *
 * @example
 * return redirect(req.urlFor('login'))
 */
export function redirect(location: string, status = 302): PhialResponse {
  if (/[\r\n]/.test(location)) throw new PhialError('redirect: the location contains CR or LF')
  let uri: string
  try {
    uri = toLocation(location)
  } catch {
    throw new PhialError('redirect: the location is not well-formed Unicode (a lone surrogate)')
  }
  const body = `<!doctype html>\n<title>Redirecting</title>\n<p>Redirecting to <a href="${escapeHTML(uri)}">${escapeHTML(uri)}</a>.</p>\n`
  return new PhialResponse(body, status, { 'content-type': HTML, location: uri })
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escapes text for HTML content and attributes. */
export function escapeHTML(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] as string)
}
