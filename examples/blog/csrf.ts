/**
 * CSRF protection in a few lines, as Flask-WTF's `CSRFProtect` does it: one random token per session,
 * put in every form as a hidden `csrf_token` field (or sent as an `X-CSRFToken` header), and checked
 * on every POST, PUT, PATCH and DELETE before the view runs. A request without it, or with another
 * session's, is a 400. SameSite=Lax session cookies already stop most cross-site posts; the token also
 * covers older browsers and same-site attackers (a sibling subdomain).
 */
import { BadRequest, type PhialRequest } from 'phial'

/** The form field that carries the token. Flask-WTF: `csrf_token`. */
export const CSRF_FIELD = 'csrf_token'
const HEADER = 'x-csrftoken'
const SESSION_KEY = 'csrfToken'
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const FORMS = new Set(['application/x-www-form-urlencoded', 'multipart/form-data'])

/** This session's token, created on first use. Templates call it as `it.csrfToken()`. */
export function csrfToken(req: PhialRequest): string {
  const token = req.session.get(SESSION_KEY)
  if (typeof token === 'string') return token
  const fresh = toHex(crypto.getRandomValues(new Uint8Array(32)))
  req.session.set(SESSION_KEY, fresh)
  return fresh
}

/** A before-request hook that refuses an unsafe request without this session's token. */
export async function csrfProtect(req: PhialRequest): Promise<void> {
  // Flask-WTF skips requests that matched no route: they answer 404 or 405 anyway.
  if (!UNSAFE.has(req.method) || req.endpoint === undefined) return
  const expected = req.session.get(SESSION_KEY)
  let sent = req.header(HEADER)
  if (sent === undefined && FORMS.has(req.mimetype)) sent = (await req.form()).get(CSRF_FIELD) ?? undefined
  if (sent === undefined || sent === '') throw new BadRequest('The CSRF token is missing.')
  if (typeof expected !== 'string' || !constantTimeEqual(sent, expected))
    throw new BadRequest('The CSRF token is invalid.')
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let difference = 0
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return difference === 0
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
