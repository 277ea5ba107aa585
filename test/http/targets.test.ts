// RFC 9112 §3.2.2: with an absolute-form target (`GET http://example.com/x`, as proxies send), the
// server MUST ignore Host and use the target's authority, as Werkzeug's dev server does (it sets
// HTTP_HOST from the target's netloc). Routing has always used the target's path; now req.host,
// req.url, external urlFor and subdomain routing use its authority too. Expected values are Werkzeug's.
import type { AddressInfo } from 'node:net'
import connect from 'connect'
import express from 'express'
import { toNodeListener } from 'phial/node'
import { describe, expect, it } from 'vitest'
import { createFastifyHost, createKoaHost } from '../_hosts.ts'
import { host, track } from '../adapters/_servers.ts'
import { createTargetApp, rawGet } from './_targets.ts'

const where = (hostName: string, path = '') => ({
  status: 200,
  location: null,
  body: { host: hostName, url: `http://${hostName}${path}/where`, external: `http://${hostName}${path}/q` },
})

describe('an absolute-form target names the host over a raw socket (node:http)', () => {
  it('takes the host from the target, not Host, for req.host, req.url and external urlFor', async () => {
    const { port } = await host(toNodeListener(createTargetApp()))
    expect(await rawGet(port, 'http://evil.com/where')).toEqual(where('evil.com'))
    expect(await rawGet(port, 'http://evil.com:8080/where?x=1')).toMatchObject({
      body: { host: 'evil.com:8080', url: 'http://evil.com:8080/where?x=1' },
    })
    // The scheme's default port is dropped, as for a Host (Werkzeug's get_host).
    expect(await rawGet(port, 'http://evil.com:80/where')).toEqual(where('evil.com'))
    // An origin-form target still reads Host.
    expect(await rawGet(port, '/where')).toEqual(where('example.com'))
  })

  it('answers 400 for an authority with userinfo when the host is read, and routes the rest', async () => {
    const { port } = await host(toNodeListener(createTargetApp()))
    const res = await rawGet(port, 'http://user@evil.com/where')
    expect([res.status, res.location]).toEqual([400, null])
    expect(res.body).toContain('The Host header is missing or malformed.')
    expect(await rawGet(port, 'http://user@evil.com/n/user')).toEqual({
      status: 200,
      location: null,
      body: { name: 'user' },
    })
  })

  it('lets a trusted X-Forwarded-Host win over the target, as it wins over Host', async () => {
    const { port } = await host(toNodeListener(createTargetApp({ trustProxy: 1 })))
    const forwarded = 'Host: example.com\r\nX-Forwarded-Host: shop.example\r\n'
    expect(await rawGet(port, 'http://evil.com/where', forwarded)).toEqual(where('shop.example'))
  })

  it('routes subdomains on the target authority', async () => {
    const app = createTargetApp({ serverName: 'example.com' })
    app.get('/', { subdomain: 'api', endpoint: 'api' }, () => 'the api')
    app.get('/', function home() {
      return 'the site'
    })
    const { port } = await host(toNodeListener(app))
    const site = (body: string) => ({ status: 200, location: null, body })
    expect(await rawGet(port, 'http://api.example.com/')).toEqual(site('the api'))
    expect(await rawGet(port, '/', 'Host: api.example.com\r\n')).toEqual(site('the api'))
    expect(await rawGet(port, 'http://example.com/', 'Host: api.example.com\r\n')).toEqual(site('the site'))
  })
})

describe('an absolute-form target under a host framework, over a raw socket', () => {
  it.each<[string, () => Promise<number>]>([
    [
      'Express',
      async () => {
        const outer = express()
        outer.use('/blog', toNodeListener(createTargetApp()))
        return (await host(outer)).port
      },
    ],
    [
      'Connect',
      async () => {
        const outer = connect()
        outer.use('/blog', toNodeListener(createTargetApp()))
        return (await host(outer)).port
      },
    ],
    [
      'Koa',
      async () => (await host(createKoaHost(toNodeListener(createTargetApp()), '/blog').callback())).port,
    ],
    [
      'Fastify',
      async () => {
        const fastify = await createFastifyHost(toNodeListener(createTargetApp()), '/blog')
        await fastify.listen({ port: 0, host: '127.0.0.1' })
        track({ close: () => fastify.close() })
        return (fastify.server.address() as AddressInfo).port
      },
    ],
  ])('keeps the target authority under %s at /blog', async (_name, start) => {
    const port = await start()
    expect(await rawGet(port, 'http://evil.com/blog/where')).toEqual(where('evil.com', '/blog'))
    expect(await rawGet(port, '/blog/where')).toEqual(where('example.com', '/blog'))
  })
})
