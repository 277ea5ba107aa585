import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { type AddressInfo, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve, toNodeListener } from '../../src/adapters/node.ts'
import type { ServerHandle } from '../../src/app.ts'
import { App } from '../../src/index.ts'
import { serveStatic } from '../../src/static.ts'
import { parseRaw, rawRequest } from './_raw.ts'

// A client that shuts its sending side once the request is sent (`nc -N`). At the FIN a server cannot
// tell that from a client that went away; phial, like Node, Bun and Deno, takes it as going away, so
// `req.signal` fires at once. docs/deployment.md, "A client that half-closes after its request".
const dir = mkdtempSync(join(tmpdir(), 'phial-half-close-'))
mkdirSync(join(dir, 'static'))
writeFileSync(join(dir, 'static', 'big.txt'), 'x'.repeat(300_000))
let signalled: () => void = () => {}

function makeApp(): App {
  const app = new App()
  serveStatic(app, { root: dir })
  app.get('/now', () => 'quick answer')
  app.get('/slow', async () => {
    await new Promise((resolve) => setTimeout(resolve, 40))
    return 'slow answer'
  })
  app.get('/wait', (req) => {
    req.signal.addEventListener('abort', () => signalled())
    return new Promise(() => {})
  })
  app.post('/echo', async (req) => await req.text())
  return app
}

afterAll(() => rmSync(dir, { recursive: true }))

describe('serve() and a client that half-closes after its request', () => {
  let handle: ServerHandle
  beforeAll(async () => {
    handle = await serve(makeApp(), { port: 0 })
  })
  afterAll(() => handle.close())

  it('answers a view that answers at once', async () => {
    const res = parseRaw(await rawRequest(handle.port, 'GET /now HTTP/1.1\r\nHost: x\r\n\r\n', 2000, true))
    expect([res.status, res.body]).toEqual([200, 'quick answer'])
  })

  it('takes the FIN as the client going away: req.signal fires', async () => {
    const fired = new Promise<boolean>((resolve) => {
      signalled = () => resolve(true)
      setTimeout(() => resolve(false), 2000)
    })
    await rawRequest(handle.port, 'GET /wait HTTP/1.1\r\nHost: x\r\n\r\n', 2000, true)
    expect(await fired).toBe(true)
  })

  it('answers a body cut short by the half-close with 400, and closes', async () => {
    const cut = 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc'
    const started = Date.now()
    const res = parseRaw(await rawRequest(handle.port, cut, 3000, true))
    expect(Date.now() - started).toBeLessThan(2000)
    expect(res.status).toBe(400)
  })

  it('closes an idle connection the client half-closed, so no socket is left behind', async () => {
    const closed = await new Promise<boolean>((resolve) => {
      const socket = connect(handle.port, '127.0.0.1', () => socket.end())
      const timer = setTimeout(() => resolve(false), 2000)
      socket.on('close', () => {
        clearTimeout(timer)
        resolve(true)
      })
      socket.resume()
    })
    expect(closed).toBe(true)
  })
})

describe('a Node server with httpAllowHalfOpen, as docs/deployment.md shows', () => {
  let server: Server
  let port: number
  beforeAll(async () => {
    server = createServer(toNodeListener(makeApp()))
    Object.assign(server, { httpAllowHalfOpen: true })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('answers an async view after the FIN', async () => {
    const res = parseRaw(await rawRequest(port, 'GET /slow HTTP/1.1\r\nHost: x\r\n\r\n', 2000, true))
    expect([res.status, res.body]).toEqual([200, 'slow answer'])
  })

  it('sends a streamed static file in full', async () => {
    const res = parseRaw(
      await rawRequest(port, 'GET /static/big.txt HTTP/1.1\r\nHost: x\r\n\r\n', 3000, true),
    )
    expect(res.status).toBe(200)
    expect(res.headers).toContain('content-length: 300000')
    expect(res.body.length).toBe(300_000)
  })

  it('answers pipelined requests in order, then closes the connection', async () => {
    const two = 'GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /now HTTP/1.1\r\nHost: x\r\n\r\n'
    const started = Date.now()
    const raw = await rawRequest(port, two, 3000, true)
    expect(Date.now() - started).toBeLessThan(2000) // closed by the server, not by the timeout
    const second = raw.indexOf('HTTP/1.1 200', 1)
    expect(parseRaw(raw.slice(0, second)).body).toBe('slow answer')
    expect(parseRaw(raw.slice(second)).body).toBe('quick answer')
  })
})
