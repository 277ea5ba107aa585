// Start-up cost of phial: import, registering 0 / 1,000 / 10,000 routes, first request, memory after.
// Each run is a fresh pinned process. Usage: node bench/startup/run.mjs [--runs 7] [--routes 0,1000,10000]
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { append, environment, median, stamp, table } from '../_stats.mjs'
import { pin } from '../http/_load.mjs'

const { values: opt } = parseArgs({
  options: { runs: { type: 'string', default: '7' }, routes: { type: 'string', default: '0,1000,10000' } },
})
const child = fileURLToPath(new URL('child.mjs', import.meta.url))
const sizes = opt.routes.split(',').map(Number)
const runs = {} // runs[size].all = [result]
for (let r = 0; r < Number(opt.runs); r++) {
  for (const size of sizes) {
    const [cmd, ...args] = [...pin(0), process.execPath, '--expose-gc', child, String(size)]
    append(runs, size, 'all', JSON.parse(execFileSync(cmd, args).toString()))
  }
}

const keys = ['whatwg', 'import', 'register', 'first', 'total', 'heap', 'rss']
const rows = sizes.map((size) => [
  size.toLocaleString('en-US'),
  ...keys.map((k) => median(runs[size].all.map((x) => x[k])).toFixed(1)),
])
const text = `${[
  `# phial start-up, ${new Date().toISOString().slice(0, 16)}`,
  '',
  `${environment()}. Median of ${opt.runs} fresh processes per row.`,
  'ms: Node loading Request/Response (undici) on first touch; import `phial`; register the routes; first `app.request()` (seals, compiles the router); total since process start.',
  'MB: heap used (after a full GC) and RSS, after the first request.',
  '',
  table(
    [
      'routes',
      'WHATWG load ms',
      'import ms',
      'register ms',
      'first request ms',
      'total ms',
      'heap MB',
      'RSS MB',
    ],
    rows,
  ),
].join('\n')}\n`
process.stdout.write(text)
const dir = new URL('../results/', import.meta.url)
mkdirSync(dir, { recursive: true })
writeFileSync(new URL(`startup-${stamp()}.md`, dir), text)
