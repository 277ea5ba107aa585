// Bytes a bench server allocates per request, from V8's own GC trace: each server runs under
// `--trace-gc-nvp`, and what it allocated between two collections is the heap's size before the
// second minus its size after the first. Summed over the GCs of N keep-alive requests after a warm-up,
// divided by N. Bytes allocated after the last GC of the window go uncounted, so a figure is good to
// about one young generation (1–16 MB) ÷ N: ±20–160 B a request at the default N. It is a count of
// the server's allocations, not a timing, so it does not depend on the machine's other tenants.
// Usage: node bench/memory/alloc.mjs [--path /echo] [--body JSON] [--requests 100000] [--warmup 20000]
//        [server ...]   (servers as in bench/http: raw raw-routed phial fastify …; default raw phial)
// Run `npm run build` first. A JSON --body makes the requests POSTs (the echo: --path /echo --body '{"a":1}').
import { execFile, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parseArgs, promisify } from 'node:util'
import { num, table } from '../_stats.mjs'

const { values: opt, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    path: { type: 'string', default: '/user/42' },
    body: { type: 'string' },
    requests: { type: 'string', default: '100000' },
    warmup: { type: 'string', default: '20000' },
  },
})
const servers = positionals.length > 0 ? positionals : ['raw', 'phial']
const here = (file) => fileURLToPath(new URL(file, import.meta.url))
const CLIENT = here('../instructions/client.mjs')

/** Runs `n` keep-alive requests over 10 connections (bench/instructions/client.mjs); async, so the trace is read meanwhile. */
const load = (port, n) =>
  promisify(execFile)(process.execPath, [
    CLIENT,
    String(port),
    opt.path,
    String(n),
    '10',
    ...(opt.body ? [opt.body] : []),
  ])

async function measure(name, port) {
  const child = spawn(process.execPath, ['--trace-gc-nvp', here(`../http/${name}.mjs`), String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const gcs = [] // [size before, size after] of each collection, in order
  let rest = ''
  child.stdout.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n')
    rest = lines.pop()
    for (const line of lines) {
      const before = /total_size_before=(\d+)/.exec(line)
      const after = /total_size_after=(\d+)/.exec(line)
      if (before && after) gcs.push([Number(before[1]), Number(after[1])])
    }
  })
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/`)).status > 0) break
      } catch (error) {
        if (i > 100) throw error
        await new Promise((r) => setTimeout(r, 100))
      }
    }
    await load(port, Number(opt.warmup))
    await new Promise((r) => setTimeout(r, 200)) // the trace lines of the warm-up reach us
    const from = gcs.length
    await load(port, Number(opt.requests))
    await new Promise((r) => setTimeout(r, 200))
    let bytes = 0
    for (let i = Math.max(from, 1); i < gcs.length; i++) bytes += gcs[i][0] - gcs[i - 1][1]
    return { bytes: bytes / Number(opt.requests), gcs: gcs.length - from }
  } finally {
    child.kill()
  }
}

const rows = []
let port = 3700
for (const name of servers) {
  const { bytes, gcs } = await measure(name, port++)
  rows.push([name, num(bytes), String(gcs)])
}
const what = `${opt.body ? 'POST' : 'GET'} ${opt.path}`
console.log(
  `Bytes allocated per request (${what}, ${num(Number(opt.requests))} requests after ${num(Number(opt.warmup))}):\n`,
)
console.log(table(['server', 'bytes per request', 'GCs in the window'], rows))
