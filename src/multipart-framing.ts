import { createHTTPError, type HTTPError } from './errors.ts'

const encoder = new TextEncoder()
// multipasta reads the body as if it began with CRLF, so a boundary at the very start is a delimiter.
const SEED = encoder.encode('\r\n')
const DASH = encoder.encode('-')
// How far before a part's end of headers its boundary can lie: multipasta gives up on headers past
// 16 KiB, plus the boundary line itself. Older bytes are dropped unscanned (see the class comment).
const HEADER_SPAN = 17 * 1024

type Search = (this: Uint8Array, needle: Uint8Array, from: number) => number
// Node's Buffer search, as multipasta uses it there (it works on any Uint8Array); elsewhere a search for
// CR, the needle's first byte. Read from globalThis: the core imports nothing from node:*.
const nativeIndexOf =
  'Buffer' in globalThis && !('Bun' in globalThis || 'Deno' in globalThis)
    ? (globalThis as unknown as { Buffer: { prototype: { indexOf: Search } } }).Buffer.prototype.indexOf
    : undefined

function indexOf(chunk: Uint8Array, needle: Uint8Array, from: number): number {
  if (nativeIndexOf !== undefined) return nativeIndexOf.call(chunk, needle, from)
  const last = chunk.byteLength - needle.byteLength
  for (let at = chunk.indexOf(13, from); at !== -1 && at <= last; at = chunk.indexOf(13, at + 1)) {
    let k = 1
    while (k < needle.byteLength && chunk[at + k] === needle[k]) k++
    if (k === needle.byteLength) return at
  }
  return -1
}

/**
 * The framing checks phial makes around multipasta, which splits a body at every `CRLF--boundary`
 * and skips the next two bytes without looking at them (RFC 2046 §5.1.1 requires a CRLF there, or
 * `--` on the close delimiter; Werkzeug requires a line break after optional whitespace).
 *
 * - Before the first boundary: blank lines (CR, LF, space, tab) are skipped, anything else is a 400.
 *   RFC 2046 allows a preamble, but parsers disagree on where it ends (Werkzeug ends it at `--boundary`
 *   glued to text, multipasta only at `CRLF--boundary`), and no browser or HTTP client sends one.
 * - Each delimiter's line must end with CRLF (or be the close delimiter). This is checked lazily: the
 *   last {@link HEADER_SPAN} bytes are kept by reference, and scanned only when a part's headers end
 *   (`check()`), so the bytes of a large file are scanned twice only near its two boundaries. A
 *   delimiter never followed by the end of its headers fails the parse anyway (too large, malformed,
 *   or a part ended before its headers did), so the bytes dropped unscanned never needed a look.
 * - A close delimiter cut after its first `-` would reach multipasta as a one-byte part; the `-` is
 *   held back until the next chunk so it always sees `--` at once.
 *
 * Per chunk, `push` does O(1) work; `check` scans each byte at most once.
 */
export class MultipartFraming {
  readonly #dashBoundary: Uint8Array
  readonly #needle: Uint8Array
  /** Bytes of `--boundary` matched after the leading blank lines; `-1` once found, `-2` after text. */
  #lead = 0
  /** The bytes multipasta was given, newest last, from `#head` on: at least `HEADER_SPAN` before the newest. */
  #chunks: Uint8Array[] = [SEED]
  #head = 0
  #bytes = SEED.byteLength
  /** The first chunk not scanned yet. */
  #next = 0
  /** Scan state: needle bytes matched at the end of what was scanned, and the line end being read. */
  #matched = 0
  #lineEnd = -1
  readonly #lineEndBytes = [0, 0]
  #closed = false
  #bad = false
  #heldDash = false

  constructor(boundary: string) {
    this.#dashBoundary = encoder.encode(`--${boundary}`)
    this.#needle = encoder.encode(`\r\n--${boundary}`)
  }

