// The app the deployment tests put behind nginx and HAProxy: what the request looks like from inside,
// bodies, streams that wait for the test's signal, and a session.
import { createHash } from 'node:crypto'
import { App, type AppOptions, json, makeResponse, redirect, sse } from 'phial'
import { type ServerHandle, serve } from 'phial/node'

/** phial's limit in these tests: under the documented `client_max_body_size 10m`. */
export const LIMIT = 4 * 1024 * 1024

export interface DeployApp {
  app: App
  /** Lets every stream waiting for the signal send its second part. */
  release(): void
}

export function createDeployApp(options: AppOptions & { name?: string } = {}): DeployApp {
  const { name = 'app', ...appOptions } = options
  const app = new App({ maxContentLength: LIMIT, ...appOptions })
  let waiting: (() => void)[] = []
  const signal = () => new Promise<void>((resolve) => waiting.push(resolve))
  const release = () => {
    for (const resolve of waiting) resolve()
    waiting = []
  }

  app.get('/whoami', function whoami(req) {
    const { ip, scheme, host, url } = req
    return { name, ip, scheme, host, url, external: req.urlFor('whoami', {}, { external: true }) }
  })
  app.get('/go', function go(req) {
    return redirect(req.urlFor('whoami', { from: 'go' }, { external: true }))
  })
  app.get('/dir/', function dir() {
    return 'a folder'
  })
  app.post('/echo', async (req) => json({ received: await req.json() }, 201))
  app.post('/upload', async (req) => {
    const form = await req.form()
    const file = (await req.files()).get('file')
    const bytes = new Uint8Array((await file?.arrayBuffer()) ?? new ArrayBuffer(0))
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    return { title: form.get('title'), name: file?.name, size: bytes.byteLength, sha256 }
  })
  app.post('/length', async (req) => ({ length: (await req.bytes()).byteLength }))

  app.get('/events', () =>
    sse(
      (async function* () {
        yield { event: 'first', data: 'one' }
        await signal()
        yield { event: 'second', data: { n: 2 } }
      })(),
    ),
  )
  async function* twoParts() {
    yield 'one\n'
    await signal()
    yield 'two\n'
  }
  app.get('/generated', () => twoParts())
  app.get('/generated-unbuffered', () => makeResponse(twoParts(), 200, { 'x-accel-buffering': 'no' }))

  app.post('/login', function login(req) {
    req.session.set('user', 'ada')
    return { name, user: 'ada' }
  })
  app.get('/me', function me(req) {
    return { name, user: req.session.get('user') ?? null }
  })
  return { app, release }
}

/** Serves `app` on a free port of 127.0.0.1, as the deployment docs do on 8000. */
export function serveApp(app: App): Promise<ServerHandle> {
  return serve(app, { port: 0, host: '127.0.0.1' })
}
