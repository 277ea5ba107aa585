// Finds the code blocks of a Markdown file, and the `<!-- snippet: … -->` marker that may precede one.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** A fenced ```ts block of a doc, as the test checks it. */
export interface Snippet {
  /** The doc, relative to the repository root: `docs/routing.md`. */
  file: string
  /** The 1-based line of the opening fence in the doc. */
  line: number
  /** The block's text, without its fences. Line n of it is line `line + n` of the doc. */
  code: string
  /** Why the block is not checked, from `<!-- snippet: skip <reason> -->`. */
  skip?: string
  /** A diagnostic the block must give, and why: `<!-- snippet: expect TS2345 <reason> -->`. */
  expect?: { code: number; reason: string }
}

/** The languages checked. ```js would be too, but the docs have none: write examples as ```ts. */
const CHECKED = new Set(['ts', 'typescript'])
/** Languages that must not appear, so no example slips past the check under another name. */
const REFUSED = new Set(['js', 'javascript', 'mjs', 'cjs', 'jsx', 'tsx', 'mts', 'cts'])

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/
const MARKER = /^<!--\s*snippet:\s*(.*?)\s*-->$/

const SKIP = /^skip\s+(\S.*)$/
const EXPECT = /^expect\s+TS(\d+)\s+(\S.*)$/

/** Reads one `<!-- snippet: … -->` marker into the snippet it precedes. */
function readMarker(snippet: Snippet, marker: string, where: string): void {
  const skip = SKIP.exec(marker)
  const expected = EXPECT.exec(marker)
  if (skip?.[1]) snippet.skip = skip[1]
  else if (expected?.[1] && expected[2]) snippet.expect = { code: Number(expected[1]), reason: expected[2] }
  else
    throw new Error(
      `${where}: cannot read <!-- snippet: ${marker} -->; write "skip <reason>" or "expect TS<code> <reason>"`,
    )
}

/** The ```ts blocks of one doc, in order. */
export function toSnippets(root: string, file: string): Snippet[] {
  const lines = readFileSync(join(root, file), 'utf8').split('\n')
  const snippets: Snippet[] = []
  let pending: { marker: string; line: number } | undefined
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? ''
    const marker = MARKER.exec(text.trim())
    if (marker) {
      pending = { marker: marker[1] ?? '', line: i + 1 }
      continue
    }
    const fence = FENCE.exec(text)
    if (!fence) {
      if (text.trim() !== '') pending = undefined
      continue
    }
    const [, indent = '', ticks = '', lang = ''] = fence
    const close = new RegExp(`^\\s*${ticks[0]}{${ticks.length},}\\s*$`)
    let end = i + 1
    while (end < lines.length && !close.test(lines[end] ?? '')) end++
    const where = `${file}:${i + 1}`
    if (REFUSED.has(lang))
      throw new Error(`${where}: a \`\`\`${lang} block; write it as \`\`\`ts so it is checked`)
    if (pending && !CHECKED.has(lang))
      throw new Error(`${file}:${pending.line}: a marker before a non-ts block`)
    if (CHECKED.has(lang)) {
      const body = lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
      const snippet: Snippet = { file, line: i + 1, code: body.join('\n') }
      if (pending) readMarker(snippet, pending.marker, `${file}:${pending.line}`)
      snippets.push(snippet)
    }
    pending = undefined
    i = end
  }
  return snippets
}
