import { App } from 'phial'
import { describe, expect, it } from 'vitest'

// The extension of docs/hooks.md, verbatim.
function timing(app: App, { header = 'server-timing' } = {}) {
  app.beforeRequest((req) => {
    req.state.started = performance.now()
  })
  app.afterRequest((res, req) => {
    const ms = performance.now() - (req.state.started as number)
    res.setHeader(header, `app;dur=${ms.toFixed(1)}`)
  })
}

describe('the extension pattern', () => {
  it('adds a Server-Timing header to every response, errors included', async () => {
    const app = new App()
    app.get('/', () => 'x')
    timing(app)
    const ok = await app.request('/')
    expect(ok.headers.get('server-timing')).toMatch(/^app;dur=\d+\.\d$/)
    const missing = await app.request('/missing')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('server-timing')).toMatch(/^app;dur=/)
  })
})
