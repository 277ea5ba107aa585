// A paired A/B of server files on one request: each file runs in its own process (core 0), the load
// generator (core 1) visits them in turn, round after round, and each variant's requests per second
// are divided by the first's from the same round. For trying a change (copy the built package, edit,
// compare) and for requests the main bench does not time, such as a flood of malformed bodies.
// Usage: node bench/http/ab.mjs [--path /echo] [--method POST] [--body '{"a":'] [--rounds 8] [--seconds 2]
//          name=server.mjs name2=other.mjs …   (a body is sent as application/json)
// Each server file takes its port as its first argument (as the bench/http servers do). Answers that
// are not 2xx are timed too (the point of a bad-input A/B); the report counts them.
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { environment, num, pairedRatio, summarise, table } from '../_stats.mjs'
import { loader, measure } from './_load.mjs'
import { startServer } from './_servers.mjs'

const { values: opt, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    path: { type: 'string', default: '/' },
    method: { type: 'string' },
    body: { type: 'string' },
    rounds: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '2' },
  },
})
if (positionals.length < 2 || positionals.some((p) => !p.includes('='))) {
  console.error('usage: node bench/http/ab.mjs [options] name=server.mjs name2=other.mjs …')
  process.exit(2)
}
const rounds = Number(opt.rounds)
const seconds = Number(opt.seconds)
const request = {
  method: opt.method ?? (opt.body === undefined ? 'GET' : 'POST'),
  path: opt.path,
  body: opt.body,
}

const variants = []
try {
  for (const [i, spec] of positionals.entries()) {
    const name = spec.slice(0, spec.indexOf('='))
    const server = await startServer(name, 3600 + i, resolve(spec.slice(spec.indexOf('=') + 1)))
    variants.push({ ...server, rps: [], non2xx: 0 })
  }
  const url = (v) => `http://127.0.0.1:${v.port}${request.path}`
  for (const v of variants) await measure(url(v), request, 1) // warm-up
  for (let r = 0; r < rounds; r++) {
    // Alternate the order so no variant always runs right after the same other one.
    const order = r % 2 === 0 ? variants : [...variants].reverse()
    for (const v of order) {
      const cell = await measure(url(v), request, seconds)
      v.rps.push(cell.rps)
      v.non2xx += cell.non2xx
    }
  }
} finally {
  for (const v of variants) v.child.kill()
}

const base = variants[0]
const rows = variants.map((v) => {
  const s = summarise(v.rps)
  const ratios = v.rps.map((x, i) => x / base.rps[i])
  return [
    v.name,
    num(s.median),
    num(s.best),
    `${s.spread.toFixed(0)} %`,
    pairedRatio(v.rps, base.rps).toFixed(3),
    `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`,
    (s.best / summarise(base.rps).best).toFixed(3),
    v.non2xx === 0 ? '0' : num(v.non2xx),
  ]
})
console.log(
  `${request.method} ${request.path}${request.body === undefined ? '' : ` with ${JSON.stringify(request.body)}`}. ${environment()}. ${loader}, ${rounds} round(s) × ${seconds} s, paired against ${base.name}.\n`,
)
console.log(
  table(
    [
      'variant',
      'req/s median',
      'req/s best',
      'spread',
      `÷ ${base.name} (paired median)`,
      'range',
      'best ÷ best',
      'non-2xx',
    ],
    rows,
  ),
)
