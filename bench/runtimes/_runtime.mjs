// What the runtime benches share: the Bun and Deno binaries from node_modules, the bundle of an
// entry file, and a server started on core 0 that answers `GET /` before it is measured.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { build } from 'esbuild'
import { rotate } from '../_stats.mjs'
import { cpuTimes, measure, pin } from '../http/_load.mjs'

const require = createRequire(import.meta.url)

/** The path of `bun` or `deno` as npm installed it. */
export const binary = (runtime) => {
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

/** Bundles `entry` (TypeScript, phial from source) into one ES module both runtimes load. */
export const bundle = (entry, outfile) =>
  build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['phial-source'],
    mainFields: ['module', 'main'],
    external: ['node:*'],
    logLevel: 'warning',
  })

/** Starts `file name port` on `runtime`, pinned to core 0; resolves to the child once `GET /` is 200. */
export async function start(runtime, file, name, port) {
  const cmd =
    runtime === 'bun'
      ? [binary('bun'), file, name, String(port)]
      : [binary('deno'), 'run', '-A', file, name, String(port)]
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
  throw new Error(`${name} on ${runtime} did not start`)
}

/** Kills the servers and waits until they are gone. */
export async function stop(servers) {
  for (const srv of servers) {
    srv.child.kill()
    await new Promise((r) => (srv.child.exitCode === null ? srv.child.once('exit', r) : r()))
  }
}

/** The JSON echo both CPU benches (parts.mjs, headers.mjs) time. */
export const ECHO = { path: '/echo', method: 'POST', body: '{"hello":"world","n":[1,2,3]}' }

/**
 * Starts one server of `file` per name on `runtime`, checks that each echoes ECHO's body as it came
 * (`check(response, text)` may add to that), then times the echo in interleaved rounds, rotated each
 * round, after a warm-up. Resolves to the CPU µs (user + system, every thread, from /proc) and the
 * requests/s of each round, by name; the servers are stopped.
 */
export async function echoCPU(runtime, file, names, { basePort, rounds, seconds, warmUp, check }) {
  const servers = []
  for (const name of names) {
    const port = basePort + servers.length
    servers.push({ name, port, child: await start(runtime, file, name, port) })
  }
  const url = (srv) => `http://127.0.0.1:${srv.port}${ECHO.path}`
  try {
    for (const srv of servers) {
      const res = await fetch(url(srv), {
        method: 'POST',
        body: ECHO.body,
        headers: { 'content-type': 'application/json' },
      })
      const text = await res.text()
      if (res.status !== 200 || text !== ECHO.body || (check !== undefined && !check(res)))
        throw new Error(`${srv.name} echoes ${res.status} ${text}, not timing`)
    }
    if (warmUp) for (const srv of servers) await measure(url(srv), ECHO, seconds)
    const cpu = Object.fromEntries(names.map((name) => [name, []]))
    const rps = Object.fromEntries(names.map((name) => [name, []]))
    for (let round = 0; round < rounds; round++) {
      for (const srv of rotate(servers, round)) {
        const before = cpuTimes(srv.child.pid)
        const r = await measure(url(srv), ECHO, seconds)
        const after = cpuTimes(srv.child.pid)
        cpu[srv.name].push(((after.user - before.user + (after.system - before.system)) * 1e6) / r.requests)
        rps[srv.name].push(r.rps)
      }
    }
    return { cpu, rps }
  } finally {
    await stop(servers)
  }
}
