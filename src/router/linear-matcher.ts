import type { Part } from './syntax.ts'

/**
 * One piece of a pattern: literal text (with its '/'), a param with the default converter regex (a
 * non-empty run, within a segment or across segments), or a param with its own regex, alone in its
 * segment.
 */
type Atom =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'run'; readonly multi: boolean }
  | { readonly kind: 'regex'; readonly regex: RegExp }

// A quantifier without an upper bound: the value may be as long as the path.
const UNBOUNDED = /[+*]|\{\d+,\}/

/**
 * Matches a pattern of text and params in time linear in the text (times the pattern's size), with the
 * captures a backtracking RegExp would give: the first param takes as much as it can, then the next.
 *
 * A RegExp such as `^([\s\S]+)/([\s\S]+)/([\s\S]+)/end$` (`/<path:a>/<path:b>/<path:c>/end`) or
 * `^([^/]+)-([^/]+)-([^/]+)\.json$` (`:a-:b-:c.json`) backtracks in time polynomial in the path, whose
 * degree is the number of params: seconds for a 4 KB path, minutes for more params. Python's `re`
 * does the same in Werkzeug. Here `exec` first computes, right to left, at which offsets each suffix
 * of the pattern can match (a table of pattern pieces × offsets), then takes each param's end as the
 * largest offset from which the rest matches, which is the end a greedy backtracking search settles on.
 */
export class LinearMatcher {
  readonly #atoms: readonly Atom[]

  constructor(atoms: readonly Atom[]) {
    this.#atoms = atoms
  }

  /** Like `RegExp.prototype.exec` on the whole pattern: the text, then each param's value in order; or null. */
  exec(text: string): string[] | null {
    const atoms = this.#atoms
    const width = text.length + 1
    // reach[i * width + p]: atoms i.. match text.slice(p) exactly.
    const reach = new Uint8Array((atoms.length + 1) * width)
    reach[atoms.length * width + text.length] = 1
    for (let i = atoms.length - 1; i >= 0; i--) fill(atoms[i]!, text, reach, i * width, width)
    if (reach[0] === 0) return null
    const values = [text]
    let p = 0
    for (let i = 0; i < atoms.length; i++) {
      const atom = atoms[i]!
      if (atom.kind === 'text') {
        p += atom.text.length
        continue
      }
      const next = (i + 1) * width
      let q = atom.kind === 'run' && atom.multi ? text.length : segmentEnd(text, p)
      // Greedy: the largest end from which the rest of the pattern still matches.
      if (atom.kind === 'run') while (reach[next + q] === 0) q--
      values.push(text.slice(p, q))
      p = q
    }
    return values
  }
}

/** Fills row `row` of `reach` for one atom from the row after it. */
function fill(atom: Atom, text: string, reach: Uint8Array, row: number, width: number): void {
  const next = row + width
  const n = text.length
  if (atom.kind === 'text') {
    const size = atom.text.length
    for (let p = 0; p + size <= n; p++) {
      if (reach[next + p + size] === 1 && text.startsWith(atom.text, p)) reach[row + p] = 1
    }
  } else if (atom.kind === 'regex') {
    // Alone in its segment: it starts after a '/' (or at 0) and ends at the next '/' (or the end).
    for (let start = 0; start <= n; ) {
      const end = segmentEnd(text, start)
      if (reach[next + end] === 1 && atom.regex.test(text.slice(start, end))) reach[row + start] = 1
      start = end + 1
    }
  } else {
    // A non-empty run ending at some q > p (before the next '/' unless multi) with reach[next + q].
    let seen = reach[next + n]!
    for (let p = n - 1; p >= 0; p--) {
      if (!atom.multi && text.charCodeAt(p) === 47) {
        seen = reach[next + p]!
        continue
      }
      reach[row + p] = seen
      seen |= reach[next + p]!
    }
  }
}

function segmentEnd(text: string, start: number): number {
  const end = text.indexOf('/', start)
  return end === -1 ? text.length : end
}

/**
 * A linear matcher for segments (joined by '/') whose RegExp could backtrack super-linearly: two or
 * more params of unbounded length with more pattern after them. Null when the RegExp is linear
 * already (`:name.:ext`, `*path/edit`), or when a param with its own regex shares its segment or
 * spans segments, which only that RegExp can match.
 */
export function toLinearMatcher(segments: readonly (readonly Part[])[]): LinearMatcher | null {
  const atoms: Atom[] = []
  let unbounded = 0
  let lastUnbounded = false
  const text = (value: string) => {
    const last = atoms.at(-1)
    if (last?.kind === 'text') atoms[atoms.length - 1] = { kind: 'text', text: last.text + value }
    else atoms.push({ kind: 'text', text: value })
  }
  for (const [index, segment] of segments.entries()) {
    if (index > 0) text('/')
    for (const part of segment) {
      if (typeof part === 'string') {
        if (part !== '') text(part)
        continue
      }
      const { regex, multiSegment } = part.converter
      if (regex === undefined) atoms.push({ kind: 'run', multi: multiSegment === true })
      else if (multiSegment === true || segment.length !== 1) return null
      else atoms.push({ kind: 'regex', regex: new RegExp(`^(?:${regex})$`) })
      lastUnbounded = regex === undefined || UNBOUNDED.test(regex)
      if (lastUnbounded) unbounded++
    }
  }
  // A param that ends the pattern takes the rest or fails: it adds no backtracking of its own.
  if (atoms.at(-1)?.kind !== 'text' && lastUnbounded) unbounded--
  return unbounded >= 2 ? new LinearMatcher(atoms) : null
}
