import type { IncomingMessage, ServerResponse } from 'node:http'
import { connect } from 'node:net'
import express from 'express'
import { App, PhialResponse } from 'phial'
import { toNodeListener } from 'phial/node'
import { describe, expect, it } from 'vitest'
import { parseRaw } from './_raw.ts'
import { host, start } from './_servers.ts'

const BIG = 'x'.repeat(2000) // past the 1 KB compression threshold
const EURO = '%E2%82%AC' // '€': WHATWG Headers lets a string through, Node refuses it (ERR_INVALID_CHAR)

/** An app whose errors land in `logged`, with a `/bad?n=…` view that sends `n` as a header and `/ok`. */
function createApp(compress: boolean) {
  const logged: unknown[][] = []
  const logger = { error: (...a: unknown[]) => logged.push(a), warn() {}, info() {}, debug() {} }
  const app = new App({ compress, logger })
  app.get('/bad', (req) => {
    const headers = { 'content-type': 'text/plain', 'x-ok': 'sent before the bad one' }
    return new PhialResponse(BIG, 200, { ...headers, 'x-name': req.query.get('n') ?? '' })
  })
  app.get('/ok', () => new PhialResponse(BIG, 200, { 'content-type': 'text/plain' }))
  return { app, logged }
}

/** Sends raw bytes; resolves with what came back and whether the server closed within `ms`. */
function exchange(port: number, payload: string, ms = 1500): Promise<{ raw: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let raw = ''
    const timer = setTimeout(() => {
      socket.destroy()
      resolve({ raw, closed: false })
    }, ms)
    socket.setEncoding('latin1')
    socket.on('data', (chunk) => (raw += chunk))
    socket.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    socket.on('close', () => {
      clearTimeout(timer)
      resolve({ raw, closed: true })
    })
    socket.write(payload)
  })
}

function get(path: string, gzip: boolean): string {
  const coding = gzip ? 'Accept-Encoding: gzip\r\n' : ''
  return `GET ${path} HTTP/1.1\r\nHost: a\r\n${coding}Connection: close\r\n\r\n`
}

type Listener = (req: IncomingMessage, res: ServerResponse, next: () => void) => void

/** Serves the app under Express, with `before` in front of it on `/f` only. */
async function underExpress(app: App, before: Listener) {
  const outer = express()
  outer.use('/f', before, toNodeListener(app))
  outer.use(toNodeListener(app))
  return host(outer)
}

describe('a response Node cannot write', () => {
  const gateways = [
    { name: 'node:http', serve: (app: App) => start(app) },
    { name: 'Express', serve: (app: App) => underExpress(app, (_q, _s, next) => next()) },
  ]
  for (const gateway of gateways) {
    for (const compress of [false, true]) {
      it(`answers a logged "500 Internal Server Error" for a header Node refuses and keeps serving (${gateway.name}, compress: ${compress})`, async () => {
        const { app, logged } = createApp(compress)
        const { port } = await gateway.serve(app)
        const { raw, closed } = await exchange(port, get(`/bad?n=${EURO}`, compress))
        expect(closed).toBe(true)
        expect(raw.slice(0, raw.indexOf('\r\n'))).toBe('HTTP/1.1 500 Internal Server Error')
        const res = parseRaw(raw)
        expect(res.headers).toMatch(/^content-type: text\/plain; charset=utf-8$/m)
        expect(res.headers).toMatch(/^content-length: 21$/m)
        // Nothing of the failed attempt: neither its headers nor its coding.
        expect(res.headers).not.toMatch(/^(x-ok|x-name|content-encoding|vary):/m)
        expect(res.body).toBe('Internal Server Error')
        expect(logged).toHaveLength(1)
        expect(String(logged[0]?.[1])).toContain('ERR_INVALID_CHAR')
        const ok = parseRaw((await exchange(port, get('/ok', compress))).raw)
        expect(ok.status).toBe(200)
        expect(ok.headers.includes('content-encoding: gzip')).toBe(compress)
      })
    }
  }
})

