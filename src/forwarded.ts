// The rules behind `req.scheme`, `req.host` and `req.ip`: the client's view of the URL, and the
// proxy headers that count only with `trustProxy` (Werkzeug's ProxyFix).
import { createHTTPError } from './errors.ts'

// RFC 9110 §7.2 / RFC 3986 §3.2.2: a host is a reg-name, IPv4 or [IPv6], with an optional port.
const VALID_HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~%!$&'()*+,;=]+)(?::\d{1,5})?$/

/** The first scheme of an `X-Forwarded-Proto` list: `https` or `http`. */
export function forwardedScheme(value: string): 'http' | 'https' {
  return value.split(',')[0]?.trim().toLowerCase() === 'https' ? 'https' : 'http'
}

/** A `Host` (or the first `X-Forwarded-Host`), trimmed; missing or malformed is the client's 400. */
export function checkHost(value: string | undefined): string {
  const host = (value ?? '').trim()
  if (!VALID_HOST.test(host)) throw createHTTPError(400, 'The Host header is missing or malformed.')
  return host
}

/** The `X-Forwarded-For` entry `hops` proxies from the right (the leftmost if the list is shorter). */
export function forwardedFor(value: string | undefined, hops: number): string | undefined {
  if (value === undefined) return undefined
  const list = value.split(',')
  return list[Math.max(0, list.length - hops)]?.trim() || undefined
}
