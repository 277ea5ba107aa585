// The rules behind `req.scheme`, `req.host` and `req.ip`: the client's view of the URL, and the
// proxy headers that count only with `trustProxy` (Werkzeug's ProxyFix).
import { createHTTPError } from './errors.ts'

// RFC 9110 §7.2 / RFC 3986 §3.2.2: a host is a reg-name, IPv4 or [IPv6], with an optional port.
const VALID_HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~%!$&'()*+,;=]+)(?::\d{1,5})?$/

/**
 * How many proxies `trustProxy` trusts: `true` is one, a number is that many, anything else none.
 * The same count serves `X-Forwarded-For`, `-Proto` and `-Host`, as Werkzeug's ProxyFix does.
 */
export function proxyHops(trustProxy: unknown): number {
  if (trustProxy === true) return 1
  return typeof trustProxy === 'number' && trustProxy >= 1 ? Math.floor(trustProxy) : 0
}

/**
 * The entry of a forwarded list `hops` proxies from the right: the one the outermost trusted proxy
 * added (the leftmost if the list is shorter). Entries further left came from the client.
 */
export function forwardedEntry(value: string | undefined, hops: number): string | undefined {
  if (value === undefined) return undefined
  if (!value.includes(',')) return value.trim() || undefined
  const list = value.split(',')
  return list[Math.max(0, list.length - hops)]?.trim() || undefined
}

/** The scheme of an `X-Forwarded-Proto` entry: `https` or `http`. */
export function forwardedScheme(value: string): 'http' | 'https' {
  return value.toLowerCase() === 'https' ? 'https' : 'http'
}

/** A `Host` (or the trusted `X-Forwarded-Host` entry), trimmed; missing or malformed is the client's 400. */
export function checkHost(value: string | undefined): string {
  const host = (value ?? '').trim()
  if (!VALID_HOST.test(host)) throw createHTTPError(400, 'The Host header is missing or malformed.')
  return host
}
