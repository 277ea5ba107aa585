// HTTP throughput: every framework serves the same scenarios; rounds interleave the frameworks.
// Usage: node bench/http/run.mjs [--rounds 12] [--duration 2] [--processes 3] [--only hello,deep]
//        [--frameworks raw,phial] [--no-control] [--smoke]
// Ratios are paired: each round measures every server on a scenario moments apart, the ratio is taken
// within the round, and the median over rounds is reported (median ÷ median and best ÷ best beside it).
// Each framework runs as several processes and round r uses copy r mod N of every framework: one
// process of the very same server can be steadily 5 % faster or slower than another (code and heap
// layout differ per process), so a single process per framework would measure that luck.
import { mkdirSync, writeFileSync } from 'node:fs'
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
import { CONNECTIONS, cpuTimes, loader, measure, pin } from './_load.mjs'
import { CONTROL, FRAMEWORKS, PEERS, ROUTED, SCENARIOS, startServer, verify } from './_servers.mjs'

const { values: opt } = parseArgs({
  options: {
    rounds: { type: 'string', default: '12' },
    duration: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '1' },
    processes: { type: 'string', default: '3' },
    only: { type: 'string' },
    frameworks: { type: 'string' },
    port: { type: 'string', default: '3100' },
    smoke: { type: 'boolean', default: false },
    'no-control': { type: 'boolean', default: false },
  },
})
const list = (s, all) => (s ? s.split(',').filter(Boolean) : all)
const scenarios = list(opt.only, Object.keys(SCENARIOS))
const frameworks = list(opt.frameworks, FRAMEWORKS)
// The A/A control runs beside raw unless asked not to (or in a smoke run, which judges nothing).
if (frameworks.includes('raw') && !opt['no-control'] && !opt.smoke) frameworks.push(CONTROL)
const rounds = opt.smoke ? 1 : Number(opt.rounds)
const duration = opt.smoke ? 1 : Number(opt.duration)
const warmup = opt.smoke ? 0 : Number(opt.warmup)
const copies = opt.smoke ? 1 : Math.max(1, Number(opt.processes))
for (const s of scenarios)
  if (!SCENARIOS[s]) throw new Error(`unknown scenario "${s}"; known: ${Object.keys(SCENARIOS)}`)
for (const f of frameworks)
  if (!FRAMEWORKS.includes(f) && f !== CONTROL)
    throw new Error(`unknown framework "${f}"; known: ${FRAMEWORKS}`)

const log = (msg) => process.stderr.write(`${msg}\n`)
const servers = []
const stop = () => {
  for (const s of servers) s.child.kill()
}
process.on('exit', stop)
process.on('SIGINT', () => process.exit(130))

const cell = async (srv, name, seconds) => {
  const s = SCENARIOS[name]
  if (srv.child.exitCode !== null) throw new Error(`${srv.name} server died (exit ${srv.child.exitCode})`)
  let r
  try {
    const before = cpuTimes(srv.child.pid)
    r = await measure(`http://127.0.0.1:${srv.port}${s.path}`, s, seconds)
    const after = cpuTimes(srv.child.pid)
    r.perCPU = r.requests / (after.user + after.system - before.user - before.system)
    r.userUs = ((after.user - before.user) * 1e6) / r.requests
  } catch (error) {
    // One bad cell (a load-generator hiccup) should not throw away the other rounds: note it, go on.
    log(`  ! ${srv.name} ${name}: ${error.message}`)
    return { rps: Number.NaN, perCPU: Number.NaN, userUs: Number.NaN, p99: Number.NaN, non2xx: 0 }
  }
  const bad = (s.status ?? 200) === 200 && r.non2xx > 0
  if (bad) log(`  ! ${srv.name} ${name}: ${r.non2xx} non-2xx responses`)
  return r
}

log(
  `starting ${frameworks.join(', ')}, ${copies} process(es) each (servers on core 0, ${loader} on core 1${pin(0).length ? '' : ': no taskset, unpinned'})`,
)
for (let copy = 0; copy < copies; copy++) {
  for (const f of frameworks) {
    const srv = await startServer(f, Number(opt.port) + servers.length)
    servers.push({ ...srv, copy })
  }
}
// A smoke run still verifies every scenario (cheap: one request each), whatever --only says.
const verified = opt.smoke ? Object.keys(SCENARIOS) : scenarios
await verify(servers, verified)
log(`verified: ${verified.length} scenarios answer alike on ${servers.length} server processes`)
if (warmup) {
  log(`warming up: ${warmup} s per server and scenario`)
  for (const srv of servers) for (const name of scenarios) await cell(srv, name, warmup)
}

const samples = {} // samples[scenario][framework] = [{ rps, p99 }]
for (let round = 0; round < rounds; round++) {
  log(`round ${round + 1}/${rounds}`)
  const live = copiesFor(servers, round, copies)
  for (const [si, name] of scenarios.entries()) {
    for (const srv of rotate(live, round + si)) {
      const r = await cell(srv, name, duration)
      append(samples, name, srv.name, r)
    }
  }
}
stop()

