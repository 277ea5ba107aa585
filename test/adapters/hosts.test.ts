import type { AddressInfo } from 'node:net'
import Fastify from 'fastify'
import Koa from 'koa'
import { App } from 'phial'
import { toNodeListener } from 'phial/node'
import { afterEach, describe, expect, it } from 'vitest'

// These tests keep docs/request-response.md#mounting-in-fastify-and-koa true.
function createApp(): App {
  const app = new App()
  app.get('/', function home(req) {
    return { root: req.rootPath, self: req.urlFor('home') }
  })
  app.get('/dir/', () => 'dir')
  app.post('/echo', async (req) => ({ got: await req.json() }))
  return app
}

const closers: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

async function exercise(base: string) {
  expect(await (await fetch(`${base}/blog/`)).json()).toEqual({ root: '/blog', self: '/blog/' })
  const redirect = await fetch(`${base}/blog/dir?x=1`, { redirect: 'manual' })
  expect([redirect.status, redirect.headers.get('location')]).toEqual([308, '/blog/dir/?x=1'])
  const echo = await fetch(`${base}/blog/echo`, {
    method: 'POST',
    body: '{"a":1}',
    headers: { 'content-type': 'application/json' },
  })
  expect(await echo.json()).toEqual({ got: { a: 1 } })
  expect((await fetch(`${base}/blog/missing`)).status).toBe(404)
}

describe('mounting in Fastify and Koa', () => {
  it('mounts in Fastify 5 under a prefix, phial reading the body', async () => {
    const app = createApp()
    const fastify = Fastify()
    const listener = toNodeListener(app)
    await fastify.register(
      async (scope) => {
        // Leave every body to phial: no Fastify parser reads it first.
        scope.removeAllContentTypeParsers()
        scope.addContentTypeParser('*', (_req, _payload, done) => done(null))
        scope.all('/*', (request, reply) => {
          reply.hijack()
          const raw = request.raw as typeof request.raw & { baseUrl?: string }
          raw.baseUrl = '/blog'
          raw.url = raw.url?.slice('/blog'.length) || '/'
          listener(raw, reply.raw)
        })
      },
      { prefix: '/blog' },
    )
    await fastify.listen({ port: 0, host: '127.0.0.1' })
    closers.push(() => fastify.close())
    const { port } = fastify.server.address() as AddressInfo
    await exercise(`http://127.0.0.1:${port}`)
  })

  it('mounts in Koa 3 under a prefix', async () => {
    const app = createApp()
    const koa = new Koa()
    const listener = toNodeListener(app)
    koa.use(async (ctx, next) => {
      if (ctx.path !== '/blog' && !ctx.path.startsWith('/blog/')) return next()
      ctx.respond = false // phial writes the response itself
      const raw = ctx.req as typeof ctx.req & { baseUrl?: string }
      raw.baseUrl = '/blog'
      raw.url = raw.url?.slice('/blog'.length) || '/'
      listener(raw, ctx.res)
    })
    const server = koa.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    closers.push(() => new Promise((resolve) => server.close(resolve)))
    const { port } = server.address() as AddressInfo
    await exercise(`http://127.0.0.1:${port}`)
  })
})
