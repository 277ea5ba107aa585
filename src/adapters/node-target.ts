// Where a Node request points: the path of an absolute-form target, and the prefix a host framework
// (Express, Connect) mounted phial under.
import type { IncomingMessage } from 'node:http'

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
  const full = pathOf(original)
  const rest = pathOf(req.url ?? '/')
  if (rest === '/' && !full.endsWith('/')) return full
  return full.endsWith(rest) ? full.slice(0, full.length - rest.length) : ''
}

function pathOf(target: string): string {
  const q = target.indexOf('?')
  return q === -1 ? target : target.slice(0, q)
}

/** RFC 9112 §3.2.2: `GET http://host/path` is the absolute form; route on its path. */
export function fromAbsoluteForm(target: string): string {
  const scheme = target.indexOf('://')
  if (scheme === -1) return target
  const slash = target.indexOf('/', scheme + 3)
  return slash === -1 ? '/' : target.slice(slash)
}
