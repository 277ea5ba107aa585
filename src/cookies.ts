import { PhialError } from './errors.ts'

/** Attributes of a `Set-Cookie` header (RFC 6265 §4.1). */
export interface CookieOptions {
  /** Lifetime in seconds; `0` deletes the cookie. */
  maxAge?: number
  /** Absolute expiry. */
  expires?: Date
  /** @default '/' */
  path?: string
  domain?: string
  secure?: boolean
  /** @default true */
  httpOnly?: boolean
  /** @default 'Lax' */
  sameSite?: 'Strict' | 'Lax' | 'None'
  partitioned?: boolean
}

// RFC 6265 §4.1.1: no CTLs, whitespace, DQUOTE, comma, semicolon or backslash in a cookie value;
// phial refuses only what could break the header apart or inject an attribute.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE_COOKIE = /[\u0000-\u001f\u007f;]/
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/**
 * Parses a `Cookie` header safely: the first of duplicate names wins (RFC 6265 §5.4 sends the most
 * specific first), the result has no prototype so `__proto__` is a plain key, and a value whose
 * percent-escapes are malformed is kept raw instead of failing the request.
 */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null)
  if (header === undefined || header === '') return out
  let start = 0
  while (start < header.length) {
    let end = header.indexOf(';', start)
    if (end === -1) end = header.length
    const eq = header.indexOf('=', start)
    if (eq !== -1 && eq < end) {
      const name = header.slice(start, eq).trim()
      if (name !== '' && !(name in out)) out[name] = decodeValue(header.slice(eq + 1, end).trim())
    }
    start = end + 1
  }
  return out
}

function decodeValue(value: string): string {
  if (value.length > 1 && value.charCodeAt(0) === 34 && value.charCodeAt(value.length - 1) === 34) {
    value = value.slice(1, -1)
  }
  if (!value.includes('%')) return value
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
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
