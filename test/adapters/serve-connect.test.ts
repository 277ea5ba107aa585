import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { serve } from '../../src/adapters/node.ts'
import type { ServerHandle } from '../../src/app.ts'
import { App } from '../../src/index.ts'
import { parseRaw, rawRequest } from './_raw.ts'

const CONNECT = 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'

// Node destroys a CONNECT's socket without a word unless something listens for it; serve() answers
// it through the app at `/`, as Bun's and Deno's servers do (test/runtimes covers those).
describe('serve() and a CONNECT request', () => {
  let handle: ServerHandle | undefined
  afterEach(async () => {
    await handle?.close()
    handle = undefined
  })

  it("answers 405 with Allow from the app's routes at /, closes, and keeps serving", async () => {
    const app = new App()
    app.get('/', () => 'home')
    handle = await serve(app, { port: 0 })
    const started = Date.now()
    const res = parseRaw(await rawRequest(handle.port, CONNECT, 3000))
    expect(Date.now() - started).toBeLessThan(2000) // the server closed, not the client's timeout
    expect(res.status).toBe(405)
    expect(res.headers).toContain('allow: get, head, options')
    expect(res.headers).toContain('connection: close')
    expect(res.body).toContain('Method Not Allowed')
    expect(await (await fetch(handle.url)).text()).toBe('home')
  })

  it('answers 404 when the app has nothing at /', async () => {
    const app = new App()
    app.get('/other', () => 'other')
    handle = await serve(app, { port: 0 })
    expect(parseRaw(await rawRequest(handle.port, CONNECT, 3000)).status).toBe(404)
  })

  it('survives a client that resets the connection before a slow answer', async () => {
    const app = new App()
    let reached: () => void = () => {}
    const inView = new Promise<void>((resolve) => {
      reached = resolve
    })
    app.route('/', { methods: ['GET', 'CONNECT'] }, async () => {
      reached()
      await new Promise((resolve) => setTimeout(resolve, 100))
      return 'late'
    })
    handle = await serve(app, { port: 0 })
    const socket = connect(handle.port, '127.0.0.1', () => socket.write(CONNECT))
    socket.on('error', () => {})
    await inView
    socket.resetAndDestroy()
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(await (await fetch(handle.url)).text()).toBe('late')
  })
})
