import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { App } from 'phial'
import { serve, toNodeListener } from 'phial/node'
import { describe, expect, it } from 'vitest'
import { parseRaw, rawRequest } from './adapters/_raw.ts'

const quiet = { error() {}, warn() {}, info() {}, debug() {} }

function createApp(debug: boolean): App {
  const app = new App({ debug, logger: quiet })
  app.get('/boom', function boom() {
    throw new Error('kaboom <b>')
  })
  return app
}

describe('debug mode', () => {
  it('shows the error, the stack and the source lines to a local request', async () => {
    const res = await createApp(true).request('/boom')
    expect(res.status).toBe(500)
    const body = await res.text()
    expect(body).toContain('Error: kaboom &lt;b&gt;')
    expect(body).toContain('debug.test.ts')
    // The frame's source line, with the throwing statement highlighted.
    expect(body).toMatch(/class="here">\s*\d+\s+ {4}throw new Error\(&#39;kaboom &lt;b&gt;&#39;\)/)
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
  })

  it('never shows the page when the Host is not local', async () => {
    const res = await createApp(true).request('http://example.com/boom')
    const body = await res.text()
    expect(res.status).toBe(500)
    expect(body).not.toContain('kaboom')
    expect(body).toContain('Internal Server Error')
  })

  it('never shows the page over the network to a non-local Host, on Node either', async () => {
    const handle = await serve(createApp(true), { port: 0 })
    try {
      const raw = await rawRequest(
        handle.port,
        'GET /boom HTTP/1.1\r\nHost: public.example\r\nConnection: close\r\n\r\n',
      )
      const res = parseRaw(raw)
      expect(res.status).toBe(500)
      expect(res.body).not.toContain('kaboom')
      const local = await fetch(`${handle.url}/boom`)
      expect(await local.text()).toContain('kaboom')
    } finally {
      await handle.close()
    }
  })

  it('never shows the page when the peer is unknown, whatever the Host says', async () => {
    // A fetch handler given no connection info (Bun.serve({ fetch: (r) => app.fetch(r) })).
    const viaFetch = await createApp(true).fetch(
      new Request('http://example.com/boom', { headers: { host: 'localhost' } }),
    )
    expect(await viaFetch.text()).not.toContain('kaboom')
    // A Unix socket, as behind nginx: Node gives no remote address.
    const path = join(mkdtempSync(join(tmpdir(), 'phial-debug-')), 'app.sock')
    const server = createServer(toNodeListener(createApp(true)))
    await new Promise<void>((resolve) => server.listen(path, resolve))
    try {
      const body = await new Promise<string>((resolve, reject) => {
        const socket = connect(path, () => socket.end('GET /boom HTTP/1.1\r\nHost: localhost\r\n\r\n'))
        let data = ''
        socket.setEncoding('utf8').on('data', (chunk) => {
          data += chunk
        })
        socket.on('end', () => resolve(data)).on('error', reject)
      })
      expect(body).toMatch(/^HTTP\/1\.1 500 /)
      expect(body).not.toContain('kaboom')
    } finally {
      server.close()
    }
  })

  it('reads source only for the frames of the stack, not for lines a message holds', async () => {
    const app = new App({ debug: true, logger: quiet })
    app.get('/echo-error', (req) => {
      throw new Error(req.query.get('m') ?? '')
    })
    const secret = join(mkdtempSync(join(tmpdir(), 'phial-debug-')), 'secret.txt')
    // Built, not written out: the test's own source lines appear on the page as real frames.
    const content = ['only', 'in', 'the', 'file'].join('-')
    writeFileSync(secret, `${content}\n`)
    const message = `x\n    at evil (${secret}:1:1)`
    const body = await (await app.request(`/echo-error?m=${encodeURIComponent(message)}`)).text()
    expect(body).toContain('debug.test.ts') // the real frames still show their source
    expect(body).not.toContain(content)
  })

  it('is off by default', async () => {
    const body = await (await createApp(false).request('/boom')).text()
    expect(body).not.toContain('kaboom')
  })
})

describe('config', () => {
  it('loads prefixed environment variables as camelCase, JSON-parsed, nested by __', () => {
    const app = new App()
    app.config.fromEnv('MYAPP_', {
      MYAPP_SECRET_KEY: 'shh',
      MYAPP_MAX_CONTENT_LENGTH: '2048',
      MYAPP_DEBUG: 'true',
      MYAPP_DB__HOST: 'localhost',
      MYAPP_DB__PORT: '5432',
      MYAPP___PROTO__: '{"polluted":true}',
      OTHER: 'x',
    })
    expect(app.config.secretKey).toBe('shh')
    expect(app.config.maxContentLength).toBe(2048)
    expect(app.config.debug).toBe(true)
    expect(app.config.db).toEqual({ host: 'localhost', port: 5432 })
    expect(app.config.other).toBeUndefined()
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('applies a config change before the first request: maxContentLength', async () => {
    const app = new App()
    app.config.fromObject({ maxContentLength: 4 })
    app.post('/', async (req) => req.text())
    expect((await app.request('/', { method: 'POST', body: '12345' })).status).toBe(413)
  })
})
