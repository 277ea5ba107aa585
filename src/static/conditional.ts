import type { PhialRequest } from '../request.ts'
import { parseHTTPDate } from './http-date.ts'

/** What the conditional headers of a request ask for (RFC 9110 §13.2.2). */
export type Precondition = 'proceed' | 'not-modified' | 'failed'

/** A satisfiable byte range, both ends included. */
export interface ByteRange {
  start: number
  end: number
}

const ETAGS = /(?:W\/)?"[^"]*"/g

/** A strong validator from size and modification time, like nginx's: `"<size hex>-<mtime hex>"`. */
export function toETag(size: number, mtimeMs: number): string {
  return `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`
}

// RFC 9110 §13.1.3: a value that is not an HTTP-date is ignored, as if the header were absent.
function toSeconds(value: string | undefined): number | undefined {
  return value === undefined ? undefined : parseHTTPDate(value.trim())
}

// RFC 9110 §8.8.3.2: the strong comparison needs both tags strong and equal; the weak one ignores W/.
function matches(header: string, etag: string, weak: boolean): boolean {
  if (header.trim() === '*') return true
  for (const tag of header.match(ETAGS) ?? []) {
    if (tag.startsWith('W/')) {
      if (weak && tag.slice(2) === etag) return true
    } else if (tag === etag) return true
  }
  return false
}

/**
 * Evaluates `If-Match`, `If-Unmodified-Since`, `If-None-Match` and `If-Modified-Since` in the order of
 * RFC 9110 §13.2.2. `lastModified` is in whole seconds, as HTTP dates are.
 */
export function evaluatePreconditions(req: PhialRequest, etag: string, lastModified: number): Precondition {
  const ifMatch = req.header('if-match')
  if (ifMatch !== undefined) {
    if (!matches(ifMatch, etag, false)) return 'failed'
  } else {
    const since = toSeconds(req.header('if-unmodified-since'))
    if (since !== undefined && lastModified > since) return 'failed'
  }
  const safe = req.method === 'GET' || req.method === 'HEAD'
  const ifNoneMatch = req.header('if-none-match')
  if (ifNoneMatch !== undefined) {
    if (matches(ifNoneMatch, etag, true)) return safe ? 'not-modified' : 'failed'
  } else if (safe) {
    // §13.1.3: If-Modified-Since counts only without If-None-Match, and only for GET and HEAD.
    const since = toSeconds(req.header('if-modified-since'))
    if (since !== undefined && lastModified <= since) return 'not-modified'
  }
  return 'proceed'
}

/**
 * The range a `Range` header asks for: one satisfiable range, `'unsatisfiable'` (416), or `undefined`
 * when the whole file should be sent: no header, a malformed one, several ranges, or an `If-Range`
 * that no longer matches (RFC 9110 §14.2: a server may ignore Range).
 */
export function requestedRange(
  req: PhialRequest,
  size: number,
  etag: string,
  lastModified: number,
): ByteRange | 'unsatisfiable' | undefined {
  const header = req.header('range')
  if (header === undefined || req.method !== 'GET') return undefined
  const ifRange = req.header('if-range')?.trim()
  if (ifRange !== undefined) {
    // §13.1.5: an entity tag must match strongly, a date exactly.
    const current = ifRange.startsWith('"') || ifRange.startsWith('W/')
    if (current ? ifRange !== etag : toSeconds(ifRange) !== lastModified) return undefined
  }
  return parseRange(header, size)
}

/**
 * The range one `Range` header value asks for in a file of `size` bytes: `bytes=a-b`, `bytes=a-` or
 * `bytes=-n`, with optional blanks around `=` and `-`; `'unsatisfiable'`, or `undefined` when it is
 * malformed or asks for several ranges. A single scan, no regular expression: the header comes from
 * the client, and backtracking on a long run of blanks would cost its length squared.
 * Werkzeug: `http.parse_range_header`.
 *
 * @example
 * parseRange('bytes=-5', 26) // { start: 21, end: 25 }
 */
export function parseRange(header: string, size: number): ByteRange | 'unsatisfiable' | undefined {
  let at = skipBlanks(header, 0)
  if (header.slice(at, at + 5).toLowerCase() !== 'bytes') return undefined
  at = skipBlanks(header, at + 5)
  if (header[at] !== '=') return undefined
  const firstAt = skipBlanks(header, at + 1)
  const firstEnd = skipDigits(header, firstAt)
  at = skipBlanks(header, firstEnd)
  if (header[at] !== '-') return undefined
  const lastAt = skipBlanks(header, at + 1)
  const lastEnd = skipDigits(header, lastAt)
  if (skipBlanks(header, lastEnd) !== header.length) return undefined
  const first = header.slice(firstAt, firstEnd)
  const last = header.slice(lastAt, lastEnd)
  if (first === '') {
    if (last === '') return undefined
    // A suffix range: the last N bytes.
    const length = Number(last)
    if (length === 0 || size === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - length), end: size - 1 }
  }
  const start = Number(first)
  if (last !== '' && Number(last) < start) return undefined
  if (start >= size) return 'unsatisfiable'
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) }
}

// RFC 9110 §5.6.3: optional whitespace is spaces and tabs.
function skipBlanks(text: string, at: number): number {
  while (text[at] === ' ' || text[at] === '\t') at++
  return at
}

function skipDigits(text: string, at: number): number {
  while (at < text.length && text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57) at++
  return at
}
