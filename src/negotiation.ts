/** One entry of an `Accept` or `Accept-Encoding` header. */
interface Range {
  value: string
  params: Array<[string, string]>
  q: number
  order: number
}

// Shorthands `req.accepts('json', 'html')` understands, as Express and Hono do.
const SHORTHANDS: Record<string, string> = {
  json: 'application/json',
  html: 'text/html',
  text: 'text/plain',
  xml: 'application/xml',
  csv: 'text/csv',
  css: 'text/css',
  js: 'text/javascript',
  form: 'application/x-www-form-urlencoded',
  multipart: 'multipart/form-data',
}

/** Parses a comma-separated list with `;q=` weights (RFC 9110 §12.4.2), one scan, no regex backtracking. */
function parseRanges(header: string): Range[] {
  const out: Range[] = []
  let order = 0
  for (const item of header.split(',')) {
    const parts = item.split(';')
    const value = (parts[0] as string).trim().toLowerCase()
    if (value === '') continue
    let q = 1
    const params: Array<[string, string]> = []
    for (let i = 1; i < parts.length; i++) {
      const part = parts[i] as string
      const eq = part.indexOf('=')
      if (eq === -1) continue
      const key = part.slice(0, eq).trim().toLowerCase()
      const val = part.slice(eq + 1).trim()
      if (key === 'q') {
        const weight = Number(val)
        q = Number.isFinite(weight) ? Math.min(Math.max(weight, 0), 1) : 0
      } else params.push([key, val.replace(/^"|"$/g, '').toLowerCase()])
    }
    out.push({ value, params, q, order: order++ })
  }
  return out
}

/** How specifically `range` matches `type` (`-1`: not at all; `*\/*` 0, `text/*` 1, `text/html` 2, +params 3). */
function specificity(range: Range, type: string, params: Array<[string, string]>): number {
  const slash = type.indexOf('/')
  if (range.value === '*/*') return range.params.length === 0 ? 0 : -1
  if (range.value.endsWith('/*')) {
    return range.value.slice(0, -1) === type.slice(0, slash + 1) && range.params.length === 0 ? 1 : -1
  }
  if (range.value !== type) return -1
  for (const [key, val] of range.params) if (!params.some(([k, v]) => k === key && v === val)) return -1
  return range.params.length > 0 ? 3 : 2
}

function splitOffer(offer: string): { type: string; params: Array<[string, string]> } {
  const full = SHORTHANDS[offer.toLowerCase()] ?? offer
  const [range] = parseRanges(full)
  return { type: range?.value ?? '', params: range?.params ?? [] }
}

/**
 * The offer the client prefers by its `Accept` header, by weight, then by how specifically it was
 * named, then in the order offered; `undefined` when none is acceptable. No header accepts anything,
 * so the first offer wins (RFC 9110 §12.5.1).
 *
 * @example
 * negotiateType('text/html, application/json;q=0.9', ['json', 'html']) // 'html'
 */
export function negotiateType<T extends string>(
  header: string | undefined,
  offers: readonly T[],
): T | undefined {
  if (header === undefined || header.trim() === '') return offers[0]
  const ranges = parseRanges(header)
  let best: T | undefined
  let bestQ = 0
  let bestSpec = -1
  for (const offer of offers) {
    const { type, params } = splitOffer(offer)
    let q = 0
    let spec = -1
    for (const range of ranges) {
      const s = specificity(range, type, params)
      // RFC 9110 §12.5.1: the most specific range that matches decides the weight.
      if (s > spec || (s === spec && range.q > q)) {
        spec = s
        q = range.q
      }
    }
    if (spec < 0 || q <= 0) continue
    if (q > bestQ || (q === bestQ && spec > bestSpec)) {
      best = offer
      bestQ = q
      bestSpec = spec
    }
  }
  return best
}

/** The media ranges of an `Accept` header, most preferred first, without those weighted `q=0`. */
export function acceptedTypes(header: string | undefined): string[] {
  if (header === undefined || header.trim() === '') return ['*/*']
  return parseRanges(header)
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order)
    .map((r) => r.value)
}

/**
 * The content coding to use from those `available` (in the server's order of preference), by the
 * client's `Accept-Encoding` (RFC 9110 §12.5.3: `*` stands for any coding not listed, `q=0` refuses);
 * `undefined` means identity. No header means identity too: compressing for a client that never
 * asked is the riskier guess.
 */
export function negotiateEncoding<T extends string>(
  header: string | undefined,
  available: readonly T[],
): T | undefined {
  if (header === undefined || header.trim() === '') return undefined
  const ranges = parseRanges(header)
  const star = ranges.find((r) => r.value === '*')
  let best: T | undefined
  let bestQ = 0
  for (const coding of available) {
    const named = ranges.find((r) => r.value === coding || (coding === 'gzip' && r.value === 'x-gzip'))
    const q = named?.q ?? star?.q ?? 0
    if (q > bestQ) {
      best = coding
      bestQ = q
    }
  }
  return best
}
