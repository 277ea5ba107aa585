// The JSON echo on Deno (or Bun) taken apart, by CPU time per request. Four servers, each adding one
// part of phial's echo to the one before: Hono's idiomatic echo; phial's routing, request and
// response around the same body work (`JSON.parse(await req.raw.text())`); then the two header
// reads phial's checks need (Content-Type for the 415, Content-Length for the 413); then phial's
// own `await req.json()`. The apps are in apps.ts. CPU time is user + system of every thread of the
// server process (/proc) over the requests it answered: it moves less than req/s when other tenants
// take the core, and it adds up, so a row's difference from the row above is that part's cost.
// Usage: node bench/runtimes/parts.mjs [--runtime deno] [--rounds 16] [--duration 2] [--smoke]
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { environment, median, num, stamp, table } from '../_stats.mjs'
import { bundle, echoCPU } from './_runtime.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const { values: opt } = parseArgs({
  options: {
    runtime: { type: 'string', default: 'deno' },
    rounds: { type: 'string', default: '16' },
    duration: { type: 'string', default: '2' },
    smoke: { type: 'boolean', default: false },
  },
})
const PARTS = [
  ['hono', "Hono's echo: `c.json(await c.req.json())`"],
  ['phial-native', "phial's routing, request and response around the same body work"],
  ['phial-headers', '+ the two header reads (Content-Type, Content-Length)'],
  ['phial', "+ phial's `req.json()` in place of them (its checks, its promise)"],
]
const outDir = join(here, '..', 'results')
mkdirSync(outDir, { recursive: true })
const entry = join(outDir, 'runtimes-entry.js')
await bundle(join(here, 'entry.ts'), entry)

// Every server must echo the body as it came, with a JSON type, before anything is timed.
const seconds = opt.smoke ? 1 : Number(opt.duration)
const { cpu, rps } = await echoCPU(
  opt.runtime,
  entry,
  PARTS.map(([name]) => name),
  {
    basePort: 3340,
    rounds: opt.smoke ? 1 : Number(opt.rounds),
    seconds,
    warmUp: !opt.smoke,
    check: (res) => res.headers.get('content-type')?.startsWith('application/json') === true,
  },
)

const us = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–')
const rows = PARTS.map(([name, what], i) => {
  const m = median(cpu[name])
  const delta =
    i === 0
      ? ''
      : `${m - median(cpu[PARTS[i - 1][0]]) >= 0 ? '+' : ''}${us(m - median(cpu[PARTS[i - 1][0]]))}`
  return [name, what, us(m), us(Math.min(...cpu[name])), delta, num(median(rps[name]))]
})
const text = `# The JSON echo on ${opt.runtime}, taken apart, ${stamp()}\n\n${environment()}. ${opt.smoke ? 1 : opt.rounds} rounds × ${seconds} s per server, servers interleaved (rotated each round), server on core 0 and wrk on core 1. CPU = user + system time of the server process, every thread, per request answered.\n\n${table(
  [
    'part',
    'what it adds',
    'CPU µs/request, median',
    'lowest',
    'Δ median from the row above',
    'req/s, median',
  ],
  rows,
)}\n`
console.log(text)
writeFileSync(join(outDir, `runtimes-parts-${opt.runtime}-${stamp()}.md`), text)
