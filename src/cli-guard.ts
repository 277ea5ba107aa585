/**
 * How `app.listen()` knows that the `phial` command has loaded the app: Flask's
 * `FLASK_RUN_FROM_CLI`, which makes `app.run()` a warning instead of a second server. It is a global
 * of this process, not an environment variable, so a child process the app starts still serves, and
 * an app built on another copy of phial (the command from dist/, the app from src/) still sees it.
 * @module
 */
import type { ServerHandle } from './app.ts'

/** What the `phial` command tells `app.listen()` while it loads or serves an app. */
export interface CLIState {
  /** The command running: `run`, `routes` or `shell`. */
  command: string
  /** Prints the warning, on the command's stderr. */
  warn: (line: string) => void
  /** `phial run`: the address it will serve on. */
  address?: { host: string; port: number }
  /** `phial run`: its server, once listening. */
  server?: ServerHandle
  /** An app whose next `listen()` call is the command's own, which serves. */
  own?: object | undefined
}

const KEY = Symbol.for('phial.cli')
/** The "run directly" check of docs/cli.md, Python's `if __name__ == "__main__"`. */
const GUARD =
  "if (realpathSync(process.argv[1] ?? '.') === realpathSync(import.meta.filename)) await app.listen(8000)"
type Holder = { [KEY]?: CLIState }

/**
 * Marks this process as running the `phial` command until the returned function is first called.
 * Flask: `os.environ["FLASK_RUN_FROM_CLI"] = "true"` in `FlaskGroup.make_context`.
 */
export function enterCLI(state: CLIState): () => void {
  const holder = globalThis as Holder
  const previous = holder[KEY]
  holder[KEY] = state
  let left = false
  return () => {
    if (left) return
    left = true
    if (previous === undefined) delete holder[KEY]
    else holder[KEY] = previous
  }
}

/**
 * Under the `phial` command, a handle for `app.listen()` to resolve to instead of starting a server,
 * after one warning; `undefined` otherwise. Flask: the `FLASK_RUN_FROM_CLI` check in `Flask.run`.
 */
export function ignoredListen(app: object, port: number, host: string): ServerHandle | undefined {
  const state = (globalThis as Holder)[KEY]
  if (state === undefined) return undefined
  if (state.own === app) {
    state.own = undefined
    return undefined
  }
  const does = state.command === 'run' ? 'serves the app itself' : 'starts no server'
  state.warn(` * Ignoring a call to app.listen() under the 'phial ${state.command}' command, which ${does}.`)
  state.warn(`   Only call app.listen() when the file is run directly, as docs/cli.md shows: ${GUARD}`)
  // Under `phial run`, the command's server (read when used: it listens after the import); under
  // `routes` and `shell`, which serve nothing, the address of the call, where nothing listens.
  const target = () => state.server ?? state.address ?? { host, port }
  return {
    get port() {
      return target().port
    },
    get host() {
      return target().host
    },
    get url() {
      const { host, port } = target()
      return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
    },
    close: () => state.server?.close() ?? Promise.resolve(),
  }
}
