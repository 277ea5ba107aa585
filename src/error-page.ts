import { STATUS_TEXT } from './errors.ts'
import type { PhialRequest } from './request.ts'
import { escapeHTML, PhialResponse } from './response.ts'

/** What the default error page needs of an error: an `HTTPError`, or the router's own 404 and 405. */
export interface ErrorPageInput {
  readonly status: number
  readonly message: string
  readonly headers: Readonly<Record<string, string>>
  readonly expose: boolean
}

// The router's 404 and 405 pages are the same text every time: render each once (status → message → page).
const pages = new Map<number, Map<string, string>>()
let cached = 0

/**
 * The default answer to an HTTP error: a small escaped HTML page, or JSON when the client prefers it.
 * A message is shown only when the error allows it (`expose`, true below 500). Flask: `HTTPException.get_response`.
 */
export function toErrorResponse(req: PhialRequest | undefined, error: ErrorPageInput): PhialResponse {
  const status = error.status
  const title = STATUS_TEXT[status] ?? `Error ${status}`
  const message = error.expose ? error.message : title
  const headers: Record<string, string> = {
    'content-type': 'text/html; charset=utf-8',
    // The page has no scripts, styles or images: forbid everything, and no MIME sniffing.
    'content-security-policy': "default-src 'none'",
    'x-content-type-options': 'nosniff',
  }
  for (const key in error.headers) headers[key.toLowerCase()] = error.headers[key] as string
  if (req !== undefined && prefersJSON(req.header('accept'))) {
    headers['content-type'] = 'application/json'
    return PhialResponse.fromRecord(JSON.stringify({ status, error: title, message }), status, headers)
  }
  let byMessage = pages.get(status)
  let body = byMessage?.get(message)
  if (body === undefined) {
    body = `<!doctype html>\n<html lang="en">\n<title>${status} ${escapeHTML(title)}</title>\n<h1>${escapeHTML(title)}</h1>\n<p>${escapeHTML(message)}</p>\n</html>\n`
    // A bounded cache: messages can come from the app (abort(400, text)), so keep at most 64 pages.
    if (cached < 64) {
      if (byMessage === undefined) {
        byMessage = new Map()
        pages.set(status, byMessage)
      }
      byMessage.set(message, body)
      cached++
    }
  }
  return PhialResponse.fromRecord(body, status, headers)
}

/** Whether an `Accept` header ranks JSON above HTML (RFC 9110 §12.5.1 q-values). */
export function prefersJSON(accept: string | undefined): boolean {
  if (accept === undefined || !accept.includes('json')) return false
  let json = 0
  let html = 0
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.split(';')
    const media = type.trim().toLowerCase()
    const qParam = params.find((p) => p.trim().startsWith('q='))
    const q = qParam === undefined ? 1 : Number(qParam.trim().slice(2)) || 0
    if (media === 'application/json' || media.endsWith('+json')) json = Math.max(json, q)
    else if (media === 'text/html') html = Math.max(html, q)
  }
  return json > html
}