const report = [
  `# HTTP throughput, ${new Date().toISOString().slice(0, 16)}`,
  '',
  `${environment()}. ${loader} -c${CONNECTIONS}, ${rounds} round(s) × ${duration} s per cell, frameworks interleaved; ${copies} process(es) per framework, round r on copy r mod ${copies}.`,
  'Paired: the median over rounds of the ratio within each round (cells moments apart), the robust figure.',
  'Beside it: median ÷ median (best ÷ best). Best peer = fastify/hono/h3/koa/express with the highest median.',
  `${CONTROL}: a second raw node:http server (A/A control); its ratio to raw is this run's noise floor.`,
  `${ROUTED}: raw's server routing every request with phial's Router among the same 208 routes, its echo an async handler awaiting a promise of the body (raw with the work every framework does).`,
  'req/CPU-s: requests per CPU-second the server used (median). user µs/req: the user-space CPU time of a request',
  '(median), without the kernel, whose socket work is the same for every server; raw ÷ phial user CPU is the paired',
  `ratio of raw's to phial's, so like the others it reads below 1 where phial costs more; raw ÷ ${CONTROL} user CPU is its noise floor.`,
]
const summary = []
const sections = []
for (const name of scenarios) {
  const s = SCENARIOS[name]
  const rps = (f) => samples[name][f].map((x) => x.rps)
  const user = (f) => samples[name][f].map((x) => x.userUs)
  const stats = Object.fromEntries(
    frameworks.map((f) => {
      const xs = samples[name][f].filter((x) => !Number.isNaN(x.rps))
      const perCPU = summarise(xs.map((x) => x.perCPU)).median
      const userUs = summarise(xs.map((x) => x.userUs)).median
      const p99 = summarise(xs.map((x) => x.p99)).median
      return [f, { ...summarise(xs.map((x) => x.rps)), p99, perCPU, userUs }]
    }),
  )
  const peer = PEERS.filter((p) => stats[p]).sort((a, b) => stats[b].median - stats[a].median)[0]
  const paired = (f, g) => (stats[g] ? ratio(pairedRatio(rps(f), rps(g)), 1) : '–')
  const vs = (f, g) =>
    stats[g] ? `${ratio(stats[f].median, stats[g].median)} (${ratio(stats[f].best, stats[g].best)})` : '–'
  const rows = frameworks.map((f) => [
    f,
    num(stats[f].median),
    num(stats[f].best),
    `${stats[f].spread.toFixed(0)} %`,
    stats[f].p99.toFixed(2),
    paired(f, 'raw'),
    vs(f, 'raw'),
    paired(f, peer),
    vs(f, peer),
    num(stats[f].perCPU),
    ratio(stats[f].perCPU, stats.raw?.perCPU),
    stats[f].userUs.toFixed(2),
  ])
  if (stats.phial) {
    summary.push([
      `${name}: ${s.method ?? 'GET'} ${s.path}`,
      paired('phial', 'raw'),
      paired('phial', ROUTED),
      stats[CONTROL] ? paired(CONTROL, 'raw') : '–',
      peer ? `${paired('phial', peer)} (${peer})` : '–',
      paired('phial', 'fastify'),
      paired('phial', 'express'),
      stats.raw ? ratio(pairedRatio(user('raw'), user('phial')), 1) : '–',
      stats.raw && stats[CONTROL] ? ratio(pairedRatio(user('raw'), user(CONTROL)), 1) : '–',
    ])
  }
  sections.push('', `## ${name}: ${s.method ?? 'GET'} ${s.path}`, '')
  sections.push(
    table(
      [
        'framework',
        'median req/s',
        'best req/s',
        'spread',
        'p99 ms',
        '× raw paired',
        '× raw',
        `× ${peer ?? 'peer'} paired`,
        `× ${peer ?? 'peer'}`,
        'req/CPU-s',
        'CPU × raw',
        'user µs/req',
      ],
      rows,
    ),
  )
}
if (summary.length) {
  report.push('', '## Summary (paired ratios)', '')
  report.push(
    table(
      [
        'scenario',
        'phial ÷ raw',
        `phial ÷ ${ROUTED}`,
        `${CONTROL} ÷ raw`,
        'phial ÷ best peer',
        'phial ÷ Fastify',
        'phial ÷ Express',
        'raw ÷ phial user CPU',
        `raw ÷ ${CONTROL} user CPU`,
      ],
      summary,
    ),
  )
}
report.push(...sections)
const text = `${report.join('\n')}\n`
process.stdout.write(text)
const dir = new URL('../results/', import.meta.url)
mkdirSync(dir, { recursive: true })
const file = new URL(`http-${stamp()}${opt.smoke ? '-smoke' : ''}.md`, dir)
writeFileSync(file, text)
log(`saved ${file.pathname}`)
