import { mediaType } from './body.ts'
import { negotiateEncoding } from './negotiation.ts'
import type { PhialRequest } from './request.ts'
import type { PhialResponse } from './response.ts'

/** A content coding phial can produce. */
export type Encoding = 'br' | 'gzip'

/** Options of response compression (`new App({ compress: { … } })`). */
export interface CompressOptions {
  /** The smallest string or byte body compressed, in bytes (characters for strings); streams always are. @default 1024 */
  threshold?: number | undefined
  /** The codings offered, in the server's order of preference. @default ['br', 'gzip'] */
  encodings?: readonly Encoding[] | undefined
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

// What a 304 or a HEAD answer stands for: the content type and body size (-1 for a stream) of the 200
// a GET would get. Kept beside the response, not in a header, since neither is sent.
const STANDS_FOR = new WeakMap<PhialResponse, { contentType: string; size: number }>()

/**
 * @internal Tells {@link toEncoding} that `res`, a 304 or an answer to HEAD, stands for a 200 with a
 * body of `size` bytes (-1 for a stream) and `contentType`, so it gets the `Vary` and `ETag` that 200
 * would get (RFC 9110 §15.4.5, §9.3.2). `sendFile` calls it.
 */
export function setRepresentation(res: PhialResponse, contentType: string, size: number): void {
  STANDS_FOR.set(res, { contentType, size })
}

/**
 * Decides whether the adapter compresses this response, and with what; adds `Vary: Accept-Encoding`
 * whenever the answer depends on it, and on a yes sets `Content-Encoding`, drops `Content-Length` and
 * `Accept-Ranges` (a range is of the unencoded bytes) and makes a strong `ETag` weak. Never for 1xx,
 * 204, 205, 206, an empty body, an already encoded response or `Cache-Control: no-transform`. A 304
 * or a HEAD answer is never compressed, but gets the `Vary` of the 200 it stands for, and a 304 its
 * `ETag` too, when {@link setRepresentation} (or, for HEAD, its own body) tells what that 200 is.
 */
export function toEncoding(
  req: PhialRequest,
  res: PhialResponse,
  available: readonly Encoding[],
): Encoding | undefined {
  const option = req.app.config.compress
  if (option === false || option === undefined) return undefined
  const options: CompressOptions = option === true ? {} : option
  const stands = STANDS_FOR.get(res)
  const bodiless = NULL_BODY.has(res.status) || res.status < 200 || res.body === null
  if (stands === undefined && bodiless) return undefined
  const size = stands?.size ?? sizeOf(res.body)
  if (!isEncodable(res, stands?.contentType ?? res.contentType, size, options)) return undefined
  addVary(res)
  const encoding = negotiate(req, options, available)
  // An answer to HEAD is never compressed: it keeps the identity ETag and Content-Length, which
  // describe each other. A 304 gets the ETag the 200 would have (RFC 9110 §15.4.5), and no body.
  if (encoding === undefined || req.method === 'HEAD') return undefined
  weakenETag(res)
  if (bodiless) return undefined
  res.setHeader('content-encoding', encoding)
  removeHeader(res, 'content-length')
  // nginx does the same: a Range is answered from the unencoded file, not from these bytes.
  removeHeader(res, 'accept-ranges')
  return encoding
}

function sizeOf(body: PhialResponse['body']): number {
  return typeof body === 'string' ? body.length : body instanceof Uint8Array ? body.byteLength : -1
}

// Whether this response (or the 200 it stands for) would be compressed, given a coding the client takes.
function isEncodable(
  res: PhialResponse,
  contentType: string | undefined,
  size: number,
  options: CompressOptions,
): boolean {
  if (!isCompressible(contentType) || header(res, 'content-encoding') !== undefined) return false
  if (header(res, 'cache-control')?.toLowerCase().includes('no-transform')) return false
  // RFC 9110 §14.4: a 206 carries a byte range of the unencoded file; compressing it breaks the range.
  if (res.status === 206 || header(res, 'content-range') !== undefined) return false
  return size < 0 || size >= (options.threshold ?? 1024)
}

function addVary(res: PhialResponse): void {
  const vary = header(res, 'vary')
  if (vary === undefined) res.setHeader('vary', 'accept-encoding')
  else if (!/(?:^|,)\s*(?:\*|accept-encoding)\s*(?:,|$)/i.test(vary))
    res.setHeader('vary', `${vary}, accept-encoding`)
}

function negotiate(
  req: PhialRequest,
  options: CompressOptions,
  available: readonly Encoding[],
): Encoding | undefined {
  const offered = (options.encodings ?? DEFAULT_ENCODINGS).filter((e) => available.includes(e))
  return negotiateEncoding(req.header('accept-encoding'), offered)
}

// The encoded bytes differ from the ones a strong validator named (RFC 9110 §8.8.1): weaken it.
function weakenETag(res: PhialResponse): void {
  const etag = header(res, 'etag')
  if (etag !== undefined && !etag.startsWith('W/')) res.setHeader('etag', `W/${etag}`)
}

function removeHeader(res: PhialResponse, name: string): void {
  if (res.headerRecord !== null) delete res.headerRecord[name]
  else res.headers.delete(name)
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
