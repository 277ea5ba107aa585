import type { AddressInfo } from 'node:net'
import { App } from 'phial'
import { toNodeListener } from 'phial/node'
import { afterEach, describe, expect, it } from 'vitest'
import { createFastifyHost, createKoaHost } from '../_hosts.ts'

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
    const fastify = await createFastifyHost(toNodeListener(app), '/blog')
    await fastify.listen({ port: 0, host: '127.0.0.1' })
    closers.push(() => fastify.close())
    const { port } = fastify.server.address() as AddressInfo
    await exercise(`http://127.0.0.1:${port}`)
  })

  it('mounts in Koa 3 under a prefix', async () => {
    const app = createApp()
    const koa = createKoaHost(toNodeListener(app), '/blog')
    const server = koa.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    closers.push(() => new Promise((resolve) => server.close(resolve)))
    const { port } = server.address() as AddressInfo
    await exercise(`http://127.0.0.1:${port}`)
  })
})
