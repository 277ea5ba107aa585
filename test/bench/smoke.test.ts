// Every bench runs once, briefly, so it keeps working: servers start, answers are verified alike,
// the load generator runs, the report is written. Timings are never judged here.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../..', import.meta.url))
const MINUTE = 60_000

/** Runs a bench script with `args`; resolves to its stdout (the Markdown report). */
async function bench(script: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const [cmd, ...rest] = script.endsWith('.sh')
    ? ['bash', script, ...args]
    : [process.execPath, script, ...args]
  const { stdout } = await run(cmd as string, rest, {
    cwd: root,
    env: { ...process.env, ...env },
    maxBuffer: 1 << 24,
    timeout: 4 * MINUTE,
  })
  return stdout
}

/** The row of `name` in a Markdown table: its cells, trimmed. */
function row(report: string, name: string): string[] {
  const line = report.split('\n').find((l) => l.startsWith(`| ${name} |`) || l.startsWith(`| \`${name}\``))
  expect(line, `no row for ${name} in:\n${report}`).toBeDefined()
  return (line as string)
    .split('|')
    .slice(1, -1)
    .map((c) => c.trim())
}

const positive = (cell: string | undefined) => Number((cell ?? '').replace(/[^\d.]/g, '')) > 0

describe('benches (smoke: they run, nothing is judged)', () => {
  // The bench servers import the built package, as a user's app would.
  beforeAll(async () => {
    await run('npm', ['run', '--silent', 'build'], { cwd: root, timeout: 2 * MINUTE })
  }, 2 * MINUTE)

  it(
    'http: verifies every scenario on every framework, then loads two',
    async () => {
      const report = await bench('bench/http/run.mjs', ['--smoke', '--only', 'hello,echo'])
      for (const f of ['raw', 'raw-routed', 'phial', 'fastify', 'hono', 'h3', 'koa', 'express']) {
        const cells = row(report, f)
        expect(positive(cells[1]), `${f} req/s`).toBe(true)
        expect(positive(cells[11]), `${f} user µs/req`).toBe(true)
      }
      expect(report).toContain('## Summary (paired ratios)')
      // raw's user CPU per request over phial's, a ratio near 1 (the control's column is '–' here).
      for (const name of ['raw ÷ phial user CPU', 'phial ÷ raw-routed']) {
        const column = row(report, 'scenario').indexOf(name)
        expect(column, name).toBeGreaterThan(0)
        expect(positive(row(report, 'hello: GET /')[column]), name).toBe(true)
      }
    },
    4 * MINUTE,
  )

  it(
    'http A/B: two server files on a malformed body, paired, the 400s counted',
    async () => {
      const report = await bench('bench/http/ab.mjs', [
        '--path',
        '/echo',
        '--body',
        '{"a":',
        '--rounds',
        '1',
        '--seconds',
        '1',
        'raw=bench/http/raw.mjs',
        'phial=bench/http/phial.mjs',
      ])
      for (const name of ['raw', 'phial']) {
        const cells = row(report, name)
        expect(positive(cells[1]), `${name} req/s`).toBe(true)
        expect(positive(cells[7]), `${name} non-2xx`).toBe(true)
      }
      expect(row(report, 'raw')[4]).toBe('1.000')
    },
    2 * MINUTE,
  )

  it(
    'router: every router answers alike, lookups are counted',
    async () => {
      const report = await bench('bench/router/run.mjs', ['--rounds', '1', '--ms', '20'])
      expect(report).toMatch(/phial/)
      expect(report).toMatch(/find-my-way/)
    },
    4 * MINUTE,
  )

  it(
    'startup: import, 1,000 routes and the first request',
    async () => {
      const report = await bench('bench/startup/run.mjs', ['--runs', '1', '--routes', '0,1000'])
      expect(report).toMatch(/1,000|1000/)
    },
    4 * MINUTE,
  )

  it(
    'runtimes: phial and Hono on Bun and Deno',
    async () => {
      const report = await bench('bench/runtimes/run.mjs', ['--smoke'])
      for (const cell of ['bun hello', 'bun echo', 'deno hello', 'deno echo']) {
        expect(positive(row(report, cell)[1]), cell).toBe(true)
        expect(positive(row(report, cell)[8]), `${cell}: phial ÷ hono-checked`).toBe(true)
      }
    },
    4 * MINUTE,
  )

  it(
    'runtimes parts: the Deno echo taken apart, CPU per request of each part',
    async () => {
      const report = await bench('bench/runtimes/parts.mjs', ['--smoke'])
      for (const part of ['hono', 'phial-native', 'phial-headers', 'phial']) {
        const cells = row(report, part)
        expect(positive(cells[2]), `${part} CPU µs/request`).toBe(true)
        expect(positive(cells[5]), `${part} req/s`).toBe(true)
      }
      expect(row(report, 'phial-headers')[4], 'a difference from the row above').toMatch(/^[+-]\d/)
    },
    4 * MINUTE,
  )

  it(
    'runtimes headers: what a header read costs on Deno, no framework',
    async () => {
      const report = await bench('bench/runtimes/headers.mjs', ['--smoke'])
      for (const way of ['none', 'json', 'getter', 'content-type', 'both', 'entries']) {
        const cells = row(report, way)
        expect(positive(cells[2]), `${way} CPU µs/request`).toBe(true)
        expect(positive(cells[5]), `${way} requests per CPU-second`).toBe(true)
      }
      expect(row(report, 'both')[4], 'a difference from none').toMatch(/^[+-]\d/)
    },
    4 * MINUTE,
  )

  it(
    'memory: RSS and heap samples across a few thousand requests',
    async () => {
      const report = await bench('bench/memory/run.mjs', [
        '--requests',
        '4000',
        '--warmup',
        '1000',
        '--node-flags=--min-semi-space-size=16 --max-semi-space-size=16',
      ])
      expect(report).toMatch(/phial heap after GC/)
      expect(report).toContain('Node flags: --min-semi-space-size=16 --max-semi-space-size=16')
    },
    4 * MINUTE,
  )

  it(
    'alloc: bytes per request of raw, raw-routed and phial on the echo, from the GC trace',
    async () => {
      const report = await bench('bench/memory/alloc.mjs', [
        '--path',
        '/echo',
        '--body',
        '{"a":[1,2,3]}',
        '--requests',
        '3000',
        '--warmup',
        '500',
        'raw',
        'raw-routed',
        'phial',
      ])
      expect(report).toContain('POST /echo')
      for (const name of ['raw', 'raw-routed', 'phial']) {
        expect(positive(row(report, name)[1]), `${name} bytes per request`).toBe(true)
        expect(positive(row(report, name)[2]), `${name} GCs`).toBe(true)
      }
    },
    2 * MINUTE,
  )

  it(
    'typecheck: tsc on one route and on the 203 GitHub routes',
    async () => {
      const report = await bench('bench/typecheck/run.mjs', [])
      expect(report).toMatch(/203/)
    },
    4 * MINUTE,
  )

  it(
    'overhead: phial beside a hand-written handler on mock objects',
    async () => {
      const report = await bench('bench/overhead/run.mjs', ['/', '/user/42'])
      expect(positive(row(report, '/user/42')[2])).toBe(true)
    },
    4 * MINUTE,
  )

  it(
    'cache: a page uncached and answered from the cache, on mock objects',
    async () => {
      const report = await bench('bench/cache/run.mjs', ['--requests', '200', '--rounds', '1'], {
        REDIS_URL: '',
      })
      for (const path of ['/trivial', '/page', '/cached/memory'])
        expect(positive(row(report, path)[1])).toBe(true)
    },
    4 * MINUTE,
  )

  it(
    'overhead: the echo beside a hand-written one on a real Readable',
    async () => {
      const report = await bench('bench/overhead/echo.mjs', ['--requests', '2000', '--rounds', '1'])
      const cells = row(report, 'POST /echo')
      expect(positive(cells[1]) && positive(cells[2])).toBe(true)
    },
    4 * MINUTE,
  )

  it(
    'instructions: valgrind counts a server’s instructions per request',
    async () => {
      const report = await bench('bench/instructions/run.sh', ['phial'], {
        N1: '100',
        N2: '300',
        BENCH_PATH: '/echo',
        BENCH_BODY: '{"a":1}',
      })
      expect(report).toContain('(/echo)')
      expect(positive(row(report, 'phial')[1])).toBe(true)
    },
    4 * MINUTE,
  )
})
