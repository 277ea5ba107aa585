// A view's response as a cache entry, and back; which responses may be stored.
import type { PhialRequest } from '../request.ts'
import { PhialResponse } from '../response.ts'

// An entry is one line of JSON, `[status, headers, body kind]`, then the body as it is: a hit parses
// only the short head, never a page-sized JSON string. JSON.stringify writes no raw newline, so the
// first `\n` ends the head. Kinds: `t` text, `b` bytes in base64, `n` no body.
type Head = [status: number, headers: [string, string][], kind: 't' | 'b' | 'n']

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

/** The entry text of a response {@link unstorable} accepted. */
export function toEntry(res: PhialResponse): string {
  const record = res.headerRecord
  const headers: [string, string][] = record !== null ? Object.entries(record) : [...res.headers]
  const body = res.body
  const kind = typeof body === 'string' ? 't' : body instanceof Uint8Array ? 'b' : 'n'
  const head: Head = [res.status, headers, kind]
  const text = kind === 't' ? (body as string) : kind === 'b' ? toBase64(body as Uint8Array) : ''
  return `${JSON.stringify(head)}\n${text}`
}

/** A new response from an entry's text (each hit its own, so hooks can change it), or `undefined` if it is not one. */
export function fromEntry(entry: string): PhialResponse | undefined {
  const end = entry.indexOf('\n')
  if (end === -1) return undefined
  let head: Head
  try {
    head = JSON.parse(entry.slice(0, end)) as Head
  } catch {
    return undefined // written by something else under the key: a miss
  }
  if (!Array.isArray(head) || typeof head[0] !== 'number' || !Array.isArray(head[1])) return undefined
  const [status, list, kind] = head
  const text = entry.slice(end + 1)
  const body = kind === 't' ? text : kind === 'b' ? fromBase64(text) : null
  const headers: Record<string, string> = {}
  for (const [name, value] of list) headers[name] = value
  return new PhialResponse(body, status, headers)
}

/**
 * The key of a view's response: scheme, host, mount prefix, the path as sent (still percent-encoded,
 * so a `%3F` in it is never read as the query's `?`), and the query string with its parameters sorted
 * (`?b=2&a=1` and `?a=1&b=2` share one entry); `query` names the parameters kept, or `true` for all.
 */
export function viewKey(req: PhialRequest, query: boolean | readonly string[]): string {
  const key = `view:${req.scheme}://${req.host}${req.rootPath}${req.rawPath}`
  if (query === false || req.rawQuery === '') return key
  const params = new URLSearchParams(req.query)
  if (query !== true) for (const name of [...params.keys()]) if (!query.includes(name)) params.delete(name)
  params.sort()
  const text = params.toString()
  return text === '' ? key : `${key}?${text}`
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
