/**
 * Misuse of phial by the programmer: a bad rule, a late registration, a duplicate endpoint.
 * The message names the culprit and the fix. Never sent to a client.
 *
 * @example
 * app.get('/:id?', h) // PhialError: route "/:id?": optional parameters are written "{/:id}"
 */
export class PhialError extends Error {
  override name = 'PhialError'
}

/** Reason phrases for the statuses phial sends itself (RFC 9110 §15). */
export const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
}

/** Options of an {@link HTTPError}. */
export interface HTTPErrorOptions {
  /** Headers sent with the error response (`Allow` on a 405, `WWW-Authenticate` on a 401). */
  headers?: Record<string, string>
  /** Whether `message` may be shown to the client. @default status < 500 */
  expose?: boolean
  /** The error that caused this one, kept for logs. */
  cause?: unknown
}

/**
 * An error that is an HTTP response: thrown anywhere in a request, it is answered with its status.
 * Flask: `werkzeug.exceptions.HTTPException`.
 *
 * @example
 * throw new HTTPError(404, 'No such post')
 */
export class HTTPError extends Error {
  override name = 'HTTPError'
  /** The HTTP status code, 400–599. */
  readonly status: number
  /** Headers sent with the error response. */
  readonly headers: Record<string, string>
  /** Whether `message` may be shown to the client; 5xx messages stay in the logs. */
  readonly expose: boolean

  constructor(status: number, message?: string, options: HTTPErrorOptions = {}) {
    super(
      message ?? STATUS_TEXT[status] ?? `HTTP ${status}`,
      options.cause === undefined ? {} : { cause: options.cause },
    )
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new PhialError(`HTTPError status must be an integer from 400 to 599, got ${String(status)}`)
    }
    this.status = status
    this.headers = options.headers ?? {}
    this.expose = options.expose ?? status < 500
  }
}

/**
 * Stops the request with an HTTP error. Flask: `abort(404)`.
 *
 * @example
 * if (!post) abort(404, 'No such post')
 */
export function abort(status: number, message?: string, options?: HTTPErrorOptions): never {
  throw new HTTPError(status, message, options)
}

/** Whether `value` is an {@link HTTPError}. */
export function isHTTPError(value: unknown): value is HTTPError {
  return value instanceof HTTPError
}
