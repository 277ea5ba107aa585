import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { App } from 'phial'
import { serve } from 'phial/node'
import { afterEach } from 'vitest'

const servers: Array<{ close(): unknown }> = []

/** Closes, after each test of the file that imports this, every server `start` and `host` opened. */
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close()
})

/** Closes `handle` after the test, like the servers `start` and `host` open. */
export function track<T extends { close(): unknown }>(handle: T): T {
  servers.push(handle)
  return handle
}

/** Serves `app` with phial's own `serve()` on a free port. */
export async function start(app: App) {
  const handle = await serve(app, { port: 0 })
  servers.push(handle)
  return handle
}

/** Serves a Node listener (phial's, or an Express/Connect app) with `http.createServer` on a free port. */
export async function host(
  listener: Parameters<typeof createServer>[1],
): Promise<{ url: string; port: number }> {
  const server: Server = createServer(listener)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  servers.push({ close: () => new Promise((r) => server.close(r)) })
  server.on('close', () => {})
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, port }
}
