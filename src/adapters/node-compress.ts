import type { ServerResponse } from 'node:http'
import { pipeline, Readable, type Transform } from 'node:stream'
import {
  brotliCompress,
  constants,
  createBrotliCompress,
  createGzip,
  gzip,
  type ZlibOptions,
} from 'node:zlib'
import type { Encoding } from '../compression.ts'
import type { PhialResponse } from '../response.ts'
import type { Logger } from '../types.ts'
import type { NodeRequest } from './node.ts'
import { failWrite, isAbort, writeHead } from './node-write.ts'

/** Node's zlib has both codings. */
export const NODE_ENCODINGS: readonly Encoding[] = ['br', 'gzip']

// Brotli's default quality (11) is for static assets compressed once; 4 compresses about as well as
// gzip -6 at a similar speed, which is what a response compressed on every request needs.
function brotliOptions(size: number): ZlibOptions {
  const params: Record<number, number> = { [constants.BROTLI_PARAM_QUALITY]: 4 }
  if (size > 0) params[constants.BROTLI_PARAM_SIZE_HINT] = size
  return { params } as ZlibOptions
}

// A stream is flushed after every chunk, so each one reaches the client when it is written (a page's
// head before its slow rest, a progress line) instead of when zlib has a full block: Deno's
// CompressionStream does the same. It costs some ratio on many small chunks.
function createCompressor(encoding: Encoding): Transform {
  if (encoding === 'gzip') return createGzip({ flush: constants.Z_SYNC_FLUSH })
  return createBrotliCompress({ ...brotliOptions(0), flush: constants.BROTLI_OPERATION_FLUSH })
}

/**
 * Writes a compressed response: a string or byte body compressed off the main thread and sent with
 * one `writeHead` and `end` (with its `Content-Length`); a stream piped through zlib with back-pressure,
 * stopped when the client goes away.
 */
export function writeCompressed(
  res: ServerResponse,
  out: PhialResponse,
  req: NodeRequest,
  options: { encoding: Encoding; logger: Logger },
): void {
  const { encoding, logger } = options
  const body = out.body
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const input = typeof body === 'string' ? Buffer.from(body) : body
    const done = (error: Error | null, result: Buffer) => {
      // In zlib's callback, outside writeResponse's try: a throw here would end the process.
      if (error !== null)
        return failWrite(res, null, { req, logger, error, what: 'compressing the response failed' })
      try {
        writeHead(res, out, req, result.byteLength)
      } catch (error) {
        return failWrite(res, out, { req, logger, error })
      }
      res.end(result)
    }
    if (encoding === 'br') brotliCompress(input, brotliOptions(input.byteLength), done)
    else gzip(input, done)
    return
  }
  // Before any header: a stream already locked or read, or an iterable that throws, is a 500.
  const source =
    body instanceof Readable
      ? body
      : body instanceof ReadableStream
        ? Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>)
        : Readable.from(body as AsyncIterable<Uint8Array | string>)
  try {
    writeHead(res, out, req, -1)
  } catch (error) {
    // writeResponse answers 500; a web stream is locked by `source` now, and only it can cancel it.
    source.destroy()
    throw error
  }
  pipeline(source, createCompressor(encoding), res, (error) => {
    if (error && !isAbort(error))
      logger.error(`${req.method} ${req.path}: the response stream failed:`, error)
  })
}
