// The documented HAProxy configuration in front of two phial servers: the client's address, TLS ended
// by HAProxy, headers a client cannot forge, round-robin, a session either server accepts when both
// share the key, server-sent events and the 413.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ServerHandle } from 'phial/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDeployApp, type DeployApp, LIMIT, serveApp } from './_app.ts'
import { example } from './_docs.ts'
import { CLIENT_IP, open, reader, send } from './_http.ts'
import {
  type ProxyProcess,
  requireProxies,
  skipWithoutProxies,
  startHaproxy,
  substitute,
  TLS,
} from './_proxies.ts'

/** examples/deploy/haproxy.cfg on 127.0.0.1 (http, https) with these two servers and the test certificate. */
function documentedHaproxy(first: number, second: number): (ports: number[], dir: string) => string {
  return ([http, https], dir) => {
    const pem = join(dir, 'example.com.pem') // HAProxy reads the certificate and its key from one file
    writeFileSync(pem, Buffer.concat([readFileSync(TLS.cert), readFileSync(TLS.key)]))
    let config = example('haproxy.cfg')
    config = substitute(config, 'bind :80', `bind 127.0.0.1:${http}`)
    config = substitute(
      config,
      'bind :443 ssl crt /etc/haproxy/certs/example.com.pem',
      `bind 127.0.0.1:${https} ssl crt ${pem}`,
    )
    config = substitute(config, 'server app1 127.0.0.1:8001', `server app1 127.0.0.1:${first}`)
    return substitute(config, 'server app2 127.0.0.1:8002', `server app2 127.0.0.1:${second}`)
  }
}

describe.skipIf(skipWithoutProxies())(
  'HAProxy in front of two phial servers, as docs/deployment.md configures it',
  () => {
    const deploys: DeployApp[] = []
    const servers: ServerHandle[] = []
    const proxies: ProxyProcess[] = []
    let shared: number // both servers with one secretKey
    let apart: number // each server with its own

    beforeAll(async () => {
      requireProxies()
      for (const keys of [
        ['shared', 'shared'],
        ['one key', 'another key'],
      ]) {
        const pair: number[] = []
        for (const [i, secretKey] of keys.entries()) {
          const deploy = createDeployApp({ name: `app${i + 1}`, secretKey, trustProxy: true })
          const server = await serveApp(deploy.app)
          deploys.push(deploy)
          servers.push(server)
          pair.push(server.port)
        }
        proxies.push(await startHaproxy(documentedHaproxy(pair[0] as number, pair[1] as number), 2))
      }
      ;[shared, apart] = proxies.map((proxy) => proxy.ports[0] as number) as [number, number]
    })

    afterAll(async () => {
      for (const deploy of deploys) deploy.release()
      await Promise.all(proxies.map((proxy) => proxy.stop()))
      await Promise.all(servers.map((server) => server.close()))
    })

    it("gives the client's address and scheme, not what the client wrote in X-Forwarded-*", async () => {
      const headers = {
        'x-forwarded-for': '6.6.6.6',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'evil.example',
      }
      const res = await send(shared, '/whoami?x=1', { headers })
      expect(res.status).toBe(200)
      expect(JSON.parse(res.body)).toMatchObject({
        ip: CLIENT_IP,
        scheme: 'http',
        host: 'example.com',
        url: 'http://example.com/whoami?x=1',
        external: 'http://example.com/whoami',
      })
    })

    it('gives https, the host and the URL to phial when HAProxy ends TLS', async () => {
      const https = (proxies[0] as ProxyProcess).ports[1] as number
      const res = await send(https, '/whoami?x=1', { scheme: 'https' })
      expect(JSON.parse(res.body)).toMatchObject({
        ip: CLIENT_IP,
        scheme: 'https',
        url: 'https://example.com/whoami?x=1',
        external: 'https://example.com/whoami',
      })
      const go = await send(https, '/go', { scheme: 'https' })
      expect([go.status, go.headers.location]).toEqual([302, 'https://example.com/whoami?from=go'])
    })

    it('sends the requests to each server in turn', async () => {
      const names: string[] = []
      for (let i = 0; i < 4; i++) names.push(JSON.parse((await send(shared, '/whoami')).body).name)
      expect(names.slice(1)).toEqual(
        names[0] === 'app1' ? ['app2', 'app1', 'app2'] : ['app1', 'app2', 'app1'],
      )
    })

    it('keeps a session across both servers when they share the secretKey', async () => {
      const login = await send(shared, '/login', { method: 'POST' })
      expect(login.status).toBe(200)
      const cookie = (login.headers['set-cookie']?.[0] ?? '').split(';')[0] as string
      expect(cookie).toMatch(/^session=/)
      const seen = [
        await send(shared, '/me', { headers: { cookie } }),
        await send(shared, '/me', { headers: { cookie } }),
      ]
      expect(seen.map((res) => JSON.parse(res.body)).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
        { name: 'app1', user: 'ada' },
        { name: 'app2', user: 'ada' },
      ])
    })

    it('loses the session on the other server when each has its own secretKey', async () => {
      const login = await send(apart, '/login', { method: 'POST' })
      const signer = JSON.parse(login.body).name
      const cookie = (login.headers['set-cookie']?.[0] ?? '').split(';')[0] as string
      const seen = [
        await send(apart, '/me', { headers: { cookie } }),
        await send(apart, '/me', { headers: { cookie } }),
      ]
      const users = Object.fromEntries(
        seen.map((res) => [JSON.parse(res.body).name, JSON.parse(res.body).user]),
      )
      expect(users).toEqual({
        app1: signer === 'app1' ? 'ada' : null,
        app2: signer === 'app2' ? 'ada' : null,
      })
    })

    it('delivers the first server-sent event while the stream is still open', async () => {
      const res = await open(shared, '/events')
      expect([res.statusCode, res.headers['content-type']]).toEqual([200, 'text/event-stream'])
      const body = reader(res)
      expect(await body.until('\n\n')).toBe('event: first\ndata: one\n\n')
      for (const deploy of deploys) deploy.release()
      expect(await body.rest()).toBe('event: first\ndata: one\n\nevent: second\ndata: {"n":2}\n\n')
    })

    it("brings phial's 413 to the client for a body over maxContentLength, every time", async () => {
      const body = Buffer.alloc(LIMIT + 1024 * 1024, 'x')
      for (let i = 0; i < 4; i++) {
        const res = await send(shared, '/length', {
          method: 'POST',
          body,
          headers: { accept: 'application/json' },
        })
        expect([res.status, JSON.parse(res.body).error]).toEqual([413, 'Content Too Large'])
      }
      const after = await send(shared, '/length', { method: 'POST', body: 'still here' })
      expect([after.status, after.body]).toEqual([200, '{"length":10}'])
    })
  },
)
