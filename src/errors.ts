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
  414: 'URI Too Long',
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
  headers?: Record<string, string> | undefined
  /** Whether `message` may be shown to the client. @default status < 500 */
  expose?: boolean | undefined
  /** The error that caused this one, kept for logs. */
  cause?: unknown
}

/** Whether stack capture can be switched off around an error (`Error.stackTraceLimit` writable: not under frozen intrinsics). */
export const TRIM_STACKS = Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit')?.writable === true

/**
 * An error that is an HTTP response: thrown anywhere in a request, it is answered with its status.
 * Flask: `werkzeug.exceptions.HTTPException`. A 4xx has no stack trace (its `stack` is one line):
 * it is control flow, never logged, and the trace would cost ten times the rest of the error.
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
    // A client error (4xx) is control flow, answered and never logged: it gets no stack trace, which
    // would cost ten times the rest of it (about 5 µs against 0.5 µs on Node 20) on every bad
    // request of a flood. A 5xx keeps its stack, for whoever logs it.
    const limit = Error.stackTraceLimit
    if (status < 500 && TRIM_STACKS) Error.stackTraceLimit = 0
    super(
      message ?? STATUS_TEXT[status] ?? `HTTP ${status}`,
      options.cause === undefined ? {} : { cause: options.cause },
    )
    if (TRIM_STACKS) Error.stackTraceLimit = limit
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
  throw createHTTPError(status, message, options)
}

/** Whether `value` is an {@link HTTPError}. */
export function isHTTPError(value: unknown): value is HTTPError {
  return value instanceof HTTPError
}

/** An HTTPError class with a fixed status, so `errorHandler(NotFound, …)` equals `errorHandler(404, …)`. */
export interface HTTPErrorClass {
  new (message?: string, options?: HTTPErrorOptions): HTTPError
  readonly status: number
}

function httpErrorClass(status: number, name: string): HTTPErrorClass {
  const cls = class extends HTTPError {
    static readonly status = status
    constructor(message?: string, options?: HTTPErrorOptions) {
      super(status, message, options)
      this.name = name
    }
  }
  Object.defineProperty(cls, 'name', { value: name })
  return cls
}

/** 400. Werkzeug: `BadRequest`. */
export const BadRequest = httpErrorClass(400, 'BadRequest')
/** 401. Werkzeug: `Unauthorized`. */
export const Unauthorized = httpErrorClass(401, 'Unauthorized')
/** 403. Werkzeug: `Forbidden`. */
export const Forbidden = httpErrorClass(403, 'Forbidden')
/** 404. Werkzeug: `NotFound`. */
export const NotFound = httpErrorClass(404, 'NotFound')
/** 405; give it an `Allow` header. Werkzeug: `MethodNotAllowed`. */
export const MethodNotAllowed = httpErrorClass(405, 'MethodNotAllowed')
/** 406. Werkzeug: `NotAcceptable`. */
export const NotAcceptable = httpErrorClass(406, 'NotAcceptable')
/** 409. Werkzeug: `Conflict`. */
export const Conflict = httpErrorClass(409, 'Conflict')
/** 410. Werkzeug: `Gone`. */
export const Gone = httpErrorClass(410, 'Gone')
/** 413. Werkzeug: `RequestEntityTooLarge`. */
export const ContentTooLarge = httpErrorClass(413, 'ContentTooLarge')
/** 415. Werkzeug: `UnsupportedMediaType`. */
export const UnsupportedMediaType = httpErrorClass(415, 'UnsupportedMediaType')
/** 422. Werkzeug: `UnprocessableEntity`. */
export const UnprocessableContent = httpErrorClass(422, 'UnprocessableContent')
/** 429. Werkzeug: `TooManyRequests`. */
export const TooManyRequests = httpErrorClass(429, 'TooManyRequests')
/** 500. Werkzeug: `InternalServerError`. */
export const InternalServerError = httpErrorClass(500, 'InternalServerError')
/** 503. Werkzeug: `ServiceUnavailable`. */
export const ServiceUnavailable = httpErrorClass(503, 'ServiceUnavailable')

const BY_STATUS = new Map<number, HTTPErrorClass>(
  [
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    NotAcceptable,
    Conflict,
    Gone,
    ContentTooLarge,
    UnsupportedMediaType,
    UnprocessableContent,
    TooManyRequests,
    InternalServerError,
    ServiceUnavailable,
  ].map((c) => [c.status, c]),
)

/** An HTTPError for `status`: an instance of the named class when there is one (`NotFound` for 404). */
export function createHTTPError(status: number, message?: string, options?: HTTPErrorOptions): HTTPError {
  const cls = BY_STATUS.get(status)
  return cls === undefined ? new HTTPError(status, message, options) : new cls(message, options)
}

/** Whether `cls` is the class phial itself throws for its status (`NotFound` for 404), not a subclass. */
export function isCanonicalHTTPErrorClass(cls: unknown): cls is HTTPErrorClass {
  return isHTTPErrorClass(cls) && BY_STATUS.get(cls.status) === cls
}

/** Whether `value` is an HTTPError class with a fixed status. */
export function isHTTPErrorClass(value: unknown): value is HTTPErrorClass {
  return (
    typeof value === 'function' &&
    value.prototype instanceof HTTPError &&
    typeof (value as HTTPErrorClass).status === 'number'
  )
}
