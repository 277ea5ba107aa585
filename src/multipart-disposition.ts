import { createHTTPError, type HTTPError } from './errors.ts'

/** The name and filename a multipart part's `Content-Disposition: form-data` header gives it, decoded. */
export interface FormDisposition {
  /** The form field's name: never empty. */
  name: string
  /** The client's filename (`filename*` if present, else `filename`), as sent. */
  filename: string | undefined
}

// RFC 9110 §5.6.2: token = 1*tchar. Sticky, so it matches exactly where the scan stands.
const TOKEN = /[!#$%&'*+\-.^_`|~0-9A-Za-z]+/y
// RFC 5987 §3.2.1: ext-value = charset "'" [ language ] "'" value-chars
const EXT_VALUE =
  /^([!#$%&+\-^_`{}~0-9A-Za-z]+)'[0-9A-Za-z-]*'((?:%[0-9A-Fa-f]{2}|[!#$&+\-.^_`|~0-9A-Za-z])*)$/
// WHATWG HTML, "multipart/form-data encoding algorithm": browsers and undici send `"`, CR and LF in
// names and filenames as %22, %0D and %0A, and every other character as raw UTF-8. Werkzeug decodes %22.
const WHATWG_ESCAPE = /%(?:22|0D|0A)/gi
const UNESCAPED: Record<string, string> = { '%22': '"', '%0D': '\r', '%0A': '\n' }

const malformed = (): HTTPError =>
  createHTTPError(400, 'A multipart part has a malformed Content-Disposition header.')

/**
 * Reads a part's `Content-Disposition` (RFC 7578 §4.2): `form-data; name="…"; filename="…"`, with
 * `filename*=UTF-8''…` (RFC 6266 §4.3, RFC 5987) taking precedence over `filename`. Parameter names are
 * case-insensitive, values are tokens or quoted strings of any UTF-8 text. A missing header, another
 * disposition type, a missing or empty `name`, a repeated parameter, a `filename*` that is not
 * percent-encoded UTF-8, or a syntax error is a 400. Werkzeug: `parse_options_header` in its form parser.
 * @example toFormDisposition('form-data; name="名前"; filename="a%22b.txt"') // { name: '名前', filename: 'a"b.txt' }
 */
export function toFormDisposition(header: string | readonly string[] | undefined): FormDisposition {
  if (typeof header !== 'string') {
    if (header !== undefined) throw malformed() // two Content-Disposition headers: which one names the part?
    throw createHTTPError(400, 'A multipart part has no Content-Disposition: form-data header.')
  }
  const parsed = toParameters(header)
  if (parsed === undefined) throw malformed()
  if (parsed.type.toLowerCase() !== 'form-data') {
    throw createHTTPError(400, 'A multipart part has no Content-Disposition: form-data header.')
  }
  const name = parsed.params.get('name')
  if (name === undefined || name === '') {
    throw createHTTPError(400, 'A multipart part has a Content-Disposition without a name.')
  }
  return { name: unescapeWHATWG(name), filename: toFilename(parsed.params) }
}

function toFilename(params: Map<string, string>): string | undefined {
  const extended = params.get('filename*')
  if (extended !== undefined) {
    const match = EXT_VALUE.exec(extended)
    if (match === null) throw malformed()
    // RFC 5987 also names ISO-8859-1, but multipasta percent-decodes every filename* as UTF-8 first and
    // throws on other bytes (a 400): only UTF-8 can be honoured consistently, so only UTF-8 is.
    if ((match[1] as string).toLowerCase() !== 'utf-8') throw malformed()
    try {
      return decodeURIComponent(match[2] as string)
    } catch {
      throw malformed() // percent-encoded bytes that are not UTF-8
    }
  }
  const filename = params.get('filename')
  return filename === undefined ? undefined : unescapeWHATWG(filename)
}

const unescapeWHATWG = (value: string): string =>
  value.includes('%') ? value.replace(WHATWG_ESCAPE, (e) => UNESCAPED[e.toUpperCase()] as string) : value

/** `type *( OWS ";" OWS name OWS "=" OWS ( token / quoted-string ) ) OWS`, or `undefined` when malformed. */
function toParameters(header: string): { type: string; params: Map<string, string> } | undefined {
  let at = 0
  const skipSpace = () => {
    while (header[at] === ' ' || header[at] === '\t') at++
  }
  const token = (): string | undefined => {
    TOKEN.lastIndex = at
    const match = TOKEN.exec(header)
    if (match !== null) at = TOKEN.lastIndex
    return match?.[0]
  }
  skipSpace()
  const type = token()
  if (type === undefined) return undefined
  const params = new Map<string, string>()
  for (;;) {
    skipSpace()
    if (at === header.length) return { type, params }
    if (header[at] !== ';') return undefined
    at++
    skipSpace()
    if (at === header.length) return { type, params } // a trailing ";", which Werkzeug also accepts
    const key = token()?.toLowerCase()
    skipSpace()
    if (key === undefined || header[at] !== '=') return undefined
    at++
    skipSpace()
    let value: string | undefined
    if (header[at] === '"') {
      const quoted = toQuoted(header, at)
      if (quoted === undefined) return undefined
      ;[value, at] = quoted
    } else value = token()
    // RFC 6266 §4.1: a repeated parameter makes the header invalid (two names: which one is the field?).
    if (value === undefined || params.has(key)) return undefined
    params.set(key, value)
  }
}

/**
 * The quoted string at `start` and the index after it. Only `\"` and `\\` are escapes (Werkzeug's
 * rule): browsers do not escape a backslash, so `C:\dir\a.png` arrives as is and must stay so.
 * Control characters cannot occur: multipasta's header parser has refused them already.
 */
function toQuoted(header: string, start: number): [string, number] | undefined {
  let value = ''
  let from = start + 1
  for (let i = from; i < header.length; i++) {
    const char = header[i]
    if (char === '"') return [value + header.slice(from, i), i + 1]
    if (char === '\\' && (header[i + 1] === '"' || header[i + 1] === '\\')) {
      value += header.slice(from, i)
      from = ++i // keep the escaped character, skip the backslash
    }
  }
  return undefined
}
