import type { ServerResponse } from 'node:http'
import { pipeline, Readable } from 'node:stream'
import { toEncoding } from '../compression.ts'
import type { PhialResponse } from '../response.ts'
import type { Logger } from '../types.ts'
import { cancelBody } from './fetch-body.ts'
import type { NodeRequest } from './node.ts'
import { NODE_ENCODINGS, writeCompressed } from './node-compress.ts'
import { lingerOnClose } from './node-linger.ts'

/**
 * Writes a phial response to Node: string and byte bodies with one `writeHead` and one `end`; streams
 * with back-pressure, stopped when the client goes away.
 */
export function writeResponse(
  res: ServerResponse,
  out: PhialResponse,
  req: NodeRequest,
  logger: Logger,
): void {
  const body = out.body
  const status = out.status
  let iterator: AsyncIterator<Uint8Array | string> | undefined
  try {
    if (req.app.config.compress !== false) {
      const encoding = toEncoding(req, out, NODE_ENCODINGS)
      if (encoding !== undefined) {
        writeCompressed(res, out, req, { encoding, logger })
        return
      }
    }
    // RFC 9110 §6.4.1: 1xx, 204, 205 and 304 never carry content.
    const nullBody = status < 200 || status === 204 || status === 205 || status === 304
    if (typeof body === 'string' || body instanceof Uint8Array || body === null || nullBody) {
      const length = nullBody
        ? -1
        : typeof body === 'string'
          ? Buffer.byteLength(body)
          : body === null
            ? 0
            : (body as Uint8Array).byteLength
      // A stream with a null-body status (sse(…, { status: 204 })) is stopped, not left running.
      if (nullBody) cancelBody(body)
      writeHead(res, out, req, length)
      if (req.method === 'HEAD' || length <= 0) res.end()
      else res.end(body)
      return
    }
    // Taken before any header: a stream already locked or read, or an iterable that throws, is a 500.
    if (req.method !== 'HEAD' && !(body instanceof Readable)) iterator = toIterator(body)
    writeHead(res, out, req, -1)
  } catch (error) {
    // A header Node refuses (a control character, one past U+00FF), or a host that already sent the
    // headers (Express middleware calling flushHeaders() or write() before next()).
    if (iterator === undefined) cancelBody(body)
    else stop(iterator)
    failWrite(res, out, { req, logger, error })
    return
  }
  if (iterator !== undefined) void pump(res, iterator, req, logger)
  else if (req.method === 'HEAD') {
    cancelBody(body)
    res.end()
  } else {
    pipeline(body as Readable, res, (error) => {
      if (error && !isAbort(error))
        logger.error(`${req.method} ${req.path}: the response stream failed:`, error)
    })
  }
}

/** Writes the status line and headers; `length` ≥ 0 sets `Content-Length`. */
export function writeHead(res: ServerResponse, out: PhialResponse, req: NodeRequest, length: number): void {
  const close = req.closeConnection || unreadBody(req)
  if (close) lingerOnClose(res, req.incoming)
  const record = out.headerRecord
  if (record !== null) {
    // A number, as Node takes it (raw node:http passes one too): no string built for it here.
    if (length >= 0) (record as Record<string, string | number>)['content-length'] = length
    if (close) record.connection = 'close'
    // Two property reads decide it: a response with neither header costs no look at the host's.
    if (record['set-cookie'] === undefined && record.vary === undefined) res.writeHead(out.status, record)
    else res.writeHead(out.status, withHostHeaders(res, record))
    return
  }
  // Headers were touched: copy them, keeping each Set-Cookie separate. An object, not a flat array:
  // Express's on-headers wrapper replays a flat array with setHeader and would keep one cookie only.
  const headers: Record<string, string | string[]> = {}
  for (const [name, value] of out.headers) if (name !== 'set-cookie') headers[name] = value
  const cookies = out.headers.getSetCookie()
  if (cookies.length > 0) headers['set-cookie'] = cookies
  if (length >= 0) headers['content-length'] = String(length)
  if (close) headers.connection = 'close'
  res.writeHead(
    out.status,
    cookies.length > 0 || headers.vary !== undefined ? withHostHeaders(res, headers) : headers,
  )
}

type HeaderValue = string | string[] | number

// Node's writeHead replaces a header the host set with setHeader (Express's res.cookie(), res.vary())
// by phial's of the same name. Phial's value wins for every other header, but a cookie is not a
// replacement for another cookie, and a Vary must name the fields both sides varied on. A copy when
// they are merged: `headers` may be a response's own record, and a response may be sent again.
function withHostHeaders(
  res: ServerResponse,
  headers: Record<string, HeaderValue>,
): Record<string, HeaderValue> {
  const cookies = headers['set-cookie']
  const vary = headers.vary
  const hostCookies = cookies === undefined ? undefined : res.getHeader('set-cookie')
  const hostVary = vary === undefined ? undefined : res.getHeader('vary')
  if (hostCookies === undefined && hostVary === undefined) return headers
  const merged = { ...headers }
  if (cookies !== undefined && hostCookies !== undefined)
    merged['set-cookie'] = [...toList(hostCookies), ...toList(cookies)]
  if (vary !== undefined && hostVary !== undefined) merged.vary = mergeVary(toList(hostVary), toList(vary))
  return merged
}

function toList(value: HeaderValue): string[] {
  return Array.isArray(value) ? value : [String(value)]
}

