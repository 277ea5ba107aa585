import { createHTTPError, type HTTPError, isHTTPError, TRIM_STACKS } from './errors.ts'

/** The media type of a `Content-Type` value, lower-cased, without parameters (its "essence"). */
export function mediaType(contentType: string | undefined): string {
  if (contentType === undefined) return ''
  const semi = contentType.indexOf(';')
  return (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase()
}

/** Whether a `Content-Type` is JSON: `application/json` or any `application/*+json`. */
export function isJSONType(contentType: string | undefined): boolean {
  const type = mediaType(contentType)
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'))
}

/**
 * Parses a JSON request body as a client's input: malformed is 400, nesting past `maxDepth` is 400,
 * and a `__proto__` key (or `constructor.prototype`) is 400, so no handler ever merges a poisoned object.
 */
export function parseJSONBody(text: string, maxDepth: number): unknown {
  if (text.length === 0) throw createHTTPError(400, 'The request body is empty; expected JSON.')
  if (text.length > maxDepth * 2) checkDepth(text, maxDepth)
  let value: unknown
  // The SyntaxError of a malformed body is read for its message only: no stack trace for it either
  // (see HTTPError). JSON.parse runs no user code, so nothing else sees the limit change.
  const limit = Error.stackTraceLimit
  if (TRIM_STACKS) Error.stackTraceLimit = 0
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw createHTTPError(400, `The request body is not valid JSON: ${(error as Error).message}`)
  } finally {
    if (TRIM_STACKS) Error.stackTraceLimit = limit
  }
  // The text decides whether the parsed keys need a look, so an escape spelling `__proto__`
  // (`"\u005f_proto__"`) must send it to the look as well.
  if (text.includes('__proto__') || text.includes('constructor') || text.includes('\\u')) checkKeys(value)
  return value
}

function checkDepth(text: string, maxDepth: number): void {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92)
        i++ // backslash: skip the escaped character
      else if (c === 34) inString = false
    } else if (c === 34) inString = true
    else if (c === 91 || c === 123) {
      if (++depth > maxDepth)
        throw createHTTPError(400, `The JSON body is nested deeper than ${maxDepth} levels.`)
    } else if (c === 93 || c === 125) depth--
  }
}

function checkKeys(root: unknown): void {
  const stack: unknown[] = [root]
  while (stack.length > 0) {
    const node = stack.pop()
    if (typeof node !== 'object' || node === null) continue
    if (Object.hasOwn(node, '__proto__')) throw createHTTPError(400, 'The JSON body has a "__proto__" key.')
    const ctor = (node as Record<string, unknown>).constructor
    if (Object.hasOwn(node, 'constructor') && typeof ctor === 'object' && ctor !== null) {
      if (Object.hasOwn(ctor, 'prototype'))
        throw createHTTPError(400, 'The JSON body has a "constructor.prototype" key.')
    }
    for (const key in node) stack.push((node as Record<string, unknown>)[key])
  }
}

/**
 * Counts `&`-separated parameters without splitting, and refuses more than `max` with 413,
 * so a query or form of a million separators costs one scan and no allocation.
 */
export function checkParamCount(source: string, max: number, what: string): void {
  if (source.length <= max) return // fewer characters than the limit: cannot have more parameters
  let count = 1
  let at = source.indexOf('&')
  while (at !== -1) {
    if (++count > max) throw createHTTPError(413, `The ${what} has more than ${max} parameters.`)
    at = source.indexOf('&', at + 1)
  }
}

/** Parses an urlencoded body or query string, with the parameter cap. Flask: `request.form` (a MultiDict). */
export function parseURLEncoded(source: string, max: number, what: string): URLSearchParams {
  checkParamCount(source, max, what)
  return new URLSearchParams(source)
}

/**
 * Reads a byte stream with a running count: past `limit` it stops reading and throws 413, so a chunked
 * body that never announced its length is refused as soon as it grows too large.
 */
export async function readLimited(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await readChunk(reader)
    if (done) break
    total += value.byteLength
    if (total > limit) {
      await reader.cancel().catch(() => {})
      throw tooLarge(limit)
    }
    chunks.push(value)
  }
  return concat(chunks, total)
}

/** The next chunk of a request body; a read that fails is the client's 400 ({@link cutShort}). */
export async function readChunk(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  try {
    return await reader.read()
  } catch (error) {
    cutShort(error)
  }
}

/**
 * Rethrows a failed read of the request body as the client's 400: a runtime's body stream fails when
 * the client closed the connection early or framed the body badly (a chunk size that is not hex),
 * which is bad input, not a server error. An `HTTPError` (a 413) passes through unchanged.
 */
export function cutShort(error: unknown): never {
  if (isHTTPError(error)) throw error
  throw createHTTPError(400, 'The client closed the connection before the body was complete.')
}

/** The 413 every body reader throws. */
export function tooLarge(limit: number): HTTPError {
  return createHTTPError(413, `The request body is larger than the limit of ${limit} bytes.`)
}

/** Joins chunks into one array. */
export function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array
  const out = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}
