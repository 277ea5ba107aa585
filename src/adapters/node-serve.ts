import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { App, ServerHandle } from '../app.ts'
import { toNodeListener } from './node.ts'

/** Options of {@link serve}. */
export interface ServeOptions {
  /** @default 8000 */
  port?: number
  /** @default '127.0.0.1' */
  host?: string
}

/**
 * Starts a Node `http` server for the app; `app.listen()` uses it on Node.
 *
 * @example
 * const server = await serve(app, { port: 0 })
 * console.log(server.url)
 * await server.close()
 */
export function serve(app: App, options: ServeOptions = {}): Promise<ServerHandle> {
  const server = createServer(toNodeListener(app))
  const host = options.host ?? '127.0.0.1'
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 8000, host, () => {
      server.off('error', reject)
      const { port } = server.address() as AddressInfo
      const shown = host.includes(':') ? `[${host}]` : host
      resolve({
        port,
        host,
        url: `http://${shown}:${port}`,
        // Node ≥ 19 closes idle keep-alive sockets on close(); in-flight requests finish first.
        close: () => new Promise<void>((done, failed) => server.close((e) => (e ? failed(e) : done()))),
      })
    })
  })
}
