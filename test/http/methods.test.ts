// The request method, upper-cased as Werkzeug does (Request.method, MapAdapter.match). Fetch
// normalises only DELETE GET HEAD OPTIONS POST PUT, so `patch` or `propfind` reach app.request, Deno
// and the test client as sent; Node's parser refuses a method that is not upper-case itself.
import { App, json } from 'phial'
import { describe, expect, it } from 'vitest'
import { parseRaw, rawRequest, useRawServer } from '../adapters/_raw.ts'

function createApp(): App {
  const app = new App()
  app.patch('/p', (req) => `patched with ${req.method}`)
  app.route('/dav', { methods: ['PROPFIND'] }, (req) => `dav ${req.method}`)
  app.all('/any', (req) => `any ${req.method} ${req.raw.method}`)
  app.get('/get-only', () => 'get')
  return app
}

describe('a method that is not upper-case, through app.request', () => {
  const app = createApp()

  it.each(['patch', 'Patch', 'pAtCh'])('routes %s to the PATCH route, as PATCH', async (method) => {
    const res = await app.request('/p', { method })
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8'])
    expect(await res.text()).toBe('patched with PATCH')
  })

  it('upper-cases a method Fetch does not know (propfind) and one an app.all route answers', async () => {
    const dav = await app.request('/dav', { method: 'propfind' })
    expect([dav.status, await dav.text()]).toEqual([200, 'dav PROPFIND'])
    // req.raw is the WHATWG Request as it came.
    const any = await app.request('/any', { method: 'patch' })
    expect([any.status, await any.text()]).toEqual([200, 'any PATCH patch'])
  })

  it('shows hooks and error handlers the upper-case method on a 405', async () => {
    const hooked = createApp()
    const seen: string[] = []
    hooked.beforeRequest((req) => {
      seen.push(req.method)
    })
    hooked.errorHandler(405, (error: { headers: Record<string, string> }, req) =>
      json({ method: req.method, allow: error.headers.allow }, 405),
    )
    const res = await hooked.request('/get-only', { method: 'patch' })
    expect([res.status, res.headers.get('content-type')]).toEqual([405, 'application/json'])
    expect(await res.json()).toEqual({ method: 'PATCH', allow: 'GET, HEAD, OPTIONS' })
    expect(seen).toEqual(['PATCH'])
  })
})

describe('a method that is not upper-case, over a raw socket (node:http)', () => {
  const port = useRawServer(createApp)

  const send = async (method: string, path: string) =>
    parseRaw(await rawRequest(port(), `${method} ${path} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n`))

  it('answers PATCH, and leaves a lower-case method to Node, which refuses it with 400', async () => {
    expect(await send('PATCH', '/p')).toMatchObject({ status: 200, body: 'patched with PATCH' })
    expect(await send('PROPFIND', '/dav')).toMatchObject({ status: 200, body: 'dav PROPFIND' })
    expect((await send('patch', '/p')).status).toBe(400)
  })
})
