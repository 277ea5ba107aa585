import connect from 'connect'
import express from 'express'
import { App } from 'phial'
import { toNodeListener } from 'phial/node'
import { describe, expect, it } from 'vitest'
import { host } from './_servers.ts'

describe('inside Express and Connect', () => {
  it('reuses a body express.json() already parsed', async () => {
    const app = new App()
    app.post('/echo', async (req) => ({ json: await req.json(), text: await req.text() }))
    const outer = express()
    outer.use(express.json())
    outer.use('/api', toNodeListener(app))
    const { url } = await host(outer)
    const res = await fetch(`${url}/api/echo`, {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json' },
    })
    expect(await res.json()).toEqual({ json: { a: 1 }, text: '{"a":1}' })
  })

  it('reuses a form express.urlencoded() already parsed', async () => {
    const app = new App()
    app.post('/form', async (req) => ({ name: (await req.form()).get('name') }))
    const outer = express()
    outer.use(express.urlencoded({ extended: false }))
    outer.use(toNodeListener(app))
    const { url } = await host(outer)
    const res = await fetch(`${url}/form`, {
      method: 'POST',
      body: 'name=Ada',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(await res.json()).toEqual({ name: 'Ada' })
  })

  it('refuses with a clear error, never a hang, a body another middleware consumed', async () => {
    const logged: unknown[] = []
    const app = new App({
      logger: { error: (...a: unknown[]) => logged.push(a), warn() {}, info() {}, debug() {} },
    })
    app.post('/x', async (req) => req.text())
    const outer = express()
    outer.use((req, _res, next) => {
      req.on('data', () => {})
      req.on('end', () => next())
    })
    outer.use(toNodeListener(app))
    const { url } = await host(outer)
    const res = await fetch(`${url}/x`, {
      method: 'POST',
      body: 'abc',
      headers: { 'content-type': 'text/plain' },
    })
    expect(res.status).toBe(500)
    expect(String(logged[0])).toContain('already read by another middleware')
  })

  it('passes unmatched URLs to next() so Express can answer them', async () => {
    const app = new App()
    app.get('/mine', () => 'phial')
    const outer = express()
    outer.use(toNodeListener(app))
    outer.get('/theirs', (_req, res) => {
      res.send('express')
    })
    const { url } = await host(outer)
    expect(await (await fetch(`${url}/mine`)).text()).toBe('phial')
    expect(await (await fetch(`${url}/theirs`)).text()).toBe('express')
  })

  it('routes on the rest of the path under Connect and keeps the prefix in redirects and urlFor', async () => {
    const app = new App()
    app.get('/dir/', (req) => ({ self: req.urlFor('dir'), root: req.rootPath, path: req.path }))
    app.get('/', function dir() {
      return 'x'
    })
    const outer = connect()
    outer.use('/blog', toNodeListener(app))
    const { url } = await host(outer)
    const redirect = await fetch(`${url}/blog/dir?a=1`, { redirect: 'manual' })
    expect(redirect.status).toBe(308)
    expect(redirect.headers.get('location')).toBe('/blog/dir/?a=1')
    expect(await (await fetch(`${url}/blog/dir/`)).json()).toEqual({
      self: '/blog/',
      root: '/blog',
      path: '/dir/',
    })
  })
})
