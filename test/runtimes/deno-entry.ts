/**
 * The conformance app in Deno: `Deno.serve(app.fetch)` for the matrix, and `app.listen()` to show that
 * it picks Deno's own server. Prints one JSON line with the ports, then serves until killed.
 */
import { createConformanceApp } from './_app.ts'

declare const Deno: {
  version: { deno: string }
  serve(
    options: { port: number; hostname: string; onListen?: () => void },
    handler: unknown,
  ): { addr: { port: number } }
}

const app = createConformanceApp(`deno ${Deno.version.deno}`)
const server = Deno.serve({ port: 0, hostname: '127.0.0.1', onListen() {} }, app.fetch)
const listened = await app.listen(0)
const closed = await app.listen(0)
await closed.close()
console.log(
  JSON.stringify({
    port: server.addr.port,
    listen: { port: listened.port, url: listened.url },
    closed: closed.port,
  }),
)
