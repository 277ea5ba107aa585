// Drives the load generator: wrk pinned to core 1 when present, else autocannon (CI smoke).
import { execFile, execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const has = (cmd) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

export const CONNECTIONS = 50
export const loader = process.env.BENCH_LOADER ?? (has('wrk') ? 'wrk' : 'autocannon')
/** `taskset -c N` prefix when pinning is possible (2+ cores and taskset installed). */
export const pin = (core) => (has('taskset') ? ['taskset', '-c', String(core)] : [])

const LUA = fileURLToPath(new URL('post.lua', import.meta.url))
const AUTOCANNON = fileURLToPath(new URL('../../node_modules/autocannon/autocannon.js', import.meta.url))
const MS = { us: 1e-3, ms: 1, s: 1e3 }

const wrk = async (url, { method = 'GET', body }, seconds) => {
  const args = ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', ...(body ? ['-s', LUA] : []), url]
  const env = { ...process.env, WRK_BODY: body ?? '' }
  const [cmd, ...rest] = [...pin(1), 'wrk', ...args]
  const { stdout } = await run(cmd, rest, { env })
  if (method !== 'GET' && !body) throw new Error(`wrk: ${method} needs a body`)
  const p99 = /^\s*99%\s+([\d.]+)(us|ms|s)$/m.exec(stdout)
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0)
  const errors = /Socket errors: (.*)/.exec(stdout)?.[1]
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)[1]),
    p99: p99[1] * MS[p99[2]],
    non2xx,
    errors,
  }
}

const autocannon = async (url, { method = 'GET', body }, seconds) => {
  const args = [AUTOCANNON, '-j', '-c', String(CONNECTIONS), '-d', String(seconds), '-m', method]
  if (body) args.push('-b', body, '-H', 'content-type=application/json')
  const [cmd, ...rest] = [...pin(1), process.execPath, ...args, url]
  const r = JSON.parse((await run(cmd, rest, { maxBuffer: 1 << 24 })).stdout)
  return {
    rps: r.requests.average,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors ? `${r.errors}` : undefined,
  }
}

/** Loads `url` for `seconds` with the request described by `{ method, body }`. */
export const measure = (url, request, seconds) => (loader === 'wrk' ? wrk : autocannon)(url, request, seconds)
