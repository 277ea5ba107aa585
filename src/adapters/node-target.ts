// Where a Node request points: the path of an absolute-form target, and the prefix a host framework
// (Express, Connect) mounted phial under, or one the Fastify and Koa recipes strip with `stripPrefix`.
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
  const full = pathOf(original)
  const rest = pathOf(req.url ?? '/')
  if (rest === '/' && !full.endsWith('/')) return full
  return full.endsWith(rest) ? full.slice(0, full.length - rest.length) : ''
}

function pathOf(target: string): string {
  const path = target.charCodeAt(0) === 47 ? target : fromAbsoluteForm(target)
  const q = path.indexOf('?')
  return q === -1 ? path : path.slice(0, q)
}

/**
 * RFC 9112 §3.2.2: `GET http://host/path?q` is the absolute form; route on its path and query. The
 * authority ends at the first `/` or `?` (RFC 3986 §3.2), so `http://host?x=/y` is `/?x=/y`.
 */
export function fromAbsoluteForm(target: string): string {
  const scheme = target.indexOf('://')
  if (scheme === -1) return target
  for (let i = scheme + 3; i < target.length; i++) {
    const c = target.charCodeAt(i)
    if (c === 47) return target.slice(i) // "/"
    if (c === 63) return `/${target.slice(i)}` // "?"
  }
  return '/'
}

/**
 * Mounts a raw Node request under `prefix` for a host that routes on the full path (Fastify, Koa):
 * `baseUrl` becomes the prefix (phial's `req.rootPath`) and `url` the rest of the path, as Express
 * does. An absolute-form target is turned into its path first. Returns `false`, leaving the request
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
  let target = host.url ?? '/'
  if (target.charCodeAt(0) !== 47) target = fromAbsoluteForm(target)
  if (!target.startsWith(prefix)) return false
  let rest = target.slice(prefix.length)
  const next = rest.charCodeAt(0)
  // "/blog" and "/blog?x=1" are the root, "/blog/x" is "/x", "/blogger" is elsewhere.
  if (rest === '' || next === 63) rest = `/${rest}`
  else if (next !== 47) return false
  host.baseUrl = (host.baseUrl ?? '') + prefix // nested in an Express mount, both prefixes
  host.url = rest
  return true
}
