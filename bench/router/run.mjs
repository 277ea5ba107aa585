// Router lookups/s on the GitHub routes: verify all routers agree, then time each in fresh pinned
// processes, routers interleaved across rounds. Usage: node bench/router/run.mjs [--rounds 5] [--ms 400] [--routers a,b]
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual, parseArgs } from 'node:util'
import { append, environment, num, ratio, rotate, stamp, summarise, table } from '../_stats.mjs'
import { pin } from '../http/_load.mjs'
import { CASES, ROUTERS, ROUTES } from './_routers.mjs'

const { values: opt } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    ms: { type: 'string', default: '400' },
    routers: { type: 'string' },
  },
})
const names = opt.routers ? opt.routers.split(',') : Object.keys(ROUTERS)
const log = (msg) => process.stderr.write(`${msg}\n`)

// Every router must find the same route with the same params for every lookup, or timing is moot.
const built = await Promise.all(names.map((n) => ROUTERS[n](ROUTES)))
const problems = []
for (const [m, p] of Object.values(CASES).flat()) {
  const got = built.map((r) => r.read(r.lookup(m, p)))
  got.forEach((g, i) => {
    const want = got[0]
    // Routers that hand out null-prototype params objects still compare equal by entries.
    const same =
      g === want || (g && want && g.id === want.id && isDeepStrictEqual({ ...g.params }, { ...want.params }))
    if (!same)
      problems.push(`${m} ${p}: ${names[i]} ${JSON.stringify(g)}, ${names[0]} ${JSON.stringify(want)}`)
  })
}
if (problems.length) throw new Error(`routers disagree, not timing:\n  ${problems.join('\n  ')}`)
log(`verified: ${names.length} routers agree on ${Object.values(CASES).flat().length} lookups`)

const worker = fileURLToPath(new URL('worker.mjs', import.meta.url))
const samples = {} // samples[case][router] = [ops/s]
for (let round = 0; round < Number(opt.rounds); round++) {
  log(`round ${round + 1}/${opt.rounds}`)
  for (const name of rotate(names, round)) {
    const [cmd, ...args] = [...pin(0), process.execPath, worker, name, opt.ms]
    const { opsPerSecond } = JSON.parse(execFileSync(cmd, args).toString())
    for (const [c, ops] of Object.entries(opsPerSecond)) append(samples, c, name, ops)
  }
}

const report = [
  `# Router lookups, ${new Date().toISOString().slice(0, 16)}`,
  '',
  `${environment()}. ${ROUTES.length} GitHub routes, ${opt.rounds} rounds × ${opt.ms} ms per case, one pinned process per router and round.`,
  'Ratios: median ÷ median (best ÷ best) against the fastest other router by median.',
]
for (const [c, cases] of Object.entries(CASES)) {
  const stats = Object.fromEntries(names.map((n) => [n, summarise(samples[c][n])]))
  const rows = names.map((n) => {
    const rival = names.filter((o) => o !== n).sort((a, b) => stats[b].median - stats[a].median)[0]
    const vs = `${ratio(stats[n].median, stats[rival].median)} (${ratio(stats[n].best, stats[rival].best)}) ${rival}`
    return [n, num(stats[n].median), num(stats[n].best), `${stats[n].spread.toFixed(0)} %`, vs]
  })
  const what =
    cases.length === 1 ? `${cases[0][0]} ${cases[0][1]}` : `${cases.length} lookups, every route once`
  report.push(
    '',
    `## ${c}: ${what}`,
    '',
    table(['router', 'median ops/s', 'best ops/s', 'spread', '× fastest other'], rows),
  )
}
const text = `${report.join('\n')}\n`
process.stdout.write(text)
const dir = new URL('../results/', import.meta.url)
mkdirSync(dir, { recursive: true })
writeFileSync(new URL(`router-${stamp()}.md`, dir), text)
