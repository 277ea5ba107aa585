import { App } from 'phial'
import { serve } from 'phial/node'
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
