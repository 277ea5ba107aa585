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

/** Serializes a `Set-Cookie` value, refusing anything that could split the header. */
export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  if (!TOKEN.test(name)) throw new PhialError(`cookie name ${JSON.stringify(name)} is not an RFC 6265 token`)
  if (UNSAFE_COOKIE.test(value)) {
    throw new PhialError(`cookie ${name}: the value contains a control character or ";"; encode it first`)
  }
  let out = `${name}=${value}`
  if (options.maxAge !== undefined) out += `; Max-Age=${Math.floor(options.maxAge)}`
  if (options.expires !== undefined) out += `; Expires=${options.expires.toUTCString()}`
  out += `; Path=${checkAttribute(name, options.path ?? '/')}`
  if (options.domain !== undefined) out += `; Domain=${checkAttribute(name, options.domain)}`
  if (options.secure === true || options.sameSite === 'None') out += '; Secure'
  if (options.httpOnly !== false) out += '; HttpOnly'
  out += `; SameSite=${options.sameSite ?? 'Lax'}`
  if (options.partitioned === true) out += '; Partitioned'
  return out
}

function checkAttribute(name: string, value: string): string {
  if (UNSAFE_COOKIE.test(value))
    throw new PhialError(`cookie ${name}: an attribute contains a control character or ";"`)
  return value
}
