/**
 * The `phial` command, Flask's `flask` CLI: `phial run` serves an app, `phial routes` lists its
 * rules. `bin/phial.mjs` calls {@link main}; tests call it in-process.
 * @module
 */
import { createRequire } from 'node:module'
import { basename } from 'node:path'
import { parseArgs } from 'node:util'
import type { App, ServerHandle } from './app.ts'
import { type CLIState, enterCLI } from './cli-guard.ts'
import { loadApp, UsageError } from './cli-load.ts'
import { routeTable, SORTS } from './cli-routes.ts'
import { startError } from './listen.ts'

/** Where the command reads and writes; every field defaults to the process's own. */
export interface CLIOptions {
  /** Receives normal output, a line at a time. @default process.stdout */
  stdout?: ((line: string) => void) | undefined
  /** Receives errors, a line at a time. @default process.stderr */
  stderr?: ((line: string) => void) | undefined
  /** The directory `--app` is resolved from. @default process.cwd() */
  cwd?: string | undefined
  /** Environment variables: `PHIAL_APP`, `PHIAL_RUN_HOST`, `PHIAL_RUN_PORT`. @default process.env */
  env?: Readonly<Record<string, string | undefined>> | undefined
  /** `phial run` serves until this aborts, then closes the server. @default never */
  signal?: AbortSignal | undefined
  /** What `phial shell` reads. @default process.stdin */
  input?: NodeJS.ReadableStream | undefined
  /** Where `phial shell` writes. @default process.stdout */
  output?: NodeJS.WritableStream | undefined
}

const USAGE = `Usage: phial <command> [options]

Commands:
  run      Serve the app (Flask's \`flask run\`)
  routes   List the app's routes (Flask's \`flask routes\`)
  shell    A Node REPL with the app as \`app\` (Flask's \`flask shell\`)

Options:
  --app <file>[:name]   The app: a module exporting a phial App as \`app\`, \`application\` or
                        default, or a factory \`createApp()\`; \`name\` or \`name()\` picks the
                        export. Default: $PHIAL_APP, else app.ts, app.mts, app.js or app.mjs here.
  --host <host>         run: the interface to bind. Default: $PHIAL_RUN_HOST or 127.0.0.1
  --port <port>         run: the port, 0 for any. Default: $PHIAL_RUN_PORT or 8000
  --debug               run: debug mode (the debug page, templates re-read). Default: $PHIAL_DEBUG
  --sort <key>          routes: endpoint (default), methods, rule or match (registration order)
  --all-methods         routes: show HEAD and OPTIONS too
  -h, --help            Show this help
  -v, --version         Show phial's version
`

/**
 * Runs the `phial` command with `argv` (without `node` and the script) and resolves to the exit
 * status. `run` resolves when `options.signal` aborts and the server has closed.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2))
 */
