// Every ```ts block of README.md and docs/*.md type-checks against phial's own types (src/), with the
// options of tsconfig.json, so an example a user copies compiles.
//
// - Languages: ```ts and ```typescript are checked. A ```js (or jsx, tsx, mjs, …) block fails the test:
//   the docs write examples in TypeScript, and no example escapes the check under another name. Blocks
//   with no language (shell sessions, layouts) are not code and are not read.
// - One program: each block is a virtual file of test/docs/__snippets__/ (never written) and all are
//   checked together, so the test takes seconds. Module augmentations (`declare module 'phial'`) are
//   therefore seen by every block, and the docs must agree with them (sessions.md types `userId`).
// - Imports: `phial`, `phial/node`, `phial/eta` and `phial/static` resolve as in the tests, through the
//   package's own name and the `source` condition (tsconfig's customConditions) to src/.
// - Fragments: a block with no `import` is a fragment, and gets every export of those four entry
//   points imported for it. A block with an `import` is a module a reader copies whole: it must import
//   what it uses from phial itself.
// - Fixtures: the reader's own objects the docs take as given (`app`, `req`, `db`, `users`, …) are
//   declared, with a plausible type, in every block that does not declare the name itself (_prelude.ts,
//   FIXTURES). Both go after the block, so the block's lines keep their numbers.
// - Local modules: a block importing one of the reader's files (`./templates.gen.js`) gets it from
//   LOCAL_MODULES in _prelude.ts, a virtual file beside the blocks (relative ambient modules are not
//   allowed, so they cannot be declarations).
// - Markers, an HTML comment on the line before a block (blank lines between are allowed):
//   `<!-- snippet: skip <reason> -->` leaves the block out; `<!-- snippet: expect TS2379 <reason> -->`
//   checks it but expects diagnostics of that code (a block showing a type error, or one phial's own
//   types get wrong), and fails once none is left, so the marker goes when the cause does. Keep both
//   rare; each is printed with its reason.
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { type Snippet, toSnippets } from './_markdown.ts'
import { checkSnippets, type Found } from './_program.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))

const docs = [
  'README.md',
  ...readdirSync(`${root}/docs`)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
]

const snippets = docs.flatMap((file) => toSnippets(root, file))
const checked = snippets.filter((s) => s.skip === undefined)
const skipped = snippets.filter((s) => s.skip !== undefined)
const expecting = checked.filter((s) => s.expect !== undefined)

describe('the TypeScript blocks of the docs', () => {
  let results = new Map<Snippet, Found[]>()
  beforeAll(() => {
    results = checkSnippets(root, checked)
    const list = (some: Snippet[], why: (s: Snippet) => string) =>
      some.map((s) => `\n  ${s.file}:${s.line}: ${why(s)}`).join('')
    console.info(
      `docs: ${checked.length} blocks type-checked, ${skipped.length} skipped` +
        list(skipped, (s) => `skipped: ${s.skip}`) +
        `; ${expecting.length} expected to give an error` +
        list(expecting, (s) => `TS${s.expect?.code}: ${s.expect?.reason}`),
    )
  }, 60_000)

  it('finds the blocks (a broken extractor would check nothing)', () => {
    expect(checked.length).toBeGreaterThan(30)
  })

  for (const snippet of snippets) {
    const name = `${snippet.file}:${snippet.line} type-checks`
    if (snippet.skip !== undefined) {
      it.skip(`${name} (skipped: ${snippet.skip})`, () => {})
      continue
    }
    it(name, () => {
      const found = results.get(snippet)
      if (found === undefined) expect.fail(`${snippet.file}:${snippet.line} was not checked`)
      const code = snippet.expect?.code
      const unexpected = found.filter((d) => d.code !== code)
      if (unexpected.length > 0) expect.fail(`\n${unexpected.map((d) => d.text).join('\n')}\n`)
      if (code !== undefined && found.length === 0)
        expect.fail(`${snippet.file}:${snippet.line} no longer gives TS${code}: remove its "expect" marker`)
    })
  }
})
