import type { ServerResponse } from 'node:http'
import { pipeline, Readable } from 'node:stream'
import { toEncoding } from '../compression.ts'
import type { PhialResponse } from '../response.ts'
import type { Logger } from '../types.ts'
import type { NodeRequest } from './node.ts'
import { NODE_ENCODINGS, writeCompressed } from './node-compress.ts'

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
      writeHead(res, out, req, length)
      if (req.method === 'HEAD' || length <= 0) res.end()
      else res.end(body)
      return
    }
    writeHead(res, out, req, -1)
  } catch (error) {
    // Only a header Node refuses (a CR or LF in a value) gets here: a programming error.
    logger.error(`${req.method} ${req.path}: the response could not be written:`, error)
    if (!res.headersSent)
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Internal Server Error')
    return
  }
  if (req.method === 'HEAD') {
    cancel(body)
    res.end()
  } else if (body instanceof Readable) {
    pipeline(body, res, (error) => error && !isAbort(error) && logger.error('response stream failed:', error))
  } else pump(res, body, req, logger)
}

/** Writes the status line and headers; `length` ≥ 0 sets `Content-Length`. */
export function writeHead(res: ServerResponse, out: PhialResponse, req: NodeRequest, length: number): void {
  const close = req.closeConnection || unreadBody(req)
  const record = out.headerRecord
  if (record !== null) {
    // A number, as Node takes it (raw node:http passes one too): no string built for it here.
    if (length >= 0) (record as Record<string, string | number>)['content-length'] = length
    if (close) record.connection = 'close'
    res.writeHead(out.status, record)
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
  res.writeHead(out.status, headers)
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

async function pump(
  res: ServerResponse,
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>,
  req: NodeRequest,
  logger: Logger,
): Promise<void> {
  const iterator: AsyncIterator<Uint8Array | string> =
    body instanceof ReadableStream ? readerIterator(body) : body[Symbol.asyncIterator]()
  let closed = false
  let wake: (() => void) | undefined
  const onClose = () => {
    closed = true
    wake?.()
    // Cancel a web stream now, not after its pending read resolves: an idle source (an SSE feed
    // waiting for its next event) would otherwise outlive the client.
    if (body instanceof ReadableStream) iterator.return?.().catch(() => {})
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
    await iterator.return?.().catch(() => {})
  } finally {
    res.off('close', onClose).off('drain', onDrain)
  }
}

function readerIterator(stream: ReadableStream<Uint8Array>): AsyncIterator<Uint8Array> {
  const reader = stream.getReader()
  return {
    next: () => reader.read() as Promise<IteratorResult<Uint8Array>>,
    return: async () => {
      await reader.cancel()
      return { done: true, value: undefined }
    },
  }
}

function cancel(body: unknown): void {
  if (body instanceof ReadableStream) body.cancel().catch(() => {})
  else if (body instanceof Readable) body.destroy()
}

/** Whether a stream error is only the client going away. */
export function isAbort(error: NodeJS.ErrnoException): boolean {
  return error.code === 'ERR_STREAM_PREMATURE_CLOSE'
}
