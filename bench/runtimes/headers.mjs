// What reading request headers costs on Deno (or Bun), with no framework: a JSON echo on the
// runtime's own server reading headers in one of several ways before the body (headers-server.ts),
// by CPU time per request, each way beside the echo that reads none. Shows that on Deno the first
// read of a request, whatever the header's name, is the cost, and a second read nearly free.
// Usage: node bench/runtimes/headers.mjs [--runtime deno] [--rounds 12] [--duration 2] [--smoke]
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { environment, median, num, stamp, table } from '../_stats.mjs'
import { echoCPU } from './_runtime.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const { values: opt } = parseArgs({
  options: {
    runtime: { type: 'string', default: 'deno' },
    rounds: { type: 'string', default: '12' },
    duration: { type: 'string', default: '2' },
    smoke: { type: 'boolean', default: false },
  },
})
const WAYS = [
  ['none', 'no header read: the body only'],
  ['json', 'none, and `request.json()` for `JSON.parse(await request.text())`'],
  ['getter', '`request.headers`, no read'],
  ['host', '`get("host")`'],
  ['content-type', '`get("content-type")`'],
  ['content-length', '`get("content-length")`'],
  ['both', '`get("content-type")`, then `get("content-length")`'],
  ['entries', 'the same two found by walking every header'],
]
const outDir = join(here, '..', 'results')
mkdirSync(outDir, { recursive: true })
const seconds = opt.smoke ? 1 : Number(opt.duration)
const { cpu } = await echoCPU(
  opt.runtime,
  join(here, 'headers-server.ts'),
  WAYS.map(([name]) => name),
  { basePort: 3360, rounds: opt.smoke ? 1 : Number(opt.rounds), seconds, warmUp: !opt.smoke },
)

const us = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–')
const base = median(cpu.none)
const rows = WAYS.map(([name, what]) => {
  const m = median(cpu[name])
  const delta = name === 'none' ? '' : `${m - base >= 0 ? '+' : ''}${us(m - base)}`
  return [name, what, us(m), us(Math.min(...cpu[name])), delta, num(1e6 / m)]
})
const text = `# Header reads on ${opt.runtime}, no framework, ${stamp()}\n\n${environment()}. A JSON echo on the runtime's own server; ${opt.smoke ? 1 : opt.rounds} rounds × ${seconds} s per server, servers interleaved (rotated each round), server on core 0 and wrk on core 1. CPU = user + system time of the server process, every thread, per request answered.\n\n${table(
  ['way', 'reads', 'CPU µs/request, median', 'lowest', 'Δ median from none', 'requests per CPU-second'],
  rows,
)}\n`
console.log(text)
writeFileSync(join(outDir, `runtimes-headers-${opt.runtime}-${stamp()}.md`), text)
