// Real nginx and HAProxy as child processes, each with its configuration, logs, pid and temporary
// files in a directory of its own that stop() removes.
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { type AddressInfo, connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const NGINX = '/usr/sbin/nginx'
export const HAPROXY = '/usr/sbin/haproxy'

const missing = [NGINX, HAPROXY].filter((file) => !existsSync(file))

// As test/blog/browser.test.ts does for Chromium: a developer machine without Debian's nginx and
// HAProxy skips these files with a warning; under CI (CI set) they run and fail if either is missing.
/** Whether to skip the calling file (warning that it does): a binary is missing and CI is not set. */
export function skipWithoutProxies(): boolean {
  const skip = missing.length > 0 && !process.env.CI
  if (skip) console.warn(`skipping: no ${missing.join(', ')} (apt-get install -y nginx haproxy)`)
  return skip
}

/** Throws when a binary is missing, so that CI fails instead of skipping. */
export function requireProxies(): void {
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(', ')} missing: .ci/run installs them with apt-get install -y nginx haproxy`,
    )
  }
}

/** A port nobody listens on now (another process may still take it: start() retries). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** A running proxy: the ports it listens on, and how to stop it. */
export interface ProxyProcess {
  ports: number[]
  /** What the proxy wrote to stderr and its error log, for failure messages. */
  log(): string
  stop(): Promise<void>
}

interface Launch {
  name: string
  /** How many ports the configuration listens on. */
  ports: number
  /** The configuration file's text for these ports, written into `dir`. */
  config(ports: number[], dir: string): string
  /** The command line for the configuration written at `file`. */
  args(file: string, dir: string): string[]
  binary: string
}

/** Starts a proxy and waits until each of its ports accepts connections; retries a port taken meanwhile. */
async function start(launch: Launch): Promise<ProxyProcess> {
  let lastLog = ''
  for (let attempt = 0; attempt < 3; attempt++) {
    const ports = await Promise.all(Array.from({ length: launch.ports }, freePort))
    if (new Set(ports).size !== ports.length) continue
    const dir = mkdtempSync(join(tmpdir(), `phial-${launch.name}-`))
    const file = join(dir, `${launch.name}.conf`)
    try {
      writeFileSync(file, launch.config(ports, dir))
    } catch (error) {
      rmSync(dir, { recursive: true, force: true }) // a configuration that could not be built
      throw error
    }
    // Its own process group, so that stop() also reaches nginx's worker if the master is killed.
    const child = spawn(launch.binary, launch.args(file, dir), { detached: true, stdio: 'pipe' })
    let stderr = ''
    child.stdout?.on('data', (data) => (stderr += data))
    child.stderr?.on('data', (data) => (stderr += data))
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    // A test that never reached its afterAll (a timeout, an interrupted run) leaves no proxy running.
    const killOnExit = () => {
      killGroup(child, 'SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    }
    process.once('exit', killOnExit)
    void exited.then(() => process.off('exit', killOnExit))
    const log = () => {
      const errors = join(dir, 'error.log')
      return `${stderr}${existsSync(errors) ? readFileSync(errors, 'utf8') : ''}`
    }
    const proxy: ProxyProcess = { ports, log, stop: () => stop(child, exited, dir) }
    if (await listening(ports, child)) return proxy
    lastLog = log()
    await proxy.stop()
    if (!/in use/i.test(lastLog)) break
  }
  throw new Error(`${launch.name} did not start:\n${lastLog}`)
}

async function listening(ports: number[], child: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + 5000
  for (const port of ports) {
    while (!(await accepts(port))) {
      if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) return false
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
  return true
}

/** Whether something accepts TCP connections on `port` of 127.0.0.1 now. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** Signals the child's process group, which it leads (`detached`). */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal)
  } catch {
    // The group is gone already.
  }
}

async function stop(child: ChildProcess, exited: Promise<void>, dir: string): Promise<void> {
  const group = (signal: NodeJS.Signals) => killGroup(child, signal)
  if (child.exitCode === null && child.signalCode === null) {
    group('SIGTERM') // nginx: fast shutdown; HAProxy: immediate stop
    const timer = setTimeout(() => group('SIGKILL'), 2000)
    await exited
    clearTimeout(timer)
  }
  group('SIGKILL') // an nginx worker left behind by a master that died
  rmSync(dir, { recursive: true, force: true })
}

/** The test certificate for example.com that stands in for the documented certificate paths. */
export const TLS = {
  cert: join(import.meta.dirname, '_tls', 'example.com.crt'),
  key: join(import.meta.dirname, '_tls', 'example.com.key'),
}

/**
 * nginx with `site` (an http-level block: `upstream` and `server`) inside a minimal main configuration
 * that keeps every file in the temporary directory. `site` receives the ports to listen on.
 */
export function startNginx(site: (ports: number[]) => string, ports = 1): Promise<ProxyProcess> {
  return start({
    name: 'nginx',
    binary: NGINX,
    ports,
    config: (chosen, dir) => `
${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
${site(chosen)}
}
`,
    args: (file, dir) => ['-p', dir, '-e', join(dir, 'error.log'), '-c', file, '-g', 'daemon off;'],
  })
}

/** HAProxy with `config` (a whole haproxy.cfg for these ports, files in `dir`), in the foreground. */
export function startHaproxy(
  config: (ports: number[], dir: string) => string,
  ports = 1,
): Promise<ProxyProcess> {
  return start({
    name: 'haproxy',
    binary: HAPROXY,
    ports,
    config,
    args: (file) => ['-f', file, '-db'],
  })
}

/** `text` with `from` replaced by `to`, which must be there: a doc edit cannot slip past the tests. */
export function substitute(text: string, from: string | RegExp, to: string): string {
  const found = typeof from === 'string' ? text.includes(from) : from.test(text)
  if (!found) throw new Error(`the configuration has no ${String(from)} to replace`)
  return text.replace(from, to)
}
