import { createServer, type IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { App, ServerHandle } from '../app.ts'
import { type NodeListener, toNodeListener } from './node.ts'

/** Options of {@link serve}. */
export interface ServeOptions {
  /** @default 8000 */
  port?: number | undefined
  /** @default '127.0.0.1' */
  host?: string | undefined
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
  const listener = toNodeListener(app)
  const server = createServer(listener)
  server.on('connect', (req: IncomingMessage, socket: Socket) => answerConnect(listener, req, socket))
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

/**
 * CONNECT asks for a tunnel (RFC 9110 §9.3.6), which an app server does not open. Node hands it to
 * 'connect' listeners with the raw socket, and with none destroys the socket without a word. Answer it
 * through the app as Bun's and Deno's servers do, at `/` (so 405 with `Allow`, or 404), then close.
 */
function answerConnect(listener: NodeListener, req: IncomingMessage, socket: Socket): void {
  req.url = '/'
  const res = new ServerResponse(req)
  res.shouldKeepAlive = false
  res.assignSocket(socket)
  res.once('finish', () => {
    res.detachSocket(socket)
    socket.destroySoon()
  })
  socket.on('error', () => socket.destroy())
  listener(req, res)
}
