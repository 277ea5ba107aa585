import type { App } from './app.ts'
import { PhialError } from './errors.ts'

/** Options of one test-client request. Flask: the keyword arguments of `client.get()`. */
export interface TestRequestOptions {
  /** Sent as JSON with `Content-Type: application/json`. */
  json?: unknown
  /** Sent urlencoded. */
  form?: Record<string, string | readonly string[]> | URLSearchParams | undefined
  /** A raw body. */
  body?: NonNullable<RequestInit['body']> | undefined
  headers?: Record<string, string> | undefined
  /** Added to the URL's query string. */
  query?: Record<string, string | number | readonly (string | number)[]> | URLSearchParams | undefined
  /** Follows redirects (up to 20), as a browser would. @default false */
  followRedirects?: boolean | undefined
}

/** A WHATWG `Response` with the URL that answered and the redirects followed to reach it. */
export interface TestResponse extends Response {
  /** The redirect responses followed on the way, oldest first. Flask: `response.history`. */
  readonly history: readonly TestResponse[]
}

function toTestResponse(response: Response, url: URL, history: TestResponse[]): TestResponse {
  // A constructed Response has an empty, read-only url: shadow it on the instance.
  Object.defineProperty(response, 'url', { value: url.href })
  return Object.assign(response, { history })
}

interface StoredCookie {
  name: string
  value: string
  path: string
  expires: number
}

const ORIGIN = 'http://localhost'

/**
 * Flask's test client: requests in-process through `app.fetch`, with a cookie jar kept across
 * requests, `json` and `form` bodies and optional redirect following.
 *
 * @example
 * const client = app.testClient()
 * await client.post('/login', { form: { user: 'ada' }, followRedirects: true })
 * const res = await client.get('/profile')
 */
export class TestClient {
  readonly #app: App
  readonly #jar = new Map<string, StoredCookie>()

  constructor(app: App) {
    this.#app = app
  }

  /** Sends a GET. */
  get(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request('GET', path, options)
  }
  /** Sends a POST. */
  post(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request('POST', path, options)
  }
  /** Sends a PUT. */
  put(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request('PUT', path, options)
  }
  /** Sends a PATCH. */
  patch(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request('PATCH', path, options)
  }
  /** Sends a DELETE. */
  delete(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request('DELETE', path, options)
  }
  /** Sends a HEAD. */
  head(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request('HEAD', path, options)
  }
  /** Sends an OPTIONS. */
  options(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request('OPTIONS', path, options)
  }

  /**
   * Sends any method, applying the cookie jar and following redirects if asked. The response's `url`
   * is the URL that answered and `history` the redirects on the way (Flask: `response.history`).
   */
  async request(method: string, path: string, options: TestRequestOptions = {}): Promise<TestResponse> {
    let url = new URL(path, ORIGIN)
    if (options.query !== undefined) appendQuery(url, options.query)
    let init = toInit(method.toUpperCase(), options)
    const history: TestResponse[] = []
    for (let hops = 0; ; hops++) {
      const response = toTestResponse(await this.#send(url, init), url, [...history])
      const location = response.headers.get('location')
      const redirected = response.status >= 300 && response.status <= 399 && location !== null
      if (options.followRedirects !== true || !redirected) return response
      if (hops === 20) throw new PhialError(`test client: more than 20 redirects from ${path}`)
      const next = new URL(location, url)
      if (next.origin !== ORIGIN) return response
      history.push(response)
      url = next
      // RFC 9110 §15.4: 307 and 308 repeat the method and body; the others become GET.
      if (response.status !== 307 && response.status !== 308) {
        init = { method: init.method === 'HEAD' ? 'HEAD' : 'GET', headers: init.headers }
      }
    }
  }

  /** Sets a cookie in the jar, as if the app had. */
  setCookie(name: string, value: string, path = '/'): void {
    this.#jar.set(`${name};${path}`, { name, value, path, expires: Number.POSITIVE_INFINITY })
  }

  /** A cookie's value from the jar, or `undefined`. */
  getCookie(name: string): string | undefined {
    for (const cookie of this.#jar.values())
      if (cookie.name === name && cookie.expires > Date.now()) return cookie.value
    return undefined
  }

  async #send(url: URL, init: RequestInit & { headers: Headers }): Promise<Response> {
    const headers = new Headers(init.headers)
    const cookie = this.#cookieHeader(url.pathname)
    if (cookie !== '' && !headers.has('cookie')) headers.set('cookie', cookie)
    const response = await this.#app.fetch(new Request(url, { ...init, headers }), {
      remoteAddr: { hostname: '127.0.0.1' },
    })
    for (const line of response.headers.getSetCookie()) this.#store(line)
    return response
  }

  #cookieHeader(path: string): string {
    const now = Date.now()
    const parts: string[] = []
    for (const [key, cookie] of this.#jar) {
      if (cookie.expires <= now) this.#jar.delete(key)
      else if (
        path === cookie.path ||
        path.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`)
      ) {
        parts.push(`${cookie.name}=${cookie.value}`)
      }
    }
    return parts.join('; ')
  }

  #store(line: string): void {
    const [pair = '', ...attributes] = line.split(';')
    const eq = pair.indexOf('=')
    if (eq <= 0) return
    const cookie: StoredCookie = {
      name: pair.slice(0, eq).trim(),
      value: pair.slice(eq + 1).trim(),
      path: '/',
      expires: Number.POSITIVE_INFINITY,
    }
    for (const attribute of attributes) {
      const [key = '', value = ''] = attribute.split('=').map((s) => s.trim())
      const lower = key.toLowerCase()
      if (lower === 'path' && value.startsWith('/')) cookie.path = value
      else if (lower === 'max-age') cookie.expires = Date.now() + Number(value) * 1000
      else if (lower === 'expires' && cookie.expires === Number.POSITIVE_INFINITY)
        cookie.expires = Date.parse(value)
    }
    const key = `${cookie.name};${cookie.path}`
    if (cookie.expires <= Date.now()) this.#jar.delete(key)
    else this.#jar.set(key, cookie)
  }
}

function toInit(
  method: string,
  options: TestRequestOptions,
): RequestInit & { method: string; headers: Headers } {
  const headers = new Headers(options.headers)
  let body: RequestInit['body'] = options.body
  if (options.json !== undefined) {
    body = JSON.stringify(options.json)
    if (!headers.has('content-type')) headers.set('content-type', 'application/json')
  } else if (options.form !== undefined) {
    body = toSearchParams(options.form)
    if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded')
  }
  return body === undefined ? { method, headers } : { method, headers, body }
}

function toSearchParams(form: Record<string, string | readonly string[]> | URLSearchParams): URLSearchParams {
  if (form instanceof URLSearchParams) return form
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(form)) {
    if (typeof value === 'string') params.append(key, value)
    else for (const item of value) params.append(key, item)
  }
  return params
}

function appendQuery(url: URL, query: NonNullable<TestRequestOptions['query']>): void {
  const entries = query instanceof URLSearchParams ? [...query] : Object.entries(query)
  for (const [key, value] of entries) {
    if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, String(item))
    else url.searchParams.append(key, String(value))
  }
}
