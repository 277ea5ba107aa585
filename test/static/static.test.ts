import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { App, Blueprint } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendFile, sendFromDirectory, serveStatic } from '../../src/static.ts'
import { gateways, type Served } from '../_gateways.ts'
import { parseRaw, rawRequest } from '../adapters/_raw.ts'

const fixtures = join(import.meta.dirname, '_fixtures')
const SECRETS = ['TOP SECRET', 'dotfile-secret', 'hidden-dir-secret']
const hello = readFileSync(join(fixtures, 'public/hello.txt'), 'utf8')

function createApp(): App {
  const app = new App({ sendFileMaxAge: 0 })
  serveStatic(app, { root: fixtures, folder: 'public' })
  const admin = new Blueprint('admin', { urlPrefix: '/admin' })
  serveStatic(admin, { root: fixtures, folder: 'admin-static', maxAge: 60 })
  admin.get('/', (req) => ({ css: req.urlFor('.static', { filename: 'admin.css' }) }))
  app.registerBlueprint(admin)
  app.get('/links', (req) => ({ css: req.urlFor('static', { filename: 'app.css' }) }))
  app.get('/report', (req) =>
    sendFile(req, join(fixtures, 'public/hello.txt'), { asAttachment: true, downloadName: 'résumé.txt' }),
  )
  app.get('/inline', (req) => sendFile(req, join(fixtures, 'public/hello.txt'), { downloadName: 'notes.md' }))
  app.get('/missing', (req) => sendFile(req, join(fixtures, 'public/nope.txt')))
  app.get('/files/<path:name>', (req) => sendFromDirectory(req, join(fixtures, 'public'), req.params.name))
  return app
}

/** Traversal attempts, each sent as written; the comment says what phial's single decoding makes of it. */
const TRAVERSALS: Array<[target: string, status: number]> = [
  ['/static/../secret.txt', 404],
  ['/static/sub/../../secret.txt', 404],
  ['/static/%2e%2e/secret.txt', 404], // → ../secret.txt
  ['/static/%2E%2E/secret.txt', 404],
  ['/static/.%2e/secret.txt', 404],
  ['/static/..%2fsecret.txt', 404], // → ../secret.txt in one param
  ['/static/..%2Fsecret.txt', 404],
  ['/static/%2e%2e%2fsecret.txt', 404],
  ['/static/sub%2f..%2f..%2fsecret.txt', 404],
  ['/static/%252e%252e%252fsecret.txt', 404], // → the literal name %2e%2e%2fsecret.txt, never decoded twice
  ['/static/%252e%252e/secret.txt', 404],
  ['/static/..%5csecret.txt', 404], // → ..\secret.txt
  ['/static/%5c..%5csecret.txt', 404],
  ['/static/hello.txt%00.css', 404], // → a NUL
  ['/static/%00', 404],
  ['/static//etc/passwd', 404], // an absolute name
  ['/static/%2fetc%2fpasswd', 404],
  ['/static/.env', 404], // dot-files
  ['/static/%2eenv', 404],
  ['/static/.hidden/file.txt', 404],
  ['/static/sub', 404], // a directory
  ['/static/sub/', 404],
  ['/static/%zz', 400], // malformed encoding
  ['/static/%', 400],
  ['/static/..%c0%afsecret.txt', 400], // overlong UTF-8 is malformed, not a slash
  ['/files/..%2fsecret.txt', 404],
  ['/files/%2e%2e/%2e%2e/secret.txt', 404],
]

