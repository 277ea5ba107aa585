// Where a Node request points: its path, query and host (an absolute-form target's included, any
// fragment dropped), and the prefix a host framework (Express, Connect) mounted phial under, or one
// the Fastify and Koa recipes strip with `stripPrefix`.
import type { IncomingMessage } from 'node:http'
import { PhialError } from '../errors.ts'

/** An `IncomingMessage` as Express and body parsers leave it. */
export interface HostMessage extends IncomingMessage {
  baseUrl?: string
  originalUrl?: string
  body?: unknown
}

/** The mount prefix Express (`baseUrl`) or Connect (`originalUrl` minus `url`) gives a sub-app. */
export function mountPrefix(req: HostMessage): string {
  if (typeof req.baseUrl === 'string') return req.baseUrl
  const original = req.originalUrl
  if (original === undefined || original === req.url) return ''
  // Connect keeps an absolute-form target's `http://host` in both (`http://a/blog/dir`, `http://a/dir`).
  return prefixOf(pathOf(original), pathOf(req.url ?? '/'))
}

/** The mount prefix: what `full` (the original path) has before `rest` (the path the sub-app sees). */
function prefixOf(full: string, rest: string): string {
  if (rest === '/' && !full.endsWith('/')) return full
  if (full.endsWith(rest)) return full.slice(0, full.length - rest.length)
  // A fragment Node's parser passed on (`/blog#x`, handed on by Connect as `/#x`): compare without it.
  const hash = full.indexOf('#')
  if (hash === -1) return ''
  const restHash = rest.indexOf('#')
  return prefixOf(full.slice(0, hash), restHash === -1 ? rest : rest.slice(0, restHash))
}

function pathOf(target: string): string {
  const path = target.charCodeAt(0) === 47 ? target : fromAbsoluteForm(target)
  const q = path.indexOf('?')
  return q === -1 ? path : path.slice(0, q)
}

/**
 * The path and query a Node request's target names: an absolute-form target's scheme and authority
 * and any fragment cut off. RFC 9112 §3.2: a target has no fragment, but Node's parser passes `#…`
 * on; Werkzeug (urlsplit) drops it, so `/q?x=a#b` is `/q?x=a`, and no path or value holds `#b`.
 */
export function toOriginForm(url: string): string {
  const target = url.charCodeAt(0) === 47 ? url : fromAbsoluteForm(url)
  const hash = target.indexOf('#')
  return hash === -1 ? target : target.slice(0, hash)
}

/**
 * RFC 9112 §3.2.2: `GET http://host/path?q` is the absolute form; route on its path and query. The
 * authority ends at the first `/`, `?` or `#` (RFC 3986 §3.2), so `http://host?x=/y` is `/?x=/y`.
 */
export function fromAbsoluteForm(target: string): string {
  const scheme = target.indexOf('://')
  if (scheme === -1) return target
  const end = authorityEnd(target, scheme + 3)
  if (end === target.length) return '/'
  return target.charCodeAt(end) === 47 ? target.slice(end) : `/${target.slice(end)}`
}

/**
 * The authority of an absolute-form target (`http://example.com:8080/x` is `example.com:8080`), or
 * `undefined` for any other form (`/x`, `*`, CONNECT's `host:443`). RFC 9112 §3.2.2: the server
 * MUST then ignore `Host`; Werkzeug's dev server sets `HTTP_HOST` from the target's netloc.
 */
export function targetAuthority(target: string): string | undefined {
  if (target.charCodeAt(0) === 47) return undefined
  const scheme = target.indexOf('://')
  return scheme === -1 ? undefined : target.slice(scheme + 3, authorityEnd(target, scheme + 3))
}

// Where the authority that starts at `from` ends: at the first "/", "?" or "#", or the end.
function authorityEnd(target: string, from: number): number {
  for (let i = from; i < target.length; i++) {
    const c = target.charCodeAt(i)
    if (c === 47 || c === 63 || c === 35) return i
  }
  return target.length
}

/**
 * Mounts a raw Node request under `prefix` for a host that routes on the full path (Fastify, Koa):
 * `baseUrl` becomes the prefix (phial's `req.rootPath`) and `url` the rest of the path, as Express
 * does; `originalUrl` keeps the target as sent, and so an absolute-form target's authority (the
 * host). An absolute-form target is turned into its path first. Returns `false`, leaving the request
 * untouched, when the path is not `prefix` or below it (`/blogger` is not under `/blog`).
 * Werkzeug: `DispatcherMiddleware`, which moves the prefix from `PATH_INFO` to `SCRIPT_NAME`.
 *
 * @example
 * koa.use(async (ctx, next) => {
 *   if (!stripPrefix(ctx.req, '/blog')) return next()
 *   ctx.respond = false
 *   listener(ctx.req, ctx.res)
 * })
 */
export function stripPrefix(req: IncomingMessage, prefix: string): boolean {
  if (prefix !== '' && (prefix.charCodeAt(0) !== 47 || prefix.endsWith('/'))) {
    throw new PhialError(
      `stripPrefix: the prefix "${prefix}" must start with "/" and not end with one, as "/blog"`,
    )
  }
  const host = req as HostMessage
  const original = host.url ?? '/'
  const target = original.charCodeAt(0) === 47 ? original : fromAbsoluteForm(original)
  if (!target.startsWith(prefix)) return false
  let rest = target.slice(prefix.length)
  const next = rest.charCodeAt(0)
  // "/blog", "/blog?x=1" and "/blog#x" are the root, "/blog/x" is "/x", "/blogger" is elsewhere.
  if (rest === '' || next === 63 || next === 35) rest = `/${rest}`
  else if (next !== 47) return false
  host.baseUrl = (host.baseUrl ?? '') + prefix // nested in an Express mount, both prefixes
  host.originalUrl ??= original // as Express keeps it: an absolute-form target keeps its authority
  host.url = rest
  return true
}
