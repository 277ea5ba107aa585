// The documented nginx configuration in front of phial: what trustProxy makes of the headers nginx
// sets, over http and https, and what a client can and cannot make phial believe.
import type { ServerHandle } from 'phial/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDeployApp, serveApp } from './_app.ts'
import { documentedNginx } from './_docs.ts'
import { CLIENT_IP, send } from './_http.ts'
import { type ProxyProcess, requireProxies, skipWithoutProxies, startNginx } from './_proxies.ts'

describe.skipIf(skipWithoutProxies())('nginx in front of phial, as docs/deployment.md configures it', () => {
  const servers: ServerHandle[] = []
  const proxies: ProxyProcess[] = []
  // [http, https] of nginx in front of an app with trustProxy: true, of one without, and of one that
  // counts a proxy too many.
  let trusted: number[]
  let untrusted: number[]
  let overcounted: number[]

  beforeAll(async () => {
    requireProxies()
    for (const trustProxy of [true, false, 2]) {
      const server = await serveApp(createDeployApp({ trustProxy }).app)
      servers.push(server)
      proxies.push(await startNginx(documentedNginx(server.port), 2))
    }
    ;[trusted, untrusted, overcounted] = proxies.map((proxy) => proxy.ports) as [number[], number[], number[]]
  })

  afterAll(async () => {
    await Promise.all(proxies.map((proxy) => proxy.stop()))
    await Promise.all(servers.map((server) => server.close()))
  })

  const whoami = async (port: number, options: Parameters<typeof send>[2] = {}, path = '/whoami') => {
    const res = await send(port, path, options)
    expect(res.status).toBe(200)
    return JSON.parse(res.body) as Record<string, string>
  }

  it("gives the client's address, the https scheme, the host and the URL with trustProxy: true", async () => {
    const [, https] = trusted as [number, number]
    expect(await whoami(https, { scheme: 'https' }, '/whoami?x=1')).toEqual({
      name: 'app',
      ip: CLIENT_IP,
      scheme: 'https',
      host: 'example.com',
      url: 'https://example.com/whoami?x=1',
      external: 'https://example.com/whoami',
    })
  })

  it('gives http over the plain port, and the host without the port nginx listens on ($host)', async () => {
    const [http] = trusted as [number]
    const seen = await whoami(http, { headers: { host: 'Example.COM:8080' } })
    expect([seen.ip, seen.scheme, seen.host, seen.url]).toEqual([
      CLIENT_IP,
      'http',
      'example.com',
      'http://example.com/whoami',
    ])
  })

  it('redirects to an external urlFor on https, and the slash redirect stays relative', async () => {
    const [, https] = trusted as [number, number]
    const go = await send(https, '/go', { scheme: 'https' })
    expect([go.status, go.headers.location]).toEqual([302, 'https://example.com/whoami?from=go'])
    const slash = await send(https, '/dir?a=1', { scheme: 'https' })
    expect([slash.status, slash.headers.location]).toEqual([308, '/dir/?a=1'])
    const dir = await send(https, '/dir/', { scheme: 'https' })
    expect([dir.status, dir.headers['content-type'], dir.body]).toEqual([
      200,
      'text/html; charset=utf-8',
      'a folder',
    ])
  })

  it('takes the address nginx appended, not what the client wrote in X-Forwarded-*', async () => {
    const [http] = trusted as [number]
    const spoofed = {
      'x-forwarded-for': '6.6.6.6',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'evil.example',
    }
    const seen = await whoami(http, { headers: spoofed })
    expect([seen.ip, seen.scheme, seen.host, seen.external]).toEqual([
      CLIENT_IP,
      'http',
      'example.com',
      'http://example.com/whoami',
    ])
  })

  it("without trustProxy ignores every X-Forwarded-* header: nginx's address, and http even over https", async () => {
    const [http, https] = untrusted as [number, number]
    const spoofed = await whoami(http, { headers: { 'x-forwarded-for': '6.6.6.6' } })
    expect(spoofed.ip).toBe('127.0.0.1')
    const seen = await whoami(https, { scheme: 'https' })
    expect([seen.ip, seen.scheme, seen.external]).toEqual(['127.0.0.1', 'http', 'http://example.com/whoami'])
  })

  it('with trustProxy: 2 behind one proxy takes the address the client wrote', async () => {
    const [http] = overcounted as [number]
    expect((await whoami(http, { headers: { 'x-forwarded-for': '6.6.6.6' } })).ip).toBe('6.6.6.6')
    expect((await whoami(http)).ip).toBe(CLIENT_IP) // a list shorter than 2: its leftmost entry
  })
})
