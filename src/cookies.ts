import { PhialError } from './errors.ts'

/** Attributes of a `Set-Cookie` header (RFC 6265 §4.1). */
export interface CookieOptions {
  /** Lifetime in seconds; `0` deletes the cookie. */
  maxAge?: number | undefined
  /** Absolute expiry. */
  expires?: Date | undefined
  /** @default '/' */
  path?: string | undefined
  domain?: string | undefined
  secure?: boolean | undefined
  /** @default true */
  httpOnly?: boolean | undefined
  /** @default 'Lax' */
  sameSite?: 'Strict' | 'Lax' | 'None' | undefined
  partitioned?: boolean | undefined
}

// RFC 6265 §4.1.1: no CTLs, whitespace, DQUOTE, comma, semicolon or backslash in a cookie value;
// phial refuses only what could break the header apart or inject an attribute.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE_COOKIE = /[\u0000-\u001f\u007f;]/
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/**
 * Parses a `Cookie` header as Werkzeug's `parse_cookie` does, safely: the first of duplicate names
 * wins (RFC 6265 §5.4 sends the most specific first), the result has no prototype so `__proto__` is
 * a plain key, and a value whose percent-escapes are malformed is kept raw instead of failing the
 * request. Bytes past ASCII are read as UTF-8 (as Latin-1 when they are not valid UTF-8); a value in
 * double quotes loses them and has its `\NNN` (octal byte) and `\X` escapes undone; a piece without
 * `=` is a name with an empty value. Flask: `request.cookies`.
 *
 * @example
 * parseCookies('a=1; b="x\\"y"; c') // { a: '1', b: 'x"y', c: '' }
 */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null)
  if (header === undefined || header === '') return out
  // Node, Bun and Deno hand header bytes over as Latin-1 characters, one per byte; Werkzeug reads
  // them as UTF-8 (`cookie.encode("latin1").decode()`). Only a header with such a byte pays for it.
  const bytes = NON_ASCII.test(header)
  let start = 0
  // The next "=" is looked up again only once passed: pieces without one cost no rescan (linear time).
  let nextEq = -1
  while (start < header.length) {
    let end = header.indexOf(';', start)
    if (end === -1) end = header.length
    if (nextEq < start) {
      nextEq = header.indexOf('=', start)
      if (nextEq === -1) nextEq = header.length
    }
    const eq = Math.min(nextEq, end)
    // Werkzeug reads a piece without "=" as a name with an empty value. (Browsers send a cookie with
    // an empty name that way, by RFC 6265bis's retrieval algorithm; Flask still reads it as a name.)
    const raw = trimOWS(header, start, eq)
    const name = bytes ? fromBytes(raw) : raw
    if (name !== '' && !(name in out)) out[name] = decodeValue(trimOWS(header, eq + 1, end), bytes)
    start = end + 1
  }
  return out
}

// RFC 6265 §5.4 joins cookies with "; " and RFC 9110 §5.6.3's OWS is SP and HTAB: never String#trim,
// which also strips U+00A0, the second byte of "à" in UTF-8.
function trimOWS(text: string, from: number, to: number): string {
  while (from < to && isOWS(text.charCodeAt(from))) from++
  while (to > from && isOWS(text.charCodeAt(to - 1))) to--
  return text.slice(from, to)
}

function isOWS(code: number): boolean {
  return code === 32 || code === 9
}

function decodeValue(value: string, bytes: boolean): string {
  if (value.length > 1 && value.charCodeAt(0) === 34 && value.charCodeAt(value.length - 1) === 34) {
    value = value.slice(1, -1)
    value = value.includes('\\') ? unslash(value) : bytes ? fromBytes(value) : value
  } else if (bytes) value = fromBytes(value)
  // phial's own encoding (setCookie percent-encodes non-ASCII); Werkzeug does not percent-decode.
  if (!value.includes('%')) return value
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const encoder = new TextEncoder()
const BEYOND_LATIN1 = /[\u0100-\uffff]/

// A string of Latin-1 characters is the header's bytes; anything past U+00FF means it is text already.
function toBytes(text: string): Uint8Array {
  if (BEYOND_LATIN1.test(text)) return encoder.encode(text)
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i)
  return bytes
}

