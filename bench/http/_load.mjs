// Drives the load generator: wrk pinned to core 1 when present, else autocannon (CI smoke).
import { execFile, execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
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
const MS = { us: 1e-3, ms: 1, s: 1e3, m: 6e4, h: 3.6e6 }

const wrk = async (url, { body }, seconds) => {
  const args = ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', ...(body ? ['-s', LUA] : []), url]
  const env = { ...process.env, WRK_BODY: body ?? '' }
  const [cmd, ...rest] = [...pin(1), 'wrk', ...args]
  const { stdout } = await run(cmd, rest, { env })
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(stdout)
  const p99 = /^\s*99%\s+([\d.]+)(us|ms|s|m|h)\s*$/m.exec(stdout)
  if (!rps || !p99) throw new Error(`unexpected wrk output for ${url}:\n${stdout}`)
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0)
  const errors = /Socket errors: (.*)/.exec(stdout)?.[1]
  const requests = Number(/(\d+) requests in/.exec(stdout)?.[1])
  return { rps: Number(rps[1]), requests, p99: p99[1] * MS[p99[2]], non2xx, errors }
}

const autocannon = async (url, { method = 'GET', body }, seconds) => {
  const args = [AUTOCANNON, '-j', '-c', String(CONNECTIONS), '-d', String(seconds), '-m', method]
  if (body) args.push('-b', body, '-H', 'content-type=application/json')
  const [cmd, ...rest] = [...pin(1), process.execPath, ...args, url]
  const r = JSON.parse((await run(cmd, rest, { maxBuffer: 1 << 24 })).stdout)
  return {
    rps: r.requests.average,
    requests: r.requests.total,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors ? `${r.errors}` : undefined,
  }
}

/**
 * CPU seconds a process has used, `{ user, system }`, from /proc; `NaN`s where there is no /proc.
 * Requests per CPU-second barely move when other tenants steal the core, unlike requests per second.
 * User time is the server's own work (JavaScript, V8, Node's C++); system time is the kernel's socket
 * work, which strace shows is the same for every server here (one `read`, one `writev` a request).
 */
export const cpuTimes = (pid) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    // utime and stime, in USER_HZ ticks (100 on Linux).
    return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 }
  } catch {
    return { user: Number.NaN, system: Number.NaN }
  }
}

/** Loads `url` for `seconds` with the request described by `{ method, body }`. */
export const measure = (url, request, seconds) => (loader === 'wrk' ? wrk : autocannon)(url, request, seconds)
