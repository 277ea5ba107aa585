// Serves one framework on the runtime it runs on: `bun entry.js phial 3000` or `deno run -A entry.js hono 3000`
// (phial, hono, hono-checked: Hono making phial's body checks; phial-native and phial-headers: parts.mjs).
import { hono, honoChecked, phial, phialHeaders, phialNative } from './apps.ts'

interface Runtime {
  Bun?: {
    serve(o: { port: number; hostname: string; fetch: (r: Request) => Response | Promise<Response> }): unknown
  }
  Deno?: {
    args: string[]
    serve(
      o: { port: number; hostname: string; onListen?: () => void },
      h: (r: Request) => Response | Promise<Response>,
    ): unknown
  }
  process?: { argv: string[] }
}
const runtime = globalThis as Runtime
const args = runtime.Deno?.args ?? runtime.process?.argv.slice(2) ?? []
const apps = { hono, 'hono-checked': honoChecked, 'phial-native': phialNative, 'phial-headers': phialHeaders }
const fetch = (apps[(args[0] ?? '') as keyof typeof apps] ?? phial).fetch
const port = Number(args[1] ?? 3000)
if (runtime.Bun !== undefined) runtime.Bun.serve({ port, hostname: '127.0.0.1', fetch })
else runtime.Deno?.serve({ port, hostname: '127.0.0.1', onListen: () => {} }, fetch)