/** The host's Vary fields, then phial's it did not name; compared without case (RFC 9110 §12.5.5). */
function mergeVary(host: string[], own: string[]): string {
  const fields: string[] = []
  const seen = new Set<string>()
  for (const field of [...host, ...own].join(',').split(',')) {
    const name = field.trim()
    const key = name.toLowerCase()
    if (name === '' || seen.has(key)) continue
    seen.add(key)
    fields.push(name)
  }
  // `*` already says the response varies on more than request fields: nothing to add to it.
  return seen.has('*') ? '*' : fields.join(', ')
}

/** What {@link failWrite} reports and needs. */
export interface WriteFailure {
  /** The request answered. */
  req: NodeRequest
  /** Where the error goes (the app's logger). */
  logger: Logger
  /** What was thrown. */
  error: unknown
  /** What failed, for the log. @default 'the response could not be written' */
  what?: string
}

/**
 * Ends a response phial could not write, logging once: a bare 500 while no header has left (without
 * anything a failed `writeHead` of `attempted` left set), else the connection is destroyed, as
 * `fail()` does in `node.ts`: the client then sees the response cut short. Never throws.
 */
export function failWrite(res: ServerResponse, attempted: PhialResponse | null, failure: WriteFailure): void {
  const { req, logger, error } = failure
  logger.error(`${req.method} ${req.path}: ${failure.what ?? 'the response could not be written'}:`, error)
  if (!res.headersSent) {
    try {
      // With headers the host set, Node's writeHead applies phial's one by one with setHeader: those
      // before the refused one stay set and would go out with the 500 (its Content-Encoding too).
      if (attempted !== null) for (const name of headerNames(attempted)) res.removeHeader(name)
      const head: Record<string, string> = {
        'content-type': 'text/plain; charset=utf-8',
        'content-length': '21',
      }
      if (req.closeConnection || unreadBody(req)) {
        head.connection = 'close'
        lingerOnClose(res, req.incoming)
      }
      // The reason phrase is explicit: the failed writeHead left its own ('OK') in res.statusMessage.
      res.writeHead(500, 'Internal Server Error', head).end('Internal Server Error')
      return
    } catch {
      // A host's writeHead wrapper (on-headers) threw: nothing more can be sent on this connection.
    }
  }
  res.destroy()
}

// Every name writeHead may have set for `out`, host headers of the same name included (they were
// replaced already, or merged with phial's).
function headerNames(out: PhialResponse): string[] {
  const record = out.headerRecord
  const names = record !== null ? Object.keys(record) : [...out.headers.keys()]
  names.push('content-length', 'connection')
  return names
}

// A body nobody read is drained by Node after the response; past the size limit, or of unknown size,
// the connection is closed instead so a client cannot make the server read gigabytes for nothing.
function unreadBody(req: NodeRequest): boolean {
  const incoming = req.incoming
  if (req.bodyTouched || incoming.readableEnded || incoming.complete) return false
  // Scan rawHeaders instead of touching `incoming.headers`, which would build Node's header object
  // on every request just to learn that a GET has no body.
  const raw = incoming.rawHeaders
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string
    if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') return true
    if (name.length === 14 && name.toLowerCase() === 'content-length') {
      return Number(raw[i + 1]) > req.app.config.maxContentLength
    }
  }
  return false
}

function toIterator(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>,
): AsyncIterator<Uint8Array | string> {
  return body instanceof ReadableStream ? new ReaderIterator(body) : body[Symbol.asyncIterator]()
}

// Never rejects: it runs detached from writeResponse, and a rejection would end the process.
async function pump(
  res: ServerResponse,
  iterator: AsyncIterator<Uint8Array | string>,
  req: NodeRequest,
  logger: Logger,
): Promise<void> {
  let closed = false
  let wake: (() => void) | undefined
  const onClose = () => {
    closed = true
    wake?.()
    // Cancel a web stream now, not after its pending read resolves: an idle source (an SSE feed
    // waiting for its next event) would otherwise outlive the client.
    if (iterator instanceof ReaderIterator) stop(iterator)
  }
  const onDrain = () => wake?.()
  res.on('close', onClose).on('drain', onDrain)
  try {
    while (!closed) {
      const { value, done } = await iterator.next()
      if (done === true || closed) break
      if (!res.write(value) && !closed) await new Promise<void>((resolve) => (wake = resolve))
    }
    if (closed) await iterator.return?.()
    else res.end()
  } catch (error) {
    logger.error(`${req.method} ${req.path}: the response stream failed:`, error)
    res.destroy()
    stop(iterator)
  } finally {
    res.off('close', onClose).off('drain', onDrain)
  }
}

/** A web stream read as an async iterator; `return()` cancels it. */
class ReaderIterator implements AsyncIterator<Uint8Array> {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>
  constructor(stream: ReadableStream<Uint8Array>) {
    this.#reader = stream.getReader()
  }
  next(): Promise<IteratorResult<Uint8Array>> {
    return this.#reader.read() as Promise<IteratorResult<Uint8Array>>
  }
  async return(): Promise<IteratorResult<Uint8Array>> {
    await this.#reader.cancel()
    return { done: true, value: undefined }
  }
}

// Calls `return()` without waiting and without letting it throw: a hand-written one may throw, or
// give a plain `{ done: true }` instead of a promise.
function stop(iterator: AsyncIterator<unknown>): void {
  try {
    Promise.resolve(iterator.return?.()).catch(() => {})
  } catch {
    // return() itself threw: the source's cleanup failed, and there is nothing left to stop.
  }
}

/** Whether a stream error is only the client going away. */
export function isAbort(error: NodeJS.ErrnoException): boolean {
  return error.code === 'ERR_STREAM_PREMATURE_CLOSE'
}
