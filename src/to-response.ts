// toResponse: what a handler, hook or error handler returns, made into a response; and makeResponse.
import { PhialError } from './errors.ts'
import { type HeadersInit, HTML, isRecord, JSON_TYPE, json, PhialResponse } from './response.ts'

/**
 * Turns any handler return value into a response, with an optional status and headers.
 * Flask: `make_response`.
 *
 * @example
 * return makeResponse({ ok: true }, 202, { 'x-job': id })
 */
export function makeResponse(body: unknown, status?: number, headers?: HeadersInit): PhialResponse {
  const res = toResponse(body)
  if (status !== undefined) res.status = status
  if (headers !== undefined) {
    // A plain record never meets `instanceof Headers`, whose first read would load undici.
    const entries = Array.isArray(headers)
      ? headers
      : !isRecord(headers) && headers instanceof Headers
        ? headers.entries()
        : Object.entries(headers)
    for (const [name, value] of entries) res.setHeader(name, value)
  }
  return res
}

/**
 * The one conversion of every handler, hook and error-handler return value (DESIGN: one response path).
 * string → HTML; object, array, number, boolean, null → JSON; bytes → octet-stream; a stream, an async
 * iterable or a generator (sync or async) → streamed; a `Response` or `PhialResponse` → itself.
 * `undefined` is a programming error.
 */
export function toResponse(value: unknown): PhialResponse {
  if (typeof value === 'string') return PhialResponse.typed(value, 200, HTML)
  if (value instanceof PhialResponse) return value
  if (value === undefined)
    throw new PhialError('the handler returned undefined; return a value or a response')
  if (typeof value !== 'object' || value === null) {
    // Flask refuses a function ("did not return a valid response"); JSON would send `null` for it.
    if (typeof value === 'function' || typeof value === 'symbol') throw notAResponse(value)
    return json(value)
  }
  // A plain object or array, the common case, skips the checks below.
  const proto = Object.getPrototypeOf(value)
  if (proto === Array.prototype || (proto === Object.prototype && !(Symbol.asyncIterator in value))) {
    return PhialResponse.typed(JSON.stringify(value) ?? 'null', 200, JSON_TYPE)
  }
  if (value instanceof Response) return PhialResponse.fromResponse(value)
  if (value instanceof Uint8Array) return bytes(value)
  if (value instanceof ArrayBuffer) return bytes(new Uint8Array(value))
  if (value instanceof ReadableStream) return PhialResponse.typed(value, 200, 'application/octet-stream')
  if (Symbol.asyncIterator in value) {
    // Flask streams a generator as text/html by default; so does phial.
    return PhialResponse.typed(value as AsyncIterable<Uint8Array | string>, 200, HTML)
  }
  // A generator object, not any iterable: an array, a Map or a Set is data, and goes to JSON as before.
  if (Object.prototype.toString.call(value) === '[object Generator]')
    return PhialResponse.typed(fromGenerator(value as Generator<Uint8Array | string>), 200, HTML)
  if (value instanceof Blob)
    return PhialResponse.typed(value.stream(), 200, value.type || 'application/octet-stream')
  // JSON.stringify writes these as `{}`, losing every entry without a word.
  if (value instanceof Map || value instanceof Set || value instanceof WeakMap || value instanceof WeakSet)
    throw notAResponse(value)
  return json(value)
}

/** The misuse error for a return value no response can be made of, with the likely fix. */
function notAResponse(value: unknown): PhialError {
  const what =
    typeof value === 'function'
      ? 'a function (did you mean to call it?)'
      : typeof value === 'symbol'
        ? 'a symbol'
        : value instanceof Map
          ? 'a Map, which JSON writes as {} (return Object.fromEntries(map))'
          : value instanceof Set
            ? 'a Set, which JSON writes as {} (return [...set])'
            : `a ${(value as object).constructor.name}, which JSON writes as {}`
  return new PhialError(`the handler returned ${what}; return a value or a response`)
}

// `yield*` hands return() on to the generator, so its `finally` runs when the client goes away.
async function* fromGenerator(
  generator: Generator<Uint8Array | string>,
): AsyncGenerator<Uint8Array | string> {
  yield* generator
}

function bytes(body: Uint8Array): PhialResponse {
  return PhialResponse.typed(body, 200, 'application/octet-stream')
}
