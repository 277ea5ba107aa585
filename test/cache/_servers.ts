// Real redis-server and memcached (Debian's) as child processes on free ports, for the store tests.
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { accepts, freePort } from '../deploy/_proxies.ts'

export const REDIS = '/usr/bin/redis-server'
export const MEMCACHED = '/usr/bin/memcached'

// As test/deploy does for nginx: a developer machine without the binary skips the file with a
// warning; under CI (CI set) it runs and fails if the binary is missing. .ci/run installs both.
/** Whether to skip the calling file (warning that it does): `binary` is missing and CI is not set. */
export function skipWithout(binary: string, apt: string): boolean {
  const skip = !existsSync(binary) && !process.env.CI
  if (skip) console.warn(`skipping: no ${binary} (apt-get install -y ${apt})`)
  return skip
}

/** A running server: its port, and how to stop it (and start it again on the same port). */
export interface ServerProcess {
  port: number
  stop(): Promise<void>
  restart(): Promise<void>
}

function launch(kind: 'redis' | 'memcached', port: number): ChildProcess {
  if (kind === 'redis') {
    // No persistence: nothing is written to disk, and nothing survives a restart.
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']
    return spawn(REDIS, args, { stdio: 'ignore' })
  }
  // memcached refuses to run as root without -u.
  const user = process.getuid?.() === 0 ? ['-u', 'root'] : []
  return spawn(MEMCACHED, ['-p', String(port), '-U', '0', '-l', '127.0.0.1', ...user], { stdio: 'ignore' })
}

/** Starts `kind` on a free port and waits until it accepts connections. */
export async function startServer(kind: 'redis' | 'memcached'): Promise<ServerProcess> {
  const port = await freePort()
  let child: ChildProcess
  const up = async () => {
    child = launch(kind, port)
    for (let i = 0; i < 100; i++) {
      if (child.exitCode !== null) throw new Error(`${kind} exited with ${child.exitCode} on port ${port}`)
      if (await accepts(port)) return
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error(`${kind} did not start on port ${port}`)
  }
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }
  await up()
  const restart = async () => {
    await stop()
    await up()
  }
  return { port, stop, restart }
}
