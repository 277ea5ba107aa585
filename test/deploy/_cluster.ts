// examples/deploy/cluster.ts run for real: copied into a temporary directory with its `./app.ts`
// import pointed at _cluster-app.ts, and started with tsx as a child process (the primary).
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { example } from './_docs.ts'
import { freePort, killGroup, substitute } from './_proxies.ts'

const ROOT = join(import.meta.dirname, '..', '..')

export interface ClusterProcess {
  port: number
  primary: ChildProcess
  /** What the primary and its workers wrote, stdout and stderr. */
  output(): string
  /** Resolves with the primary's exit code (or signal) once it has exited. */
  exited: Promise<number | NodeJS.Signals | null>
  /** Kills the primary and its workers if still running, and removes the directory. */
  kill(): Promise<void>
}

/** Starts the documented cluster with two workers; resolves once both listen. */
export async function startCluster(env: Record<string, string> = {}): Promise<ClusterProcess> {
  const app = pathToFileURL(join(import.meta.dirname, '_cluster-app.ts')).href
  const server = substitute(example('cluster.ts'), "from './app.ts'", `from '${app}'`)
  const dir = mkdtempSync(join(tmpdir(), 'phial-cluster-'))
  const file = join(dir, 'server.mts')
  writeFileSync(file, server)
  const port = await freePort()
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), WEB_CONCURRENCY: '2', ...env }
  if (env.SECRET_KEY === undefined) delete childEnv.SECRET_KEY
  // Its own process group, so that kill() reaches workers a failed test left behind.
  const primary = spawn(process.execPath, ['--import', 'tsx', '--conditions=phial-source', file], {
    cwd: ROOT,
    env: childEnv,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  let listening = 0
  let ready: () => void = () => {}
  const started = new Promise<void>((resolve) => (ready = resolve))
  const collect = (data: Buffer) => {
    output += data
    listening = output.split(`Running on http://127.0.0.1:${port} `).length - 1
    if (listening >= 2) ready()
  }
  primary.stdout?.on('data', collect)
  primary.stderr?.on('data', collect)
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    primary.once('exit', (code, signal) => resolve(code ?? signal)),
  )
  // A test that never reached its afterAll leaves no worker running.
  const killOnExit = () => {
    killGroup(primary, 'SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
  process.once('exit', killOnExit)
  const kill = async () => {
    killGroup(primary, 'SIGKILL') // workers the primary left behind too
    await exited
    process.off('exit', killOnExit)
    rmSync(dir, { recursive: true, force: true })
  }
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 15_000).unref())
  if ((await Promise.race([started, exited.then(() => 'exited' as const), timeout])) !== undefined) {
    await kill()
    throw new Error(`the cluster did not start (${listening} of 2 workers listening):\n${output}`)
  }
  return { port, primary, output: () => output, exited, kill }
}

/** Whether a process is still running. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