export async function main(argv: readonly string[], options: CLIOptions = {}): Promise<number> {
  const out = options.stdout ?? writer(process.stdout)
  const err = options.stderr ?? writer(process.stderr)
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        app: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        debug: { type: 'boolean' },
        sort: { type: 'string' },
        'all-methods': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    })
    if (values.version === true) {
      out(`phial ${createRequire(import.meta.url)('../package.json').version}`)
      return 0
    }
    const [command, ...extra] = positionals
    if (values.help === true || command === undefined) {
      out(USAGE.trimEnd())
      return command === undefined && values.help !== true ? 2 : 0
    }
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`)
    const env = options.env ?? process.env
    const cwd = options.cwd ?? process.cwd()
    // Until the command ends, app.listen() in the app's module warns and starts nothing (Flask's
    // FLASK_RUN_FROM_CLI): it would keep `routes` from ending, and take `run`'s port.
    const state: CLIState = { command, warn: err }
    const leave = enterCLI(state)
    try {
      if (command === 'routes') {
        const sort = values.sort ?? 'endpoint'
        if (!SORTS.includes(sort))
          throw new UsageError(`--sort must be endpoint, methods, rule or match, not "${sort}"`)
        const { app } = await loadApp(values.app ?? env.PHIAL_APP, cwd)
        for (const line of routeTable(app.urlMap, sort, values['all-methods'] === true)) out(line)
        return 0
      }
      if (command === 'run') {
        const port = toPort(values.port ?? env.PHIAL_RUN_PORT ?? '8000')
        const host = values.host ?? env.PHIAL_RUN_HOST ?? '127.0.0.1'
        state.address = { host, port }
        const { app, file } = await loadApp(values.app ?? env.PHIAL_APP, cwd)
        if (values.debug === true) app.config.debug = true
        out(` * Serving phial app '${basename(file)}'`)
        out(` * Debug mode: ${app.config.debug ? 'on' : 'off'}`)
        const warning = exposure(host)
        if (warning !== undefined) err(warning)
        const server = await serveUntil(app, state, options.signal)
        await server.close()
        return 0
      }
      if (command === 'shell') {
        const { app, file } = await loadApp(values.app ?? env.PHIAL_APP, cwd)
        leave() // in the REPL, app.listen() serves as asked
        out(`phial shell: '${basename(file)}' is loaded as \`app\`; .exit or Ctrl+D to leave`)
        const { start } = await import('node:repl')
        const input = options.input ?? process.stdin
        const repl = start({ prompt: '>>> ', input, output: options.output ?? process.stdout })
        repl.context.app = app
        await new Promise((done) => repl.on('exit', done))
        return 0
      }
    } finally {
      leave()
    }
    throw new UsageError(`no command "${command}"; the commands are run, routes and shell (phial --help)`)
  } catch (error) {
    const code = (error as { code?: unknown }).code
    // node:util parseArgs: an unknown option, a missing or ambiguous value (`--port -1`), a value given to a flag.
    if (!(error instanceof UsageError) && !(typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')))
      throw error
    err(`Error: ${(error as Error).message}`)
    return error instanceof UsageError ? error.status : 2
  }
}

/** Flask's warning when the server is reachable from other machines (not 127.0.0.0/8, ::1 or localhost). */
function exposure(host: string): string | undefined {
  if (/^(localhost|::1|\[::1\]|127\.\d+\.\d+\.\d+)$/.test(host)) return undefined
  const where = ['0.0.0.0', '::', '[::]'].includes(host) ? 'every interface' : host
  return ` * Warning: this is a development server listening on ${where}, reachable from other machines; do not use it in production (docs/deployment.md)`
}

/**
 * `phial run`'s server, until `signal` aborts. It is also what an `app.listen()` ignored in the app's
 * module resolved to, so it closes once however often it is closed. A server that cannot start is a
 * sentence and exit status 1, not a stack.
 */
async function serveUntil(app: App, state: CLIState, signal: AbortSignal | undefined): Promise<ServerHandle> {
  const { host, port } = state.address!
  state.own = app
  const server = await app.listen(port, host).catch((error: unknown) => {
    const code = (error as { code?: unknown } | null)?.code
    const reason = startError(code, host, port, { port: '--port', host: ' (--host)' })
    throw reason === undefined
      ? error
      : Object.assign(new UsageError(reason, { cause: error }), { status: 1 })
  })
  let closing: Promise<void> | undefined
  state.server = { ...server, close: () => (closing ??= server.close()) }
  await new Promise<void>((done) => {
    if (signal?.aborted === true) done()
    else signal?.addEventListener('abort', () => done(), { once: true })
  })
  return state.server
}

/**
 * Writes lines to a stream, and stops quietly once the reader has gone (`phial routes | head`):
 * a closed pipe is EPIPE, thrown at once on Deno, emitted later on Node (bin/phial.mjs ignores it).
 */
function writer(stream: NodeJS.WritableStream): (line: string) => void {
  return (line) => {
    try {
      stream.write(`${line}\n`)
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EPIPE') throw error
    }
  }
}

function toPort(text: string): number {
  const port = Number(text)
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port must be 0 to 65535, not "${text}"`)
  return port
}
