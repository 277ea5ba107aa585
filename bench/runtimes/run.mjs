// phial beside Hono on Bun and on Deno: the same routes, each runtime's own server, frameworks
// interleaved across rounds, wrk pinned to core 1 and the server to core 0.
// Usage: node bench/runtimes/run.mjs [--rounds 3] [--duration 3] [--runtimes bun,deno]
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { build } from 'esbuild'
import { append, environment, num, ratio, rotate, stamp, summarise, table } from '../_stats.mjs'
import { measure, pin } from '../http/_load.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const { values: opt } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '3' },
    runtimes: { type: 'string', default: 'bun,deno' },
  },
})
const require = createRequire(import.meta.url)
const binary = (runtime) => {
  // Bun's postinstall moves its binary into the bun package; without it, the platform package has it.
  const candidates =
    runtime === 'bun' ? ['bun/bin/bun.exe', '@oven/bun-linux-x64/bin/bun'] : ['@deno/linux-x64-glibc/deno']
  for (const c of candidates) {
    const parts = c.split('/')
    const pkg = parts[0].startsWith('@') ? parts.splice(0, 2).join('/') : parts.splice(0, 1)[0]
    try {
      const file = join(dirname(require.resolve(`${pkg}/package.json`)), ...parts)
      if (existsSync(file)) return file
    } catch {}
  }
  throw new Error(`no ${runtime} binary: run npm ci`)
}

const outDir = join(here, '..', 'results')
mkdirSync(outDir, { recursive: true })
const bundle = join(outDir, 'runtimes-entry.js')
await build({
  entryPoints: [join(here, 'entry.ts')],
  outfile: bundle,
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  conditions: ['source'],
  mainFields: ['module', 'main'],
  external: ['node:*'],
  logLevel: 'warning',
})

const SCENARIOS = {
  hello: { path: '/' },
  param: { path: '/user/42' },
  echo: { path: '/echo', method: 'POST', body: '{"hello":"world","n":[1,2,3]}' },
}
const FRAMEWORKS = ['phial', 'hono']
const port = 3300

async function start(runtime, framework) {
  const cmd =
    runtime === 'bun'
      ? [binary('bun'), bundle, framework, String(port)]
      : [binary('deno'), 'run', '-A', bundle, framework, String(port)]
  const [exe, ...args] = [...pin(0), ...cmd]
  const child = spawn(exe, args, { stdio: 'ignore' })
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`)
      if (res.ok) return child
    } catch {}
    await new Promise((r) => setTimeout(r, 100))
  }
  child.kill()
  throw new Error(`${framework} on ${runtime} did not start`)
}

const results = {}
for (const runtime of opt.runtimes.split(',')) {
  for (let round = 0; round < Number(opt.rounds); round++) {
    for (const framework of rotate(FRAMEWORKS, round)) {
      const child = await start(runtime, framework)
      for (const [name, scenario] of Object.entries(SCENARIOS)) {
        const url = `http://127.0.0.1:${port}${scenario.path}`
        await measure(url, scenario, 1) // warm-up
        const { rps } = await measure(url, scenario, Number(opt.duration))
        append(results, `${runtime} ${name}`, framework, rps)
      }
      child.kill()
      await new Promise((r) => child.once('exit', r))
    }
  }
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
    `${ratio(p.median, h.median)} (${ratio(p.best, h.best)})`,
  ]
})
const text = `# phial and Hono on Bun and Deno, ${stamp()}\n\n${environment()}. ${opt.rounds} rounds × ${opt.duration} s per cell, frameworks interleaved.\n\n${table(
  [
    'runtime / scenario',
    'phial median',
    'phial best',
    'hono median',
    'hono best',
    'phial ÷ hono median (best)',
  ],
  rows,
)}\n`
console.log(text)
writeFileSync(join(outDir, `runtimes-${stamp()}.md`), text)
