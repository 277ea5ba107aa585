/**
 * The conformance app in Bun: `Bun.serve({ fetch: app.fetch })` for the matrix, and `app.listen()`
 * to show that it picks Bun's own server. Prints one JSON line with the ports, then serves until killed.
 */
import { createConformanceApp } from './_app.ts'

declare const Bun: {
  version: string
  serve(options: { fetch: unknown; port: number; hostname: string }): { port: number }
}

const app = createConformanceApp(`bun ${Bun.version}`)
const server = Bun.serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
const listened = await app.listen(0)
const closed = await app.listen(0)
await closed.close()
console.log(
  JSON.stringify({
    port: server.port,
    listen: { port: listened.port, url: listened.url },
    closed: closed.port,
  }),
)
