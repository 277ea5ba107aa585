// Memory across a million requests: raw node:http and phial, each warmed up, then sampled after each
// quarter of a million requests (text, params + query, JSON bodies in turn): RSS for both, and for
// phial the heap after a full GC, which is what a leak would grow.
// Usage: node bench/memory/run.mjs [--requests 1000000] [--warmup 700000] [--node-flags='--max-semi-space-size=16 …']
// V8 grows its young generation (two semi-spaces, up to 16 MB each on 64-bit) once allocation is
// steady, which alone adds 13 MB or more of RSS to any server, raw node:http included; here that
// happened between 0.38 M and 0.67 M requests. The default warm-up (0.7 M) lets it happen before the
// first sample, so the samples show the steady state; --warmup 100000 shows the growth itself, and
// --node-flags='--min-semi-space-size=16 --max-semi-space-size=16' sizes the young generation from
// the start (what docs/deployment.md recommends for a flat RSS from the first minute).
import { spawn } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { environment, num, stamp, table } from '../_stats.mjs'
import { measure, pin } from '../http/_load.mjs'

const { values: opt } = parseArgs({
  options: {
    requests: { type: 'string', default: '1000000' },
    warmup: { type: 'string', default: '700000' },
    'node-flags': { type: 'string', default: '' },
  },
})
const total = Number(opt.requests)
const port = 3400
const SERVERS = {
  raw: fileURLToPath(new URL('../http/raw.mjs', import.meta.url)),
  phial: fileURLToPath(new URL('server.mjs', import.meta.url)),
}
const mix = [
  { path: '/' },
  { path: '/user/42?q=x' },
  { path: '/echo', method: 'POST', body: '{"hello":"world","n":[1,2,3]}' },
]

async function run(name) {
  const flags = opt['node-flags'].split(' ').filter(Boolean)
  const [exe, ...args] = [...pin(0), process.execPath, '--expose-gc', ...flags, SERVERS[name], String(port)]
  const child = spawn(exe, args, { stdio: 'inherit' })
  const rss = () =>
    Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) / 1024
  const heap = async () =>
    name === 'phial'
      ? (await (await fetch(`http://127.0.0.1:${port}/__heap`)).json()).heap / 2 ** 20
      : Number.NaN
  for (let i = 0; i < 50; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) break
    } catch {}
    await new Promise((r) => setTimeout(r, 100))
  }
  const send = async (count) => {
    let done = 0
    while (done < count) {
      for (const request of mix)
        done += (await measure(`http://127.0.0.1:${port}${request.path}`, request, 1)).requests
    }
    return done
  }
  await send(Number(opt.warmup)) // warm-up: JIT and pools settle
  const samples = [[0, rss(), await heap()]]
  let sent = 0
  while (sent < total) {
    sent += await send(total / 4)
    samples.push([sent, rss(), await heap()])
  }
  child.kill()
  await new Promise((r) => child.once('exit', r))
  return samples
}

const results = { raw: await run('raw'), phial: await run('phial') }
const pct = (x, base) => `${(((x - base) / base) * 100).toFixed(1)} %`
const rows = results.phial.map(([n, rss, heap], i) => {
  const [, rawRss] = results.raw[i] ?? []
  return [
    num(n),
    rawRss === undefined ? '–' : `${rawRss.toFixed(1)} (${pct(rawRss, results.raw[0][1])})`,
    `${rss.toFixed(1)} (${pct(rss, results.phial[0][1])})`,
    `${heap.toFixed(2)} (${pct(heap, results.phial[0][2])})`,
  ]
})
const text = `# Memory across ${num(total)} requests, ${stamp()}\n\n${environment()}. Node flags: ${opt['node-flags'] || 'none'}. After a ${num(Number(opt.warmup))}-request warm-up; text, params + query and JSON bodies in turn. MB (change since the first sample).\n\n${table(
  ['requests after warm-up', 'raw RSS', 'phial RSS', 'phial heap after GC'],
  rows,
)}\n`
console.log(text)
const dir = new URL('../results/', import.meta.url)
mkdirSync(dir, { recursive: true })
writeFileSync(new URL(`memory-${stamp()}.md`, dir), text)
