// Times one router on every case, in a fresh process: node bench/router/worker.mjs <router> <ms per case>
import { hrtime } from 'node:process'
import { CASES, ROUTERS, ROUTES } from './_routers.mjs'

const [name, ms = '400'] = process.argv.slice(2)
const { lookup } = await ROUTERS[name](ROUTES)
let sink // every result lands here, so V8 cannot drop the lookups

/** Runs `n` passes over `cases`; returns nanoseconds. */
const pass = (cases, n) => {
  const t0 = hrtime.bigint()
  for (let i = 0; i < n; i++) for (let j = 0; j < cases.length; j++) sink = lookup(cases[j][0], cases[j][1])
  return Number(hrtime.bigint() - t0)
}

/** Doubles `n` until a pass takes 50 ms, then scales it to `target` ms. */
const calibrate = (cases, target) => {
  let n = 1
  let ns = pass(cases, n)
  while (ns < 50e6) {
    n *= 2
    ns = pass(cases, n)
  }
  return Math.max(1, Math.round((n * target * 1e6) / ns))
}

// Warm every case first, so each is timed with the same (mixed) type feedback a server would see.
const sizes = Object.fromEntries(Object.entries(CASES).map(([c, cases]) => [c, calibrate(cases, Number(ms))]))
const out = {}
for (const [c, cases] of Object.entries(CASES))
  out[c] = (sizes[c] * cases.length * 1e9) / pass(cases, sizes[c])
process.stdout.write(
  `${JSON.stringify({ router: name, opsPerSecond: out, sink: sink === undefined ? 0 : 1 })}\n`,
)
