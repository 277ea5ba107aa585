// Bodies a host's parser already read (express.urlencoded(), express.json({ strict: false })), and
// absolute-form targets (RFC 9112 §3.2.2: `GET http://host/path`) through phial, Connect and the
// Fastify and Koa recipes of docs/request-response.md#mounting-in-fastify-and-koa.
import type { AddressInfo } from 'node:net'
import connect from 'connect'
import express from 'express'
import { App } from 'phial'
import { toNodeListener } from 'phial/node'
import { describe, expect, it } from 'vitest'
import { createFastifyHost, createKoaHost } from '../_hosts.ts'
import { parseRaw, rawRequest } from './_raw.ts'
import { host, track } from './_servers.ts'

function quietApp(logged: unknown[] = []): App {
  return new App({ logger: { error: (...a: unknown[]) => logged.push(a), warn() {}, info() {}, debug() {} } })
}

/** POSTs `body` to `path` and returns status, content type and text. */
async function post(url: string, body: string, type: string) {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': type } })
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() }
}

/** Sends `GET <target> HTTP/1.1` on a raw socket (fetch cannot send the absolute form). */
async function rawGet(port: number, target: string) {
  const raw = await rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n`)
  const { status, headers, body } = parseRaw(raw)
  const location = /^location: (.*)$/m.exec(headers)?.[1] ?? null
  return { status, location, body }
}

describe('bodies a host parser already read', () => {
  const FORM = 'application/x-www-form-urlencoded'

  it('reuses a form with a repeated key that express.urlencoded() parsed, as phial alone reads it', async () => {
    const app = new App()
    app.post('/form', async (req) => [...(await req.form())])
    const parsed = express()
    parsed.use(express.urlencoded({ extended: false }))
    parsed.use(toNodeListener(app))
    const withParser = await host(parsed)
    const alone = await host(toNodeListener(app))
    const body = 'tag=a&tag=b&name=Ada&empty=&empty=x'
    const expected = {
      status: 200,
      type: 'application/json',
      body: '[["tag","a"],["tag","b"],["name","Ada"],["empty",""],["empty","x"]]',
    }
    expect(await post(`${alone.url}/form`, body, FORM)).toEqual(expected)
    expect(await post(`${withParser.url}/form`, body, FORM)).toEqual(expected)
  })

  it('refuses, naming extended: true, a nested form express.urlencoded({ extended: true }) built', async () => {
    const logged: unknown[] = []
    const app = quietApp(logged)
    app.post('/form', async (req) => [...(await req.form())])
    const outer = express()
    outer.use(express.urlencoded({ extended: true }))
    outer.use(toNodeListener(app))
    const { url } = await host(outer)
    const res = await post(`${url}/form`, 'a[b]=1', FORM)
    expect([res.status, res.type]).toEqual([500, 'text/html; charset=utf-8'])
    expect(res.body).toContain('<h1>Internal Server Error</h1>')
    expect(res.body).not.toContain('extended') // the reason is logged, not shown
    expect(String(logged[0])).toContain('express.urlencoded({ extended: true })')
  })

  it.each([
    ['null', 'null', null],
    ['123', '123', 123],
    ['true', 'true', true],
    [' "abc" ', '"abc"', 'abc'],
  ])(
    'reuses the JSON %s express.json({ strict: false }) parsed; text() is it re-serialised',
    async (body, text, json) => {
      const app = new App()
      app.post('/echo', async (req) => ({ json: await req.json(), text: await req.text() }))
      const outer = express()
      outer.use(express.json({ strict: false }))
      outer.use(toNodeListener(app))
      const { url } = await host(outer)
      const res = await post(`${url}/echo`, body, 'application/json')
      expect(res.status).toBe(200)
      expect(res.type).toBe('application/json')
      expect(JSON.parse(res.body)).toEqual({ json, text })
    },
  )
})

describe('absolute-form targets', () => {
  function createApp(): App {
    const app = new App()
    app.get('/', function home(req) {
      return { root: req.rootPath, self: req.urlFor('home'), query: req.query.toString() }
    })
    app.get('/dir/', (req) => ({ root: req.rootPath, path: req.path }))
    app.get('/y', () => 'wrong route')
    return app
  }

  it('ends the path at "?" when the authority has no path (GET http://a?x=1)', async () => {
    const { port } = await host(toNodeListener(createApp()))
    const home = { status: 200, location: null, body: '{"root":"","self":"/","query":"x=1"}' }
    expect(await rawGet(port, 'http://a?x=1')).toEqual(home)
    expect(await rawGet(port, 'http://a?x=/y')).toEqual({ ...home, body: home.body.replace('x=1', 'x=%2Fy') })
  })

  it('keeps the Connect mount prefix for an absolute-form target', async () => {
    const outer = connect()
    outer.use('/blog', toNodeListener(createApp()))
    const { port } = await host(outer)
    expect(await rawGet(port, 'http://a/blog/dir?x=1')).toEqual({
      status: 308,
      location: '/blog/dir/?x=1',
      body: '',
    })
    expect(await rawGet(port, 'http://a/blog/dir/')).toEqual({
      status: 200,
      location: null,
      body: '{"root":"/blog","path":"/dir/"}',
    })
    expect(await rawGet(port, 'http://a/blog?x=1')).toEqual({
      status: 200,
      location: null,
      body: '{"root":"/blog","self":"/blog/","query":"x=1"}',
    })
  })
})

describe('the Fastify and Koa recipes', () => {
  async function startFastify(): Promise<number> {
    const fastify = await createFastifyHost(toNodeListener(createRecipeApp()), '/blog')
    await fastify.listen({ port: 0, host: '127.0.0.1' })
    track({ close: () => fastify.close() })
    return (fastify.server.address() as AddressInfo).port
  }

  async function startKoa(): Promise<number> {
    const { port } = await host(createKoaHost(toNodeListener(createRecipeApp()), '/blog').callback())
    return port
  }

  function createRecipeApp(): App {
    const app = new App()
    app.get('/', function home(req) {
      return { root: req.rootPath, self: req.urlFor('home'), query: req.query.toString() }
    })
    app.get('/dir/', (req) => ({ root: req.rootPath, path: req.path }))
    return app
  }

  it.each([
    ['Fastify', startFastify],
    ['Koa', startKoa],
  ])('%s: routes the bare prefix, its query, and absolute-form targets', async (_name, start) => {
    const port = await start()
    const root = (query: string) => ({
      status: 200,
      location: null,
      body: `{"root":"/blog","self":"/blog/","query":"${query}"}`,
    })
    expect(await rawGet(port, '/blog')).toEqual(root(''))
    expect(await rawGet(port, '/blog?x=1')).toEqual(root('x=1'))
    expect(await rawGet(port, 'http://a/blog?x=1')).toEqual(root('x=1'))
    expect(await rawGet(port, 'http://a/blog/dir/')).toEqual({
      status: 200,
      location: null,
      body: '{"root":"/blog","path":"/dir/"}',
    })
    expect(await rawGet(port, 'http://a/blog/dir?x=1')).toMatchObject({
      status: 308,
      location: '/blog/dir/?x=1',
    })
    // Outside the prefix the host answers, not phial.
    expect((await rawGet(port, '/blogger')).status).toBe(404)
  })
})
