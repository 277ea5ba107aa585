import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { arch, platform } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

const require = createRequire(import.meta.url)

/** The npm package that ships each runtime's binary for this machine, and where the binary sits in it. */
function platformBinary(runtime: Runtime): string | undefined {
  const os = platform()
  const cpu = arch()
  const candidates: Record<Runtime, string[]> = {
    bun: [
      `@oven/bun-${os}-${cpu === 'arm64' ? 'aarch64' : cpu}/bin/bun`,
      `@oven/bun-${os}-${cpu === 'arm64' ? 'aarch64' : cpu}-musl/bin/bun`,
    ],
    deno: [`@deno/${os}-${cpu}-glibc/deno`, `@deno/${os}-${cpu}/deno`],
    workerd: [`@cloudflare/workerd-${os}-${cpu === 'x64' ? '64' : cpu}/bin/workerd`],
  }
  for (const candidate of candidates[runtime]) {
    const [scope, name] = candidate.split('/')
    let dir: string
    try {
      dir = dirname(require.resolve(`${scope}/${name}/package.json`))
    } catch {
      continue
    }
    const file = join(dir, ...candidate.split('/').slice(2))
    if (existsSync(file)) return file
  }
  return undefined
}

/** A runtime the matrix starts as a child process, installed from npm as a dev dependency. */
export type Runtime = 'bun' | 'deno' | 'workerd'

/**
 * The runtime's binary. The platform package's copy is used when it is there, since it works whether
 * or not npm ran the wrapper package's postinstall (bun's moves the binary into `bun/bin`); otherwise
 * the `node_modules/.bin` entry. A missing binary throws, so the matrix fails loudly, never skips.
 */
export function binaryOf(runtime: Runtime): string {
  const found = platformBinary(runtime) ?? join(ROOT, 'node_modules', '.bin', runtime)
  if (!existsSync(found)) {
    throw new Error(
      `the ${runtime} binary is not installed (looked in its platform package and node_modules/.bin): ` +
        `run \`npm ci\`; the gateway matrix never skips a runtime (CI=${process.env.CI ?? 'unset'})`,
    )
  }
  return found
}

/** A started child: what it reported, and how to stop it. */
export interface Child<Report> {
  report: Report
  process: ChildProcess
  /** Everything the child wrote to stderr so far, for failure messages. */
  stderr(): string
  kill(): Promise<void>
}

/** Options of {@link startChild}. */
export interface StartOptions {
  /** Read the report from this file descriptor instead of stdout (workerd's `--control-fd`). @default 1 */
  reportFd?: 1 | 3
  /** @default 30_000 */
  timeout?: number
  cwd?: string
  /** Environment added to this process's. */
  env?: Record<string, string>
  /** Reads the report from one line of output. @default the first line that is a JSON object */
  match?: (line: string) => unknown
}

const firstJSON = (line: string): unknown => (line.trim().startsWith('{') ? JSON.parse(line) : undefined)

/**
 * Spawns a server process and waits for the first JSON line it prints, which says where it listens.
 * Fails with the child's stderr if it exits or stays silent.
 */
export function startChild<Report>(
  command: string,
  args: string[],
  options: StartOptions = {},
): Promise<Child<Report>> {
  const fd = options.reportFd ?? 1
  const stdio: Array<'ignore' | 'pipe'> =
    fd === 3 ? ['ignore', 'pipe', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe']
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    stdio,
    env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1', ...options.env },
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
  }
  const source = child.stdio[fd] as NodeJS.ReadableStream
  const label = `${command.split('/').pop()} ${args.join(' ')}`
  return new Promise((resolve, reject) => {
    let buffered = ''
    const timer = setTimeout(() => {
      void kill()
      reject(new Error(`${label} did not report its port within ${options.timeout ?? 30_000} ms\n${stderr}`))
    }, options.timeout ?? 30_000)
    const fail = (why: string) => {
      clearTimeout(timer)
      reject(new Error(`${label} ${why}\n${stderr}`))
    }
    child.once('error', (error) => fail(`could not start: ${error.message}`))
    const onExit = (code: number | null, signal: string | null) =>
      fail(`exited (${code ?? signal}) before reporting its port`)
    child.once('exit', onExit)
    source.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      const match = options.match ?? firstJSON
      const report = buffered
        .split('\n')
        .map((line) => match(line))
        .find((r) => r !== undefined)
      if (report === undefined) return
      clearTimeout(timer)
      child.off('exit', onExit)
      resolve({ report: report as Report, process: child, stderr: () => stderr, kill })
    })
  })
}
