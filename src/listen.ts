import type { App, ServerHandle } from './app.ts'

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

/** Serves `app` with the runtime's own server: `Bun.serve`, `Deno.serve`, or Node's `http`. */
export async function listen(app: App, port: number, host: string): Promise<ServerHandle> {
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
