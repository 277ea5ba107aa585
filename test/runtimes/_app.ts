/**
 * The app every gateway of the conformance matrix serves. It imports nothing from `node:*`: the
 * same module runs in-process, under Node hosts, in Bun, in Deno and bundled into a Worker.
 */
import { App, json, redirect, text } from 'phial'
import { Cache } from 'phial/cache'
import { createTemplates } from 'phial/eta'
import precompiled from './_templates.gen.js'

/** What one abort probe saw on the server: `req.signal` fired, the streamed body was stopped. */
export interface AbortRecord {
  signal: boolean
  stopped: boolean
}

/** A logger that keeps quiet: the matrix asserts on the wire, not on the console. */
const quiet = { error() {}, warn() {}, info() {}, debug() {} }

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The conformance app: small, and one route per behaviour the matrix checks. */
export function createConformanceApp(runtime: string): App {
  const app = new App({ maxContentLength: 1024, logger: quiet, secretKey: 'conformance-secret' })
  const aborts = new Map<string, AbortRecord>()
  const later = new Map<string, string>()
  // phial/cache in this process's memory (in a Worker, this isolate's): a page built once per key.
  const cache = new Cache()
  const builds = new Map<string, number>()

  app.get('/', function home() {
    return '<h1>phial</h1>'
  })
  app.get('/users/:id', (req) => ({ id: req.params.id }))
  app.get('/posts/<int:id>', (req) => ({ id: req.params.id, next: req.params.id + 1 }))
  app.get('/dir/', function dir(req) {
    return { root: req.rootPath, self: req.urlFor('dir'), q: req.query.get('x') }
  })
  app.post('/echo', async (req) => json({ got: await req.json() }, 201))
  app.post('/form', async (req) => {
    const form = await req.form()
    return { name: form.get('name'), colors: form.getAll('color') }
  })
  app.post('/length', async (req) => ({ length: (await req.arrayBuffer()).byteLength }))
  // The body as it came after json(), parsed or refused: what a webhook's signature check reads.
  app.post('/json-then-text', async (req) => {
    const parsed = await req.json().catch((error: { status: number }) => error.status)
    return { parsed, text: await req.text(), bytes: (await req.bytes()).byteLength }
  })

  app.get('/cookies/set', () => {
    const res = text('set')
    res.setCookie('theme', 'dark', { maxAge: 60 })
    res.setCookie('lang', 'fr', { httpOnly: false })
    return res
  })
  app.get('/cookies/read', (req) => ({ ...req.cookies }))
  // Templates compiled ahead of time: no file system and no `new Function`, so Workers render them too.
  const templates = createTemplates({ templates: precompiled })
  app.get('/template', (req) =>
    templates.render(req, 'hello', { name: req.query.get('name') ?? 'nobody', where: runtime }),
  )

  // Signed sessions: HMAC through Web Crypto, so every runtime signs and verifies the same way.
  app.post('/session', async (req) => {
    req.session.set('name', (await req.form()).get('name'))
    return { saved: true }
  })
  app.get('/session', (req) => ({ name: req.session.get('name') ?? null }))

  app.get('/go/literal', () => redirect('/target'))
  app.get('/go/home', (req) => redirect(req.urlFor('home'), 303))

  app.get('/stream', async function* stream() {
    yield 'first;'
    await sleep(300)
    yield new TextEncoder().encode('second;')
    yield 'third'
  })

  app.get('/boom', () => {
    throw new Error('secret-database-password')
  })

  app.get('/info', (req) => ({
    runtime,
    adapter: 'incoming' in req ? 'node' : 'fetch',
    method: req.method,
    path: req.path,
    root: req.rootPath,
    ip: req.ip,
  }))

  // A client that drops: the body streams until the server notices, and the record says how.
  app.get('/abort/<id>', (req) => {
    const record: AbortRecord = { signal: false, stopped: false }
    aborts.set(req.params.id, record)
    req.signal.addEventListener('abort', () => {
      record.signal = true
    })
    return (async function* slow() {
      try {
        yield 'started;'
        for (let i = 0; i < 100 && !req.signal.aborted; i++) {
          await sleep(50)
          yield '.'
        }
      } finally {
        record.stopped = true
      }
    })()
  })
  app.get('/aborted/<id>', (req) => aborts.get(req.params.id) ?? null)

  // A stream that counts how often it was started and cancelled: HEAD must stop what it never sends.
  const streams = new Map<string, { started: number; cancelled: number }>()
  app.get('/counted-stream/<id>', (req) => {
    const record = streams.get(req.params.id) ?? { started: 0, cancelled: 0 }
    streams.set(req.params.id, record)
    return new ReadableStream<Uint8Array>({
      start: () => void record.started++,
      pull: (controller) => controller.enqueue(new TextEncoder().encode('chunk;')),
      cancel: () => void record.cancelled++,
    })
  })
  app.get('/counted/<id>', (req) => streams.get(req.params.id) ?? null)

  // Workers: bindings arrive as req.env, the ExecutionContext as req.ctx.
  app.get('/env', (req) => ({
    greeting: req.env.GREETING ?? null,
    waitUntil: typeof req.ctx?.waitUntil,
  }))
  app.get('/later/<id>', (req) => {
    const id = req.params.id
    req.ctx?.waitUntil(sleep(100).then(() => void later.set(id, 'done after the response')))
    return { scheduled: req.ctx !== undefined }
  })
  app.get(
    '/cached/<id>',
    cache.cached((req) => {
      const id = String(req.params.id)
      builds.set(id, (builds.get(id) ?? 0) + 1)
      return { id, query: req.query.get('q'), build: builds.get(id) }
    }),
  )
  app.get('/later-seen/<id>', (req) => ({ value: later.get(req.params.id) ?? null }))

  return app
}
