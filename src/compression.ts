import { mediaType } from './body.ts'
import { negotiateEncoding } from './negotiation.ts'
import type { PhialRequest } from './request.ts'
import type { PhialResponse } from './response.ts'

/** A content coding phial can produce. */
export type Encoding = 'br' | 'gzip'

/** Options of response compression (`new App({ compress: { … } })`). */
export interface CompressOptions {
  /** The smallest string or byte body compressed, in bytes (characters for strings); streams always are. @default 1024 */
  threshold?: number
  /** The codings offered, in the server's order of preference. @default ['br', 'gzip'] */
  encodings?: readonly Encoding[]
}

const DEFAULT_ENCODINGS: readonly Encoding[] = ['br', 'gzip']
// RFC 9110 §6.4.1 and §9.3.2: nothing to compress in these.
const NULL_BODY = new Set([101, 103, 204, 205, 304])
const COMPRESSIBLE = new Set([
  'application/json',
  'application/javascript',
  'application/xml',
  'application/wasm',
  'application/x-www-form-urlencoded',
  'application/graphql-response+json',
  'image/svg+xml',
])

/**
 * Whether a content type is worth compressing: text, JSON, JavaScript, XML, SVG, WebAssembly. Never
 * `text/event-stream`: a compressor holds events back until it has a block to emit.
 */
export function isCompressible(contentType: string | undefined): boolean {
  const type = mediaType(contentType)
  if (type === 'text/event-stream') return false
  return type.startsWith('text/') || COMPRESSIBLE.has(type) || type.endsWith('+json') || type.endsWith('+xml')
}

function header(res: PhialResponse, name: string): string | undefined {
  const record = res.headerRecord
  if (record !== null) return record[name]
  return res.headers.get(name) ?? undefined
}

/**
 * Decides whether the adapter compresses this response, and with what; adds `Vary: Accept-Encoding`
 * whenever the answer depends on it, and on a yes sets `Content-Encoding` and drops `Content-Length`.
 * Never for HEAD, 1xx/204/206/304, an empty body, an already encoded response or `Cache-Control: no-transform`;
 * a strong `ETag` becomes weak.
 */
export function toEncoding(
  req: PhialRequest,
  res: PhialResponse,
  available: readonly Encoding[],
): Encoding | undefined {
  const option = req.app.config.compress
  if (option === false || option === undefined) return undefined
  const options: CompressOptions = option === true ? {} : option
  const body = res.body
  if (req.method === 'HEAD' || NULL_BODY.has(res.status) || res.status < 200 || body === null)
    return undefined
  if (!isCompressible(res.contentType) || header(res, 'content-encoding') !== undefined) return undefined
  if (header(res, 'cache-control')?.toLowerCase().includes('no-transform')) return undefined
  // RFC 9110 §14.4: a 206 carries a byte range of the unencoded file; compressing it breaks the range.
  if (res.status === 206 || header(res, 'content-range') !== undefined) return undefined
  const size = typeof body === 'string' ? body.length : body instanceof Uint8Array ? body.byteLength : -1
  if (size >= 0 && size < (options.threshold ?? 1024)) return undefined
  const vary = header(res, 'vary')
  if (vary === undefined) res.setHeader('vary', 'accept-encoding')
  else if (!/(?:^|,)\s*(?:\*|accept-encoding)\s*(?:,|$)/i.test(vary))
    res.setHeader('vary', `${vary}, accept-encoding`)
  const offered = (options.encodings ?? DEFAULT_ENCODINGS).filter((e) => available.includes(e))
  const encoding = negotiateEncoding(req.header('accept-encoding'), offered)
  if (encoding === undefined) return undefined
  res.setHeader('content-encoding', encoding)
  // The encoded bytes differ from the ones a strong validator named (RFC 9110 §8.8.1): weaken it.
  const etag = header(res, 'etag')
  if (etag !== undefined && !etag.startsWith('W/')) res.setHeader('etag', `W/${etag}`)
  if (res.headerRecord !== null) delete res.headerRecord['content-length']
  else res.headers.delete('content-length')
  return encoding
}

let brotliStream: boolean | undefined

/** The codings `CompressionStream` has here: gzip everywhere, brotli where the runtime offers it. */
export function streamEncodings(): readonly Encoding[] {
  if (brotliStream === undefined) {
    try {
      new CompressionStream('br' as CompressionFormat)
      brotliStream = true
    } catch {
      brotliStream = false
    }
  }
  return brotliStream ? ['br', 'gzip'] : ['gzip']
}
