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
import { environment, median, num, rotate, stamp, table } from '../_stats.mjs'
import { cpuTimes, measure } from '../http/_load.mjs'
import { bundle, start, stop } from './_runtime.mjs'

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
const ECHO = { path: '/echo', method: 'POST', body: '{"hello":"world","n":[1,2,3]}' }
const outDir = join(here, '..', 'results')
mkdirSync(outDir, { recursive: true })
const entry = join(outDir, 'runtimes-entry.js')
await bundle(join(here, 'entry.ts'), entry)

const servers = []
for (const [name] of PARTS) {
  const port = 3340 + servers.length
  servers.push({ name, port, child: await start(opt.runtime, entry, name, port) })
}
const url = (srv) => `http://127.0.0.1:${srv.port}${ECHO.path}`
// Every server must echo the body as it came, with a JSON type, before anything is timed.
for (const srv of servers) {
  const res = await fetch(url(srv), {
    method: 'POST',
    body: ECHO.body,
    headers: { 'content-type': 'application/json' },
  })
  const text = await res.text()
  if (
    res.status !== 200 ||
    text !== ECHO.body ||
    !res.headers.get('content-type')?.startsWith('application/json')
  )
    throw new Error(`${srv.name} echoes ${res.status} ${text}, not timing`)
}
const seconds = opt.smoke ? 1 : Number(opt.duration)
if (!opt.smoke) for (const srv of servers) await measure(url(srv), ECHO, seconds) // warm-up
const cpu = Object.fromEntries(PARTS.map(([name]) => [name, []]))
const rps = Object.fromEntries(PARTS.map(([name]) => [name, []]))
for (let round = 0; round < (opt.smoke ? 1 : Number(opt.rounds)); round++) {
  for (const srv of rotate(servers, round)) {
    const before = cpuTimes(srv.child.pid)
    const r = await measure(url(srv), ECHO, seconds)
    const after = cpuTimes(srv.child.pid)
    const used = after.user - before.user + (after.system - before.system)
    cpu[srv.name].push((used * 1e6) / r.requests)
    rps[srv.name].push(r.rps)
  }
}
await stop(servers)

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
