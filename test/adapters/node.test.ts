import { Readable } from 'node:stream'
import { App, json, PhialError } from 'phial'
import { serve } from 'phial/node'
import { describe, expect, it } from 'vitest'
import { parseRaw, rawRequest } from './_raw.ts'
import { start, track } from './_servers.ts'

describe('the Node adapter', () => {
  it('keeps host and path apart for GET //evil.com/x', async () => {
    const app = new App()
    app.all('/*rest', (req) => ({ url: req.url, path: req.path, rest: req.params.rest }))
    const { port } = await start(app)
    const raw = await rawRequest(
      port,
      'GET //evil.com/x HTTP/1.1\r\nHost: example.org\r\nConnection: close\r\n\r\n',
    )
    const res = parseRaw(raw)
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body)).toEqual({
      url: 'http://example.org//evil.com/x',
      path: '//evil.com/x',
      rest: '/evil.com/x',
    })
  })

  it('routes an absolute-form request target on its path', async () => {
    const app = new App()
    app.get('/abs', (req) => ({ q: req.query.get('x') }))
    const { port } = await start(app)
    const raw = await rawRequest(
      port,
      'GET http://example.org/abs?x=1 HTTP/1.1\r\nHost: example.org\r\nConnection: close\r\n\r\n',
    )
    expect(JSON.parse(parseRaw(raw).body)).toEqual({ q: '1' })
  })

  it('answers 400 to a malformed Host once the URL is needed, and keeps serving', async () => {
    const app = new App()
    app.get('/url', (req) => req.url)
    const { port, url } = await start(app)
    const raw = await rawRequest(port, 'GET /url HTTP/1.1\r\nHost: a b<c>\r\nConnection: close\r\n\r\n')
    expect([400].includes(parseRaw(raw).status)).toBe(true)
    expect((await fetch(`${url}/url`)).status).toBe(200)
  })

  it('reads a header by any case of its name, repeats joined, and sends Content-Length as written', async () => {
    const app = new App()
    app.get('/h', (req) => ({
      lower: req.header('x-token') ?? null,
      mixed: req.header('X-Token') ?? null,
      upper: req.header('X-TOKEN') ?? null,
      absent: req.header('X-Absent') ?? null,
      repeated: req.header('X-Repeat') ?? null,
      type: req.mimetype,
    }))
    const { port } = await start(app)
    const raw = await rawRequest(
      port,
      'GET /h HTTP/1.1\r\nHost: a\r\nx-tOKen: t1\r\nContent-Type: Text/Plain; charset=utf-8\r\n' +
        'X-Repeat: a\r\nX-Repeat: b\r\nConnection: close\r\n\r\n',
    )
    const res = parseRaw(raw)
    expect(res.status).toBe(200)
    const body = { lower: 't1', mixed: 't1', upper: 't1', absent: null, repeated: 'a, b', type: 'text/plain' }
    expect(JSON.parse(res.body)).toEqual(body)
    expect(res.headers).toMatch(new RegExp(`^content-length: ${Buffer.byteLength(res.body)}$`, 'm'))
  })

  it('answers a request target that is not a path with 400', async () => {
    const app = new App()
    app.get('/', () => 'x')
    const { port } = await start(app)
    const raw = await rawRequest(port, 'OPTIONS * HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n')
    expect(parseRaw(raw).status).toBe(400)
  })

  it('aborts req.signal when the client goes away', async () => {
    const app = new App()
    let aborted: (value: boolean) => void = () => {}
    const seen = new Promise<boolean>((resolve) => {
      aborted = resolve
    })
    app.get('/slow', (req) => {
      req.signal.addEventListener('abort', () => aborted(true))
      return new Promise(() => {})
    })
    const { url } = await start(app)
    const controller = new AbortController()
    const pending = fetch(`${url}/slow`, { signal: controller.signal }).catch(() => 'aborted')
    await new Promise((r) => setTimeout(r, 100))
    controller.abort()
    expect(await pending).toBe('aborted')
    expect(await seen).toBe(true)
  })

  it('stops a stream the client abandons halfway and runs its cleanup', async () => {
    const app = new App()
    let cleaned: () => void = () => {}
    const done = new Promise<void>((resolve) => {
      cleaned = resolve
    })
    let produced = 0
    app.get('/forever', async function* forever() {
      try {
        for (;;) {
          produced++
          yield `chunk ${produced}\n`
          await new Promise((r) => setTimeout(r, 5))
        }
      } finally {
        cleaned()
      }
    })
    const { url } = await start(app)
    const controller = new AbortController()
    const res = await fetch(`${url}/forever`, { signal: controller.signal })
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    await reader.read()
    controller.abort()
    await done
    const at = produced
    await new Promise((r) => setTimeout(r, 100))
    expect(produced).toBe(at)
  })

  it('honours back-pressure: a client that does not read stops the producer', async () => {
    const app = new App()
    let produced = 0
    const chunk = new Uint8Array(64 * 1024)
    app.get('/big', async function* big() {
      for (let i = 0; i < 1000; i++) {
        produced++
        yield chunk
      }
    })
    const { port } = await start(app)
    const { connect } = await import('node:net')
    const socket = connect(port, '127.0.0.1')
    socket.write('GET /big HTTP/1.1\r\nHost: a\r\n\r\n')
    socket.pause()
    await new Promise((r) => setTimeout(r, 300))
    // 1000 chunks are 64 MB; socket buffers hold a few MB at most.
    expect(produced).toBeGreaterThan(0)
    expect(produced).toBeLessThan(200)
    socket.destroy()
  })

  it('streams a Node Readable with pipeline', async () => {
    const app = new App()
    app.get('/readable', () => Readable.from(['x', 'y', 'z']))
    const { url } = await start(app)
    expect(await (await fetch(`${url}/readable`)).text()).toBe('xyz')
  })

  // Async views hand their response straight to the socket (no promise for the listener to await):
  // their value, their error through an async handler, and their afterThisRequest hooks all arrive.
  it('writes what an async view, its async error handler and its afterThisRequest hook answer', async () => {
    const app = new App()
    app.get('/ok', async () => ({ ok: true }))
    app.get('/teapot', async () => {
      await new Promise((r) => setTimeout(r, 5))
      throw new PhialError('brewing')
    })
    app.get('/hooked', async (req) => {
      req.afterThisRequest(async (res) => {
        await Promise.resolve()
        res.headers.set('x-after', 'yes')
      })
      return 'hooked'
    })
    app.errorHandler(PhialError, async (error) => json({ error: (error as Error).message }, 418))
    const { url } = await start(app)
    const ok = await fetch(`${url}/ok`)
    expect([ok.status, ok.headers.get('content-type'), await ok.json()]).toEqual([
      200,
      'application/json',
      { ok: true },
    ])
    const teapot = await fetch(`${url}/teapot`)
    expect([teapot.status, await teapot.json()]).toEqual([418, { error: 'brewing' }])
    const hooked = await fetch(`${url}/hooked`)
    expect([hooked.status, hooked.headers.get('x-after'), await hooked.text()]).toEqual([
      200,
      'yes',
      'hooked',
    ])
  })

  it('close() lets an in-flight request finish', async () => {
    const app = new App()
    app.get('/wait', async () => {
      await new Promise((r) => setTimeout(r, 150))
      return 'finished'
    })
    const handle = await serve(app, { port: 0 })
    const pending = fetch(`${handle.url}/wait`).then((r) => r.text())
    await new Promise((r) => setTimeout(r, 30))
    await Promise.all([handle.close(), expect(pending).resolves.toBe('finished')])
    await expect(fetch(`${handle.url}/wait`)).rejects.toThrow()
  })

  it('app.listen serves on Node and resolves to a handle', async () => {
    const app = new App({ logger: { error() {}, warn() {}, info() {}, debug() {} } })
    app.get('/', () => 'listening')
    const handle = await app.listen(0)
    track(handle)
    expect(handle.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(await (await fetch(handle.url)).text()).toBe('listening')
  })

  it('refuses a registration after the first request with a PhialError naming the route', async () => {
    const app = new App()
    app.get('/', () => 'x')
    await app.request('/')
    expect(() => app.get('/late', () => 'y')).toThrow(PhialError)
    expect(() => app.get('/late', () => 'y')).toThrow(/"\/late".*first request/)
  })
})
