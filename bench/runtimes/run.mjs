// phial beside Hono on Bun and on Deno: the same routes, each runtime's own server, both servers up
// at once and measured in turn (frameworks interleaved within each round), wrk pinned to core 1 and
// the servers to core 0. Ratios are medians of per-round ratios (paired cells, moments apart).
// Each framework runs as several processes, round r on copy r mod N, so one process's luck (a
// steady few per cent either way, from its code and heap layout) is not taken for the framework's.
// hono-checked is Hono with phial's body checks on the echo (apps.ts): a reference for the same work.
// Usage: node bench/runtimes/run.mjs [--rounds 6] [--duration 2] [--processes 3] [--runtimes bun,deno]
//        [--smoke]
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import {
  append,
  copiesFor,
  environment,
  num,
  pairedRatio,
  ratio,
  rotate,
  stamp,
  summarise,
  table,
} from '../_stats.mjs'
import { measure } from '../http/_load.mjs'
import { BAD_ECHOES } from '../http/_servers.mjs'
import { bundle, start, stop } from './_runtime.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const { values: opt } = parseArgs({
  options: {
    rounds: { type: 'string', default: '6' },
    processes: { type: 'string', default: '3' },
    duration: { type: 'string', default: '2' },
    runtimes: { type: 'string', default: 'bun,deno' },
    smoke: { type: 'boolean', default: false },
  },
})
const outDir = join(here, '..', 'results')
mkdirSync(outDir, { recursive: true })
const entry = join(outDir, 'runtimes-entry.js')
await bundle(join(here, 'entry.ts'), entry)

const SCENARIOS = {
  hello: { path: '/' },
  param: { path: '/user/42' },
  echo: { path: '/echo', method: 'POST', body: '{"hello":"world","n":[1,2,3]}' },
}
// hono-checked: Hono with the body checks phial's `req.json()` makes (apps.ts), a reference, not a peer.
const FRAMEWORKS = ['phial', 'hono', 'hono-checked']
const port = 3300

const copies = opt.smoke ? 1 : Math.max(1, Number(opt.processes))
const results = {}
for (const runtime of opt.runtimes.split(',')) {
  const servers = []
  for (let copy = 0; copy < copies; copy++) {
    for (const framework of FRAMEWORKS) {
      const at = port + servers.length
      servers.push({ framework, copy, port: at, child: await start(runtime, entry, framework, at) })
    }
  }
  const url = (srv, scenario) => `http://127.0.0.1:${srv.port}${scenario.path}`
  // phial and hono-checked must refuse the bad bodies alike (the same work) before anything is timed.
  const problems = []
  for (const srv of servers.filter((s) => s.framework !== 'hono')) {
    for (const bad of BAD_ECHOES) {
      const res = await fetch(`http://127.0.0.1:${srv.port}/echo`, {
        method: 'POST',
        body: bad.body,
        headers: { 'content-type': bad.type },
      })
      await res.arrayBuffer()
      if (res.status !== bad.status)
        problems.push(`${srv.framework} on ${runtime}, ${bad.why}: ${res.status}, want ${bad.status}`)
    }
  }
  if (problems.length > 0) throw new Error(`the echoes disagree, not timing:\n  ${problems.join('\n  ')}`)
  if (!opt.smoke)
    for (const srv of servers) for (const s of Object.values(SCENARIOS)) await measure(url(srv, s), s, 2) // warm-up
  for (let round = 0; round < (opt.smoke ? 1 : Number(opt.rounds)); round++) {
    const live = copiesFor(servers, round, copies)
    for (const [si, [name, scenario]] of Object.entries(SCENARIOS).entries()) {
      for (const srv of rotate(live, round + si)) {
        const { rps } = await measure(url(srv, scenario), scenario, opt.smoke ? 1 : Number(opt.duration))
        append(results, `${runtime} ${name}`, srv.framework, rps)
      }
    }
  }
  await stop(servers)
}

const rows = Object.entries(results).map(([cell, by]) => {
  const p = summarise(by.phial)
  const h = summarise(by.hono)
  return [
    cell,
    num(p.median),
    num(p.best),
    num(h.median),
    num(h.best),
    ratio(pairedRatio(by.phial, by.hono), 1),
    `${ratio(p.median, h.median)} (${ratio(p.best, h.best)})`,
    num(summarise(by['hono-checked']).median),
    ratio(pairedRatio(by.phial, by['hono-checked']), 1),
  ]
})
const text = `# phial and Hono on Bun and Deno, ${stamp()}\n\n${environment()}. ${opt.rounds} rounds × ${opt.duration} s per cell, ${copies} process(es) per framework (round r on copy r mod ${copies}), all up at once, frameworks interleaved in each round; paired = median of per-round ratios. hono-checked: Hono's echo making the checks phial's \`req.json()\` makes (415 and 413 before reading, then 400 for bad JSON); its GET routes are Hono's.\n\n${table(
  [
    'runtime / scenario',
    'phial median',
    'phial best',
    'hono median',
    'hono best',
    'phial ÷ hono, paired',
    'median ÷ median (best ÷ best)',
    'hono-checked median',
    'phial ÷ hono-checked, paired',
  ],
  rows,
)}\n`
console.log(text)
writeFileSync(join(outDir, `runtimes-${stamp()}.md`), text)