/** The text of a piece with non-ASCII bytes: UTF-8 when valid, else each byte as it came (Latin-1). */
function fromBytes(text: string): string {
  if (!NON_ASCII.test(text) || BEYOND_LATIN1.test(text)) return text
  return toText(toBytes(text))
}

function toText(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes)
  } catch {
    let text = ''
    for (const byte of bytes) text += String.fromCharCode(byte)
    return text
  }
}

// Werkzeug's _cookie_unslash (the inverse of dump_cookie's quoting, and of Python's http.cookies):
// a backslash then three octal digits (000 to 377) is that byte; a backslash then any other byte is it.
function unslash(inner: string): string {
  const bytes = toBytes(inner)
  const out = new Uint8Array(bytes.length)
  let n = 0
  for (let i = 0; i < bytes.length; i++) {
    let byte = bytes[i] as number
    if (byte === 92 && i + 1 < bytes.length) {
      const a = bytes[i + 1] as number
      const b = bytes[i + 2] ?? 0
      const c = bytes[i + 3] ?? 0
      if (a >= 48 && a <= 51 && isOctal(b) && isOctal(c)) {
        byte = (a - 48) * 64 + (b - 48) * 8 + (c - 48)
        i += 3
      } else {
        byte = a
        i += 1
      }
    }
    out[n++] = byte
  }
  return toText(out.subarray(0, n))
}

function isOctal(byte: number): boolean {
  return byte >= 48 && byte <= 55
}

const NON_ASCII = /[\u0080-\uffff]/
const NON_ASCII_RUNS = /[\u0080-\uffff]+/g
const SAME_SITE: Record<string, 'Strict' | 'Lax' | 'None'> = { strict: 'Strict', lax: 'Lax', none: 'None' }

/**
 * Serializes a `Set-Cookie` value, refusing anything that could split the header or that no browser
 * reads back as meant. Non-ASCII in the value or path is percent-encoded as UTF-8, which
 * {@link parseCookies} decodes, so `café` comes back as `café`.
 */
export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  if (!TOKEN.test(name)) throw new PhialError(`cookie name ${JSON.stringify(name)} is not an RFC 6265 token`)
  if (UNSAFE_COOKIE.test(value)) {
    throw new PhialError(`cookie ${name}: the value contains a control character or ";"; encode it first`)
  }
  let out = `${name}=${toASCII(name, value, 'value')}`
  const { maxAge, expires, sameSite } = options
  if (maxAge !== undefined) {
    if (!Number.isFinite(maxAge))
      throw new PhialError(`cookie ${name}: maxAge ${maxAge} is not a finite number`)
    out += `; Max-Age=${Math.floor(maxAge)}`
  }
  if (expires !== undefined) {
    if (!(expires instanceof Date) || Number.isNaN(expires.getTime()))
      throw new PhialError(`cookie ${name}: expires is not a valid Date`)
    out += `; Expires=${expires.toUTCString()}`
  }
  out += `; Path=${toASCII(name, checkAttribute(name, options.path ?? '/'), 'path')}`
  if (options.domain !== undefined) {
    const domain = checkAttribute(name, options.domain)
    if (NON_ASCII.test(domain))
      throw new PhialError(`cookie ${name}: give the domain in its ASCII (xn--) form`)
    out += `; Domain=${domain}`
  }
  const site = SAME_SITE[(sameSite ?? 'Lax').toLowerCase()]
  if (site === undefined) throw new PhialError(`cookie ${name}: sameSite must be 'Strict', 'Lax' or 'None'`)
  if (options.secure === true || site === 'None') out += '; Secure'
  if (options.httpOnly !== false) out += '; HttpOnly'
  out += `; SameSite=${site}`
  if (options.partitioned === true) out += '; Partitioned'
  return out
}

function checkAttribute(name: string, value: string): string {
  if (UNSAFE_COOKIE.test(value))
    throw new PhialError(`cookie ${name}: an attribute contains a control character or ";"`)
  return value
}

// Headers carry bytes: a character past ASCII would go out as Latin-1 or not at all.
function toASCII(name: string, value: string, what: string): string {
  if (!NON_ASCII.test(value)) return value
  try {
    return value.replace(NON_ASCII_RUNS, encodeURIComponent)
  } catch {
    throw new PhialError(`cookie ${name}: the ${what} is not well-formed Unicode (a lone surrogate)`)
  }
}