  /**
   * Passes one chunk of the body to `write` as multipasta must see it; resolves to a 400 for text
   * before the first boundary.
   */
  push(chunk: Uint8Array, write: (bytes: Uint8Array) => void): HTTPError | undefined {
    if (this.#lead !== -1) {
      const start = this.#skipPreamble(chunk)
      if (this.#lead === -2) return textBeforeBoundary()
      if (start === undefined) return undefined
      if (start < 0) {
        // `--boundary` began in an earlier chunk: hand it over whole.
        this.#retain(this.#dashBoundary)
        write(this.#dashBoundary)
        chunk = chunk.subarray(start + this.#dashBoundary.byteLength)
      } else chunk = chunk.subarray(start)
    }
    if (chunk.byteLength === 0) return undefined // multipasta would copy the next chunk onto it
    this.#retain(chunk)
    if (this.#heldDash) {
      this.#heldDash = false
      write(DASH)
    }
    const last = chunk.byteLength - 1
    if (chunk[last] === 45 && this.#endsWithDelimiterDash()) {
      this.#heldDash = true
      if (last > 0) write(chunk.subarray(0, last))
    } else write(chunk)
    return undefined
  }

  /** Hands multipasta a `-` held back by `push`, before its `end()`. */
  flush(write: (bytes: Uint8Array) => void): void {
    if (this.#heldDash) write(DASH)
    this.#heldDash = false
  }

  /**
   * Scans the boundaries received since the last call; resolves to a 400 for one whose line does not
   * end with CRLF (an LF-only body, transport padding, or `--boundaryXY` meant to start a part).
   */
  check(): HTTPError | undefined {
    while (this.#next < this.#chunks.length && !this.#closed && !this.#bad) {
      this.#scan(this.#chunks[this.#next++] as Uint8Array)
    }
    if (!this.#bad) return undefined
    return createHTTPError(
      400,
      'The multipart body has a boundary line that does not end with CRLF: RFC 2046 requires CRLF line endings.',
    )
  }

  /** Where `--boundary` starts in `chunk` (negative: in an earlier chunk), or `undefined` if not found yet. */
  #skipPreamble(chunk: Uint8Array): number | undefined {
    const dash = this.#dashBoundary
    for (let i = 0; i < chunk.byteLength && this.#lead >= 0; i++) {
      const byte = chunk[i] as number
      if (this.#lead === 0 && (byte === 13 || byte === 10 || byte === 32 || byte === 9)) continue
      if (byte !== dash[this.#lead]) {
        this.#lead = -2
        return undefined
      }
      if (++this.#lead === dash.byteLength) {
        this.#lead = -1
        return i + 1 - dash.byteLength
      }
    }
    return undefined
  }

  #retain(chunk: Uint8Array): void {
    // Keep at least HEADER_SPAN bytes before the newest chunk: a part's headers can end anywhere in it.
    while (this.#bytes - (this.#chunks[this.#head] as Uint8Array).byteLength >= HEADER_SPAN) {
      this.#bytes -= (this.#chunks[this.#head] as Uint8Array).byteLength
      this.#chunks[this.#head++] = SEED // release the reference
      if (this.#next < this.#head) {
        this.#next = this.#head // dropped unscanned: a new scan starts afresh
        this.#matched = 0
        this.#lineEnd = -1
      }
    }
    if (this.#head > 64 && this.#head * 2 > this.#chunks.length) {
      this.#chunks = this.#chunks.slice(this.#head)
      this.#next -= this.#head
      this.#head = 0
    }
    this.#chunks.push(chunk)
    this.#bytes += chunk.byteLength
  }

  #scan(chunk: Uint8Array): void {
    const needle = this.#needle
    const n = chunk.byteLength
    let i = 0
    for (;;) {
      if (this.#lineEnd >= 0) {
        // RFC 2046 §5.1.1: after a delimiter, `--` ends the body (the epilogue after it is ignored);
        // anything but CRLF is malformed.
        for (; this.#lineEnd < 2 && i < n; this.#lineEnd++)
          this.#lineEndBytes[this.#lineEnd] = chunk[i++] as number
        if (this.#lineEnd < 2) return
        this.#lineEnd = -1
        const [a, b] = this.#lineEndBytes
        if (a === 45 && b === 45) this.#closed = true
        else if (a !== 13 || b !== 10) this.#bad = true
        if (this.#closed || this.#bad) return
      }
      if (this.#matched > 0) {
        // A delimiter begun in the previous chunk. Its CR occurs nowhere else in it (RFC 2046 bchars
        // exclude CR and LF), so on a mismatch the search restarts at this chunk's first byte.
        while (i < n && this.#matched < needle.byteLength && chunk[i] === needle[this.#matched]) {
          i++
          this.#matched++
        }
        if (this.#matched === needle.byteLength) {
          this.#matched = 0
          this.#lineEnd = 0
          continue
        }
        if (i === n) return
        this.#matched = 0
        i = 0
      }
      const at = indexOf(chunk, needle, i)
      if (at === -1) break
      i = at + needle.byteLength
      this.#lineEnd = 0
    }
    // No delimiter from `i` on: keep how much of one the chunk ends with, for the next chunk.
    for (let at = Math.max(i, n - needle.byteLength + 1); at < n; at++) {
      if (chunk[at] !== 13) continue
      let k = 1
      while (at + k < n && chunk[at + k] === needle[k]) k++
      if (at + k === n) {
        this.#matched = k
        return
      }
    }
  }

  /** Whether the bytes retained end with `CRLF--boundary-`: a close delimiter cut after its first `-`. */
  #endsWithDelimiterDash(): boolean {
    const needle = this.#needle
    let index = this.#chunks.length - 1
    let chunk = this.#chunks[index] as Uint8Array
    let at = chunk.byteLength - 1 // the `-`
    for (let k = needle.byteLength - 1; k >= 0; k--) {
      while (--at < 0) {
        if (--index < this.#head) return false
        chunk = this.#chunks[index] as Uint8Array
        at = chunk.byteLength
      }
      if (chunk[at] !== needle[k]) return false
    }
    return true
  }
}

const textBeforeBoundary = (): HTTPError =>
  createHTTPError(
    400,
    'The multipart body does not start with its boundary: phial refuses text before the first boundary.',
  )
