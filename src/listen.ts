import type { App, ServerHandle } from './app.ts'
import { ignoredListen } from './cli-guard.ts'
import { PhialError } from './errors.ts'

interface BunGlobal {
  serve(options: { port: number; hostname: string; fetch: App['fetch'] }): {
    port: number
    stop(closeActive?: boolean): Promise<void>
  }
}
interface DenoGlobal {
  serve(
    options: { port: number; hostname: string; onListen?: () => void },
    handler: App['fetch'],
  ): { addr: { port: number }; shutdown(): Promise<void> }
}

/**
 * Serves `app` with the runtime's own server (`Bun.serve`, `Deno.serve`, or Node's `http`) and logs
 * where; under the `phial` command it starts nothing (src/cli-guard.ts). Flask: `app.run`.
 */
export async function listen(app: App, port: number, host: string): Promise<ServerHandle> {
  const ignored = ignoredListen(app, port, host)
  if (ignored !== undefined) return ignored
  let handle: ServerHandle
  try {
    handle = await start(app, port, host)
  } catch (error) {
    // Bun and Deno throw at once and Node emits 'error', each with the system's code.
    const code = (error as { code?: unknown } | null)?.code
    const reason = startError(code, host, port)
    if (reason === undefined) throw error
    throw Object.assign(new PhialError(`app.listen(): ${reason}`, { cause: error }), { code })
  }
  app.logger.info(` * Running on ${handle.url} (Ctrl+C to quit)`)
  return handle
}

async function start(app: App, port: number, host: string): Promise<ServerHandle> {
  const runtime = globalThis as { Bun?: BunGlobal; Deno?: DenoGlobal }
  const shown = host.includes(':') ? `[${host}]` : host
  if (runtime.Bun !== undefined) {
    const server = runtime.Bun.serve({ port, hostname: host, fetch: app.fetch })
    const url = `http://${shown}:${server.port}`
    return { port: server.port, host, url, close: () => server.stop() }
  }
  if (runtime.Deno !== undefined) {
    const server = runtime.Deno.serve({ port, hostname: host, onListen: () => {} }, app.fetch)
    const url = `http://${shown}:${server.addr.port}`
    return { port: server.addr.port, host, url, close: () => server.shutdown() }
  }
  // A subpath import: Workers bundles resolve it to a stub, so no node:* module is bundled (package.json "imports").
  const { serve } = await import('#node-serve')
  return serve(app, { port, host })
}

/** How {@link startError} names the fix: the `phial` command says `--port` and `(--host)`. */
export interface StartErrorWords {
  /** @default 'port' */
  port: string
  /** After a host that cannot be bound. @default '' */
  host: string
}

/**
 * Why a server could not start, from the error's code (`EADDRINUSE`…), as a sentence with the fix;
 * `undefined` for another error. Flask: werkzeug's "Address already in use … Port 5000 is in use".
 */
export function startError(
  code: unknown,
  host: string,
  port: number,
  words: StartErrorWords = { port: 'port', host: '' },
): string | undefined {
  switch (code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is in use: stop the other server or pick another ${words.port}`
    case 'EACCES':
      return `no permission to listen on port ${port} on ${host}: pick another ${words.port}`
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${host}: it is not an address of this machine${words.host}`
    case 'ENOTFOUND':
      return `cannot listen on ${host}: the host name does not resolve${words.host}`
    case 'EAI_AGAIN':
      return `cannot listen on ${host}: the host name could not be resolved${words.host}`
    default:
      return undefined
  }
}
