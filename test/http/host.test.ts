// req.host, req.url and external urlFor drop the scheme's default port, as Werkzeug's get_host
// (werkzeug/sansio/utils.py) does: `example.com:80` on http and `example.com:443` on https are
// `example.com`. The host comes from X-Forwarded-Host with trustProxy so that every gateway can set
// it (fetch cannot send Host), and from the Host header itself on a raw socket.
import { App } from 'phial'
import { serve } from 'phial/node'
import { describe, expect, it } from 'vitest'
import { gateways } from '../_gateways.ts'
import { parseRaw, rawRequest } from '../adapters/_raw.ts'
import { useGateway } from '../parity/_parity.ts'

function createApp(options: { serverName?: string } = {}): App {
  const app = new App({ trustProxy: true, ...options })
  app.get('/u', function u(req) {
    return { host: req.host, url: req.url, external: req.urlFor('u', {}, { external: true }) }
  })
  return app
}

const at = (host: string, proto = 'http'): RequestInit => ({
  headers: { 'x-forwarded-host': host, 'x-forwarded-proto': proto },
})

// [Host, scheme, req.host]: only the scheme's own default port is dropped.
const CASES: [string, string, string][] = [
  ['example.com:80', 'http', 'example.com'],
  ['example.com:443', 'https', 'example.com'],
  ['example.com:443', 'http', 'example.com:443'],
  ['example.com:80', 'https', 'example.com:80'],
  ['example.com:8080', 'http', 'example.com:8080'],
  ['example.com:8443', 'https', 'example.com:8443'],
  ['example.com', 'https', 'example.com'],
  ['[::1]:80', 'http', '[::1]'],
  ['[::1]:443', 'http', '[::1]:443'],
]

describe.each(gateways)('the request host through $name', (gateway) => {
  const start = useGateway(gateway)

  it.each(CASES)('reads %s over %s as %s in req.host, req.url and urlFor', async (host, scheme, expected) => {
    const served = await start(createApp())
    const res = await served.fetch('/u', at(host, scheme))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    const url = `${scheme}://${expected}${served.prefix}/u`
    expect(await res.json()).toEqual({ host: expected, url, external: url })
  })

  it('routes a subdomain whatever port the Host names, and whether serverName names one', async () => {
    for (const serverName of ['example.com', 'example.com:80']) {
      const app = new App({ serverName, trustProxy: true })
      app.get('/', () => 'plain')
      app.get('/', { subdomain: 'api', endpoint: 'api' }, (req) => `api ${req.host}`)
      const served = await start(app)
      for (const host of ['api.example.com:80', 'api.example.com']) {
        const res = await served.fetch('/', at(host))
        expect([res.status, await res.text()]).toEqual([200, 'api api.example.com'])
      }
      const plain = await served.fetch('/', at('example.com:80'))
      expect([plain.status, await plain.text()]).toEqual([200, 'plain'])
    }
  })
})

describe('external URLs built from serverName', () => {
  it('leave out the default port serverName names, as Werkzeug does, and keep any other', async () => {
    for (const [serverName, scheme, origin] of [
      ['example.com:80', 'http', 'http://example.com'],
      ['example.com:443', 'https', 'https://example.com'],
      ['example.com:443', 'http', 'http://example.com:443'],
      ['example.com:8080', 'http', 'http://example.com:8080'],
    ] as const) {
      const app = new App({ serverName })
      app.get('/', { subdomain: 'api', endpoint: 'api' }, () => 'api')
      app.get('/links', (req) => ({ api: req.urlFor('api', {}, { scheme, external: true }) }))
      // Outside a request, and inside one on another host, where the subdomain's host is serverName's.
      expect(app.urlFor('api', {}, { scheme, external: true })).toBe(
        `${scheme}://api.${origin.split('://')[1]}/`,
      )
      const res = await app.request(`${scheme}://${serverName.replace(/:\d+$/, '')}/links`)
      expect([res.status, res.headers.get('content-type')]).toEqual([200, 'application/json'])
      expect(await res.json()).toEqual({ api: `${scheme}://api.${origin.split('://')[1]}/` })
    }
  })
})

describe('the request host through a raw node:http socket', () => {
  it('drops :80 from the Host header a client sends', async () => {
    const handle = await serve(createApp(), { port: 0 })
    try {
      const raw = await rawRequest(
        handle.port,
        'GET /u?x=1 HTTP/1.1\r\nHost: Example.com:80\r\nConnection: close\r\n\r\n',
      )
      const res = parseRaw(raw)
      expect(res.status).toBe(200)
      expect(res.headers).toContain('content-type: application/json')
      expect(JSON.parse(res.body)).toEqual({
        host: 'Example.com',
        url: 'http://Example.com/u?x=1',
        external: 'http://Example.com/u',
      })
    } finally {
      await handle.close()
    }
  })
})