describe('a host that already sent the headers', () => {
  const hosts: Array<{ name: string; before: Listener }> = [
    {
      name: 'flushHeaders()',
      before: (_q, res, next) => {
        res.flushHeaders()
        next()
      },
    },
    {
      name: 'writeHead() and write()',
      before: (_q, res, next) => {
        res.writeHead(200, { 'content-type': 'text/plain' })
        res.write('from the host\n')
        next()
      },
    },
  ]
  for (const { name, before } of hosts) {
    for (const compress of [false, true]) {
      it(`gets the connection closed, one line logged, and other requests served (${name}, compress: ${compress})`, async () => {
        const { app, logged } = createApp(compress)
        const { port } = await underExpress(app, before)
        const { raw, closed } = await exchange(port, get('/f/ok', compress))
        expect(closed).toBe(true)
        // At most what the host wrote (a write still corked is dropped by the close), never phial's body.
        expect(raw === '' || raw.startsWith('HTTP/1.1 200 OK\r\n')).toBe(true)
        expect(raw).not.toContain(BIG)
        expect(logged).toHaveLength(1)
        expect(String(logged[0]?.[1])).toContain('ERR_HTTP_HEADERS_SENT')
        const ok = await fetch(`http://127.0.0.1:${port}/ok`)
        expect(ok.status).toBe(200)
        expect(await ok.text()).toBe(BIG)
      })
    }
  }
})

describe("the host's own headers", () => {
  /** Express in front of `app`: a cookie, `Vary: origin, Accept` and an `x-frame` of its own. */
  async function behindHost(app: App) {
    const outer = express()
    outer.use((_req, res, next) => {
      res.cookie('host', '1')
      res.vary('origin').vary('Accept')
      res.setHeader('x-frame', 'host')
      next()
    })
    outer.use(toNodeListener(app))
    return host(outer)
  }

  const views: Array<{ name: string; view: () => PhialResponse; compress?: boolean }> = [
    {
      name: 'a header record',
      view: () =>
        new PhialResponse('hi', 200, { 'set-cookie': 'app=2', vary: 'Cookie, Origin', 'x-frame': 'app' }),
    },
    {
      name: 'a Headers object',
      view: () => {
        const headers = new Headers({ vary: 'Cookie, Origin', 'x-frame': 'app' })
        headers.append('set-cookie', 'app=2')
        headers.append('set-cookie', 'app2=3')
        return new PhialResponse('hi', 200, headers)
      },
    },
    {
      name: 'a compressed response',
      compress: true,
      view: () =>
        new PhialResponse(BIG, 200, { 'set-cookie': 'app=2', vary: 'Cookie, Origin', 'x-frame': 'app' }),
    },
  ]
  for (const { name, view, compress = false } of views) {
    it(`keeps the host's Set-Cookie, merges its Vary, and lets phial's other headers win (${name})`, async () => {
      const app = new App({ compress })
      app.get('/', view)
      const { url } = await behindHost(app)
      const res = await fetch(url, { headers: { 'accept-encoding': 'gzip' } })
      expect(res.status).toBe(200)
      const cookies = res.headers.getSetCookie()
      expect(cookies[0]).toBe('host=1; Path=/')
      expect(cookies.slice(1)).toEqual(name === 'a Headers object' ? ['app=2', 'app2=3'] : ['app=2'])
      const vary = compress ? 'origin, Accept, Cookie, accept-encoding' : 'origin, Accept, Cookie'
      expect(res.headers.get('vary')).toBe(vary)
      expect(res.headers.get('x-frame')).toBe('app')
      expect(res.headers.get('content-encoding')).toBe(compress ? 'gzip' : null)
      expect(await res.text()).toBe(compress ? BIG : 'hi')
    })
  }

  it("sends the host's cookie once per request when a view returns the same response object", async () => {
    const app = new App()
    const shared = new PhialResponse('hi', 200, { 'set-cookie': 'app=2', vary: 'Cookie' })
    app.get('/', () => shared)
    const { url } = await behindHost(app)
    for (let i = 0; i < 2; i++) {
      const res = await fetch(url)
      expect(res.status).toBe(200)
      expect(res.headers.getSetCookie()).toEqual(['host=1; Path=/', 'app=2'])
      expect(res.headers.get('vary')).toBe('origin, Accept, Cookie')
      expect(await res.text()).toBe('hi')
    }
  })

  it("keeps the host's Set-Cookie and Vary next to a session's", async () => {
    const app = new App({ secretKey: 'test secret key of some length' })
    app.get('/', (req) => {
      req.session.set('user', 'ada')
      return 'signed in'
    })
    const { url } = await behindHost(app)
    const res = await fetch(url)
    expect(res.status).toBe(200)
    const cookies = res.headers.getSetCookie()
    expect(cookies).toHaveLength(2)
    expect(cookies[0]).toBe('host=1; Path=/')
    expect(cookies[1]).toMatch(/^session=/)
    expect(res.headers.get('vary')).toBe('origin, Accept, Cookie')
    expect(await res.text()).toBe('signed in')
  })
})
