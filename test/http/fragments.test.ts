// RFC 9112 §3.2: a request target has no fragment, but Node's parser passes `#…` on and WHATWG URLs
// keep one (app.request, Bun's and Deno's servers): phial drops it, as Werkzeug's urlsplit does, so it
// is never routed as part of the path or read as part of the query. Expected values are Werkzeug 3.1.8's.
import connect from 'connect'
import express from 'express'
import { serve, toNodeListener } from 'phial/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'
import { createKoaHost } from '../_hosts.ts'
import { host } from '../adapters/_servers.ts'
import { createTargetApp, rawGet } from './_targets.ts'

describe('a fragment in the target over a raw socket (node:http)', () => {
  let port: number
  let close: () => Promise<void>
  beforeAll(async () => {
    const handle = await serve(createTargetApp(), { port: 0 })
    port = handle.port
    close = () => handle.close()
  })
  afterAll(() => close())

  const q = (x: string | null, rawQuery: string, y: string | null = null) => ({
    status: 200,
    location: null,
    body: { x, y, rawQuery, path: '/q', url: `http://example.com/q${rawQuery && `?${rawQuery}`}` },
  })

  it.each([
    ['/q#frag', q(null, '')],
    ['/q?x=a#frag', q('a', 'x=a')],
    ['/q?x=a#frag?y=b&x=c', q('a', 'x=a')],
    ['/q#frag?x=a', q(null, '')],
    ['/q?x=a&y=b#', q('a', 'x=a&y=b', 'b')],
    ['http://example.com/q?x=a#frag', q('a', 'x=a')],
  ])('drops the fragment of %s before the query is read', async (target, expected) => {
    expect(await rawGet(port, target)).toEqual(expected)
  })

  it('routes on the path without the fragment, params included', async () => {
    expect(await rawGet(port, '/n/user#frag')).toEqual({
      status: 200,
      location: null,
      body: { name: 'user' },
    })
    expect(await rawGet(port, '/files/a#b/c')).toEqual({ status: 200, location: null, body: { p: 'a' } })
    expect((await rawGet(port, '/dir/#x')).body).toEqual({ root: '', path: '/dir/', rawQuery: '' })
  })

  it('leaves the fragment out of the slash redirect', async () => {
    expect(await rawGet(port, '/dir#frag')).toEqual({ status: 308, location: '/dir/', body: '' })
    expect(await rawGet(port, '/dir?x=a#frag')).toEqual({ status: 308, location: '/dir/?x=a', body: '' })
  })
})

describe.each(gateways)('a fragment in the target through $name', (gateway) => {
  let served: Served
  beforeAll(async () => {
    served = await gateway.serve(createTargetApp())
  })
  afterAll(() => served.close())

  // fetch drops the fragment itself; app.request hands phial a WHATWG Request whose url keeps it.
  it('reads the query and routes without the fragment', async () => {
    const res = await served.fetch('/q?x=a#frag?y=b')
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'application/json'])
    expect(await res.json()).toMatchObject({ x: 'a', y: null, rawQuery: 'x=a', path: '/q' })
    expect(await (await served.fetch('/files/a#b')).json()).toEqual({ p: 'a' })
    const redirect = await served.fetch('/dir?x=a#frag', { redirect: 'manual' })
    expect([redirect.status, redirect.headers.get('location')]).toEqual([308, `${served.prefix}/dir/?x=a`])
    expect(await redirect.text()).toBe('')
  })
})

describe('a fragment after a mount prefix, over a raw socket', () => {
  const dir = (root: string) => ({ status: 200, location: null, body: { root, path: '/dir/', rawQuery: '' } })

  it('keeps the Express and Connect prefixes', async () => {
    const outer = express()
    outer.use('/mnt', toNodeListener(createTargetApp()))
    const { port: viaExpress } = await host(outer)
    expect(await rawGet(viaExpress, '/mnt/dir/#x')).toEqual(dir('/mnt'))
    expect(await rawGet(viaExpress, '/mnt/dir#x')).toMatchObject({ status: 308, location: '/mnt/dir/' })
    const connected = connect()
    connected.use('/mnt', toNodeListener(createTargetApp()))
    const { port: viaConnect } = await host(connected)
    expect(await rawGet(viaConnect, '/mnt/dir/#x')).toEqual(dir('/mnt'))
    expect(await rawGet(viaConnect, '/mnt/dir#x?y')).toMatchObject({ status: 308, location: '/mnt/dir/' })
  })

  it('mounts /blog#x as the root under stripPrefix (the Koa recipe) and Connect', async () => {
    const app = createTargetApp()
    app.get('/', (req) => ({ root: req.rootPath, path: req.path, url: req.url }))
    const root = {
      status: 200,
      location: null,
      body: { root: '/blog', path: '/', url: 'http://example.com/blog/' },
    }
    const { port: viaKoa } = await host(createKoaHost(toNodeListener(app), '/blog').callback())
    expect(await rawGet(viaKoa, '/blog#x')).toEqual(root)
    const connected = connect()
    connected.use('/blog', toNodeListener(app))
    const { port: viaConnect } = await host(connected)
    expect(await rawGet(viaConnect, '/blog#x')).toEqual(root)
  })
})
