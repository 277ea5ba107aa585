// A view's response as a cache entry (stored as JSON), and back; which responses may be stored.
import type { PhialRequest } from '../request.ts'
import { PhialResponse } from '../response.ts'

/** A stored response: status, headers, and the body as text or base64. */
export interface Entry {
  status: number
  headers: [string, string][]
  text?: string
  base64?: string
}

/**
 * Why `res` must not be stored, or `undefined` when it may be: only a whole body (text or bytes, not
 * a stream) is kept, and never a response that sets a cookie, says `no-store` or `private`, or
 * varies on request headers the key does not hold.
 */
export function unstorable(res: PhialResponse): string | undefined {
  const body = res.body
  if (body !== null && typeof body !== 'string' && !(body instanceof Uint8Array)) return 'a streamed body'
  const record = res.headerRecord
  const get = (name: string) => (record !== null ? record[name] : (res.headers.get(name) ?? undefined))
  if (get('set-cookie') !== undefined) return 'Set-Cookie'
  if (get('vary') !== undefined) return 'Vary'
  const control = get('cache-control')?.toLowerCase()
  if (control !== undefined && /(?:^|[\s,])(?:no-store|private)\b/.test(control))
    return `Cache-Control: ${control}`
  return undefined
}

/** The entry of a response {@link unstorable} accepted. */
export function toEntry(res: PhialResponse): Entry {
  const record = res.headerRecord
  const headers: [string, string][] = record !== null ? Object.entries(record) : [...res.headers]
  const entry: Entry = { status: res.status, headers }
  const body = res.body
  if (typeof body === 'string') entry.text = body
  else if (body instanceof Uint8Array) entry.base64 = toBase64(body)
  return entry
}

/** A new response from an entry (each hit its own, so hooks can change it), or `undefined` if it is not one. */
export function fromEntry(entry: Entry): PhialResponse | undefined {
  if (typeof entry?.status !== 'number' || !Array.isArray(entry.headers)) return undefined
  const body = entry.text ?? (typeof entry.base64 === 'string' ? fromBase64(entry.base64) : null)
  const headers: Record<string, string> = {}
  for (const [name, value] of entry.headers) headers[name] = value
  return new PhialResponse(body, entry.status, headers)
}

/**
 * The key of a view's response: host, mount prefix, path and the query string with its parameters
 * sorted (`?b=2&a=1` and `?a=1&b=2` share one entry).
 */
export function viewKey(req: PhialRequest, withQuery: boolean): string {
  let key = `view:${req.host}${req.rootPath}${req.path}`
  if (withQuery && req.rawQuery !== '') {
    const query = new URLSearchParams(req.query)
    query.sort()
    key += `?${query}`
  }
  return key
}

// btoa and atob take "binary strings"; a chunk at a time keeps fromCharCode's argument list short.
function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