describe.each(gateways)('static files through $name', (gateway) => {
  let served: Served
  beforeAll(async () => {
    served = await gateway.serve(createApp())
  })
  afterAll(() => served.close())

  const get = (path: string, init?: RequestInit) => served.fetch(path, init)

  it('serves a file with its type, length, validators and caching headers', async () => {
    const res = await get('/static/hello.txt')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(hello)))
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/)
    expect(new Date(res.headers.get('last-modified') ?? '').getTime()).not.toBeNaN()
    expect(res.headers.get('cache-control')).toBe('no-cache')
    expect(res.headers.get('accept-ranges')).toBe('bytes')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await res.text()).toBe(hello)
  })

  it('guesses the type by extension, and octet-stream when it does not know it', async () => {
    const css = await get('/static/app.css')
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8')
    expect(await css.text()).toContain('color: teal')
    const html = await get('/static/index.html')
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8')
    await html.body?.cancel()
    const blob = await get('/static/blob.xyz')
    expect(blob.headers.get('content-type')).toBe('application/octet-stream')
    expect(new Uint8Array(await blob.arrayBuffer()).slice(0, 3)).toEqual(new Uint8Array([0, 1, 2]))
  })

  it('serves nested files and builds static URLs with the mount prefix', async () => {
    expect(await (await get('/static/sub/page.txt')).text()).toBe('nested page\n')
    expect(await (await get('/links')).json()).toEqual({ css: `${served.prefix}/static/app.css` })
  })

  it('serves a blueprint static folder under its prefix with its own max-age', async () => {
    const res = await get('/admin/static/admin.css')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=60')
    expect(await res.text()).toContain('navy')
    expect(await (await get('/admin/')).json()).toEqual({ css: `${served.prefix}/admin/static/admin.css` })
  })

  it('answers If-None-Match with 304 and no body, keeping the validators', async () => {
    const first = await get('/static/hello.txt')
    await first.text()
    const etag = first.headers.get('etag') as string
    const res = await get('/static/hello.txt', { headers: { 'if-none-match': `"nope", ${etag}` } })
    expect(res.status).toBe(304)
    expect(res.headers.get('etag')).toBe(etag)
    expect(res.headers.get('cache-control')).toBe('no-cache')
    expect(await res.text()).toBe('')
    const weak = await get('/static/hello.txt', { headers: { 'if-none-match': `W/${etag}` } })
    expect(weak.status).toBe(304)
    const other = await get('/static/hello.txt', { headers: { 'if-none-match': '"other"' } })
    expect(other.status).toBe(200)
    expect(await other.text()).toBe(hello)
  })

  it('answers If-Modified-Since with 304 when unchanged and 200 when older', async () => {
    const first = await get('/static/hello.txt')
    await first.text()
    const lastModified = first.headers.get('last-modified') as string
    const res = await get('/static/hello.txt', { headers: { 'if-modified-since': lastModified } })
    expect(res.status).toBe(304)
    expect(await res.text()).toBe('')
    const older = await get('/static/hello.txt', {
      headers: { 'if-modified-since': new Date(Date.parse(lastModified) - 60_000).toUTCString() },
    })
    expect(older.status).toBe(200)
    await older.text()
    const garbage = await get('/static/hello.txt', { headers: { 'if-modified-since': 'yesterday' } })
    expect(garbage.status).toBe(200)
    await garbage.text()
  })

  it('answers a failed If-Match with 412', async () => {
    const res = await get('/static/hello.txt', { headers: { 'if-match': '"not-it"' } })
    expect(res.status).toBe(412)
    await res.text()
  })

  it('answers a single Range with 206 and Content-Range', async () => {
    const res = await get('/static/hello.txt', { headers: { range: 'bytes=7-12' } })
    expect(res.status).toBe(206)
    expect(res.headers.get('content-range')).toBe(`bytes 7-12/${hello.length}`)
    expect(res.headers.get('content-length')).toBe('6')
    expect(await res.text()).toBe('static')
    const suffix = await get('/static/hello.txt', { headers: { range: 'bytes=-7' } })
    expect(suffix.status).toBe(206)
    expect(await suffix.text()).toBe('world!\n')
    const open = await get('/static/hello.txt', { headers: { range: 'bytes=14-' } })
    expect(await open.text()).toBe('world!\n')
  })

  it('answers an unsatisfiable Range with 416 and the size', async () => {
    const res = await get('/static/hello.txt', { headers: { range: 'bytes=9999-' } })
    expect(res.status).toBe(416)
    expect(res.headers.get('content-range')).toBe(`bytes */${hello.length}`)
    await res.text()
  })

  it('ignores several ranges, a malformed Range, and a Range whose If-Range is stale', async () => {
    for (const headers of [
      { range: 'bytes=0-1,4-5' },
      { range: 'lines=1-2' },
      { range: 'bytes=5-2' },
      { range: 'bytes=0-4', 'if-range': '"stale"' },
    ]) {
      const res = await get('/static/hello.txt', { headers })
      expect(res.status, JSON.stringify(headers)).toBe(200)
      expect(await res.text()).toBe(hello)
    }
  })

  it('answers HEAD with the GET headers and Content-Length but no body', async () => {
    const res = await get('/static/hello.txt', { method: 'HEAD' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(hello)))
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(res.headers.get('etag')).toMatch(/^"/)
    expect(await res.text()).toBe('')
  })

  it('sends a file as an attachment with an RFC 8187 name', async () => {
    const res = await get('/report')
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="r_sum_.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt`,
    )
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await res.text()).toBe(hello)
    const inline = await get('/inline')
    expect(inline.headers.get('content-disposition')).toBe('inline; filename="notes.md"')
    expect(inline.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
    await inline.text()
  })

  it('answers 404 for a missing file, not 500', async () => {
    for (const path of ['/missing', '/static/nope.css', '/files/nope.txt']) {
      const res = await get(path)
      expect(res.status, path).toBe(404)
      await res.text()
    }
  })

  it.each(TRAVERSALS)('never serves a byte from outside the root: %s', async (target, status) => {
    const res = await get(target)
    // fetch normalises some targets itself (`/static/../x` → `/x`): still never a file outside.
    expect([status, 404]).toContain(res.status)
    const body = await res.text()
    for (const secret of SECRETS) expect(body).not.toContain(secret)
  })

  it('refuses every traversal sent raw on the wire', async () => {
    if (served.port === undefined) return // in-process: there is no wire, the test above covers it
    for (const [target, status] of TRAVERSALS) {
      const raw = await rawRequest(
        served.port,
        `GET ${served.prefix}${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
      )
      const res = parseRaw(raw)
      expect(res.status, target).toBe(status)
      for (const secret of SECRETS) expect(raw, target).not.toContain(secret)
    }
    // A dot-segment fetch would remove: only canonical names are served.
    const dot = await rawRequest(
      served.port,
      `GET ${served.prefix}/static/./hello.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
    )
    expect(parseRaw(dot).status).toBe(404)
  })
})
