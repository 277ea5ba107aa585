/**
 * The `Cache-Control` of a file: `public, max-age=N`, or `no-cache` without a max age, as Flask 2
 * sends it: the browser keeps the file but revalidates every time, and gets a 304.
 */
export function toCacheControl(maxAge: number | undefined): string {
  if (maxAge === undefined || maxAge <= 0) return 'no-cache'
  return `public, max-age=${Math.floor(maxAge)}`
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * A `Content-Disposition` (RFC 6266) naming `name`, with an ASCII fallback for old clients and the
 * UTF-8 name (RFC 8187) for the others.
 *
 * @example
 * toContentDisposition(true, 'résumé.txt') // `attachment; filename="r_sum_.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt`
 */
export function toContentDisposition(attachment: boolean, name: string): string {
  // A lone surrogate has no UTF-8 form (encodeURIComponent throws on it): U+FFFD stands in, as
  // String.prototype.toWellFormed would have it.
  const text = name.replace(LONE_SURROGATE, '\uFFFD')
  const fallback = text.replace(/[^\x20-\x7e]|["\\%]/g, '_')
  const encoded = encodeURIComponent(text).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  const kind = attachment ? 'attachment' : 'inline'
  return fallback === text
    ? `${kind}; filename="${text}"`
    : `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`
}
