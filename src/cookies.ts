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
