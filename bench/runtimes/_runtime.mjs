// What the runtime benches share: the Bun and Deno binaries from node_modules, the bundle of an
// entry file, and a server started on core 0 that answers `GET /` before it is measured.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { build } from 'esbuild'
import { pin } from '../http/_load.mjs'

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
    conditions: ['source'],
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
