// A JSON echo on the runtime's own server, no framework, reading request headers in one of several
// ways before the body: what one header read costs on Deno or Bun, apart from any framework. One more
// way, `json`, reads no header and the body with `request.json()` instead of `text()` and `JSON.parse`.
// `deno run -A headers-server.ts <way> <port>` or `bun headers-server.ts <way> <port>`; ways in WAYS.
type Handler = (request: Request) => Response | Promise<Response>
interface Runtime {
  Bun?: { serve(o: { port: number; hostname: string; fetch: Handler }): unknown }
  Deno?: {
    args: string[]
    serve(o: { port: number; hostname: string; onListen?: () => void }, h: Handler): unknown
  }
  process?: { argv: string[] }
}

const JSON_TYPE = { 'content-type': 'application/json' }
const LIMIT = 1 << 20

/** Each way reads some headers and answers a refusal, or undefined to go on to the body. */
const WAYS: Record<string, (request: Request) => Response | undefined> = {
  none: () => undefined,
  json: () => undefined,
  // Only builds the request's Headers object.
  getter: (request) => (request.headers === null ? new Response('no headers', { status: 500 }) : undefined),
  host: (request) =>
    request.headers.get('host') === null ? new Response('no host', { status: 400 }) : undefined,
  'content-type': (request) =>
    request.headers.get('content-type') === null ? new Response('no type', { status: 415 }) : undefined,
  'content-length': (request) =>
    Number(request.headers.get('content-length')) > LIMIT
      ? new Response('too large', { status: 413 })
      : undefined,
  // The two reads a JSON parser's 415 and 413 need.
  both: (request) => {
    const headers = request.headers
    if (headers.get('content-type') === null) return new Response('no type', { status: 415 })
    if (Number(headers.get('content-length')) > LIMIT) return new Response('too large', { status: 413 })
    return undefined
  },
  // The same two found by walking every header.
  entries: (request) => {
    let type: string | null = null
    let length: string | null = null
    for (const [name, value] of request.headers) {
      if (name === 'content-type') type = value
      else if (name === 'content-length') length = value
    }
    if (type === null) return new Response('no type', { status: 415 })
    if (Number(length) > LIMIT) return new Response('too large', { status: 413 })
    return undefined
  },
}

const runtime = globalThis as Runtime
const args = runtime.Deno?.args ?? runtime.process?.argv.slice(2) ?? []
const way = WAYS[args[0] ?? '']
if (way === undefined) throw new Error(`way ${args[0]}: one of ${Object.keys(WAYS).join(', ')}`)
const port = Number(args[1] ?? 3000)
const handler: Handler = async (request) => {
  if (request.method === 'GET') return new Response('ok')
  // Deno 2.9's json() takes a body that has already arrived in one synchronous step; text() does not.
  if (way === WAYS.json) return new Response(JSON.stringify(await request.json()), { headers: JSON_TYPE })
  const refused = way(request)
  if (refused !== undefined) return refused
  return new Response(JSON.stringify(JSON.parse(await request.text())), { headers: JSON_TYPE })
}
if (runtime.Bun !== undefined) runtime.Bun.serve({ port, hostname: '127.0.0.1', fetch: handler })
else runtime.Deno?.serve({ port, hostname: '127.0.0.1', onListen: () => {} }, handler)

export const ways = Object.keys(WAYS)
