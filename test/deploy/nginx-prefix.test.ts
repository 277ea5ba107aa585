// The app under /blog behind nginx. phial does not read X-Forwarded-Prefix (Werkzeug's ProxyFix reads
// it only with x_prefix=1), so a proxy that strips the prefix leaves phial building links without it.
// The documented way: nginx passes /blog/… on unchanged and the Node server strips the prefix itself
// (examples/deploy/prefix.ts), which makes it phial's rootPath, Flask's SCRIPT_NAME.
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ServerHandle } from 'phial/node'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createDeployApp, serveApp } from './_app.ts'
import { documentedNginx } from './_docs.ts'
import { CLIENT_IP, send } from './_http.ts'
import { type ProxyProcess, requireProxies, skipWithoutProxies, startNginx, substitute } from './_proxies.ts'

const atBlog = (site: string) => substitute(site, 'location / {', 'location /blog/ {')

describe.skipIf(skipWithoutProxies())('an app under /blog behind nginx', () => {
  let prefixed: Server
  let plain: ServerHandle
  let passing: ProxyProcess // passes /blog/… on unchanged, to prefix.ts
  let stripping: ProxyProcess // proxy_pass http://phial/; strips /blog, sends X-Forwarded-Prefix

  beforeAll(async () => {
    requireProxies()
    vi.stubEnv('SECRET_KEY', 'a key for the prefix test')
    prefixed = (await import('../../examples/deploy/prefix.ts')).server
    await new Promise<void>((resolve) => prefixed.listen(0, '127.0.0.1', resolve))
    passing = await startNginx(documentedNginx((prefixed.address() as AddressInfo).port, atBlog), 2)
    plain = await serveApp(createDeployApp({ trustProxy: true }).app)
    const strip = (site: string) =>
      substitute(
        atBlog(site),
        'proxy_pass http://phial;',
        'proxy_pass http://phial/;\n    proxy_set_header X-Forwarded-Prefix /blog;',
      )
    stripping = await startNginx(documentedNginx(plain.port, strip), 2)
  })

  afterAll(async () => {
    vi.unstubAllEnvs()
    await Promise.all([passing?.stop(), stripping?.stop()])
    await plain?.close()
    prefixed?.closeAllConnections()
    await new Promise((resolve) => prefixed?.close(resolve))
  })

  it('routes /blog/… and gives the URL with the prefix', async () => {
    const [, https] = passing.ports as [number, number]
    const res = await send(https, '/blog/?page=2', { scheme: 'https' })
    expect([res.status, res.headers['content-type']]).toEqual([200, 'application/json'])
    expect(JSON.parse(res.body)).toMatchObject({ ip: CLIENT_IP, url: 'https://example.com/blog/?page=2' })
  })

  it('builds urlFor, redirects and the slash redirect under the prefix', async () => {
    const [, https] = passing.ports as [number, number]
    const posts = await send(https, '/blog/posts/', { scheme: 'https' })
    expect(JSON.parse(posts.body)).toEqual({ self: 'https://example.com/blog/posts/' })
    const slash = await send(https, '/blog/posts', { scheme: 'https' })
    expect([slash.status, slash.headers.location]).toEqual([308, '/blog/posts/'])
    const login = await send(https, '/blog/login', { method: 'POST', scheme: 'https' })
    expect([login.status, login.headers.location]).toEqual([302, '/blog/'])
    const cookie = (login.headers['set-cookie']?.[0] ?? '').split(';')[0] as string
    const home = await send(https, '/blog/', { scheme: 'https', headers: { cookie } })
    expect(JSON.parse(home.body)).toMatchObject({ user: 'ada' })
  })

  it('ignores X-Forwarded-Prefix: behind a stripping proxy its links leave /blog out', async () => {
    const [, https] = stripping.ports as [number, number]
    const who = await send(https, '/blog/whoami', { scheme: 'https' })
    expect(JSON.parse(who.body)).toMatchObject({
      url: 'https://example.com/whoami',
      external: 'https://example.com/whoami',
    })
    const slash = await send(https, '/blog/dir', { scheme: 'https' })
    expect([slash.status, slash.headers.location]).toEqual([308, '/dir/'])
  })
})
