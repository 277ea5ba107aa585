// Async answers through `app.fetch`: the view's promise settles straight into a WHATWG Response
// (toFetchResponse runs inside the view's own `then`), whatever way the answer arrives.
import { App, HTTPError, json } from 'phial'
import { describe, expect, it } from 'vitest'

const tick = () => new Promise((resolve) => setTimeout(resolve, 1))
class NoCoffee extends Error {}

function createApp(withHooks: boolean): App {
  const app = new App()
  if (withHooks) app.beforeRequest(() => undefined)
  app.post('/echo', async (req) => await req.json())
  app.get('/teapot', async () => {
    await tick()
    throw new NoCoffee('no coffee')
  })
  app.get('/gone', async () => {
    await tick()
    throw new HTTPError(410, 'It went away.')
  })
  app.get('/later', async (req) => {
    req.afterThisRequest(async (res) => {
      await tick()
      res.setHeader('x-after', 'yes')
    })
    await tick()
    return json({ made: true }, 201)
  })
  app.errorHandler(NoCoffee, async (error) => {
    await tick()
    return json({ error: (error as Error).message }, 418)
  })
  return app
}

describe.each([false, true])('async answers through app.fetch (hooks: %s)', (withHooks) => {
  const app = createApp(withHooks)
  const fetch = (path: string, init?: RequestInit) => app.fetch(new Request(`http://x${path}`, init))

  it('answers an async view with a Response', async () => {
    const res = await fetch('/echo', {
      method: 'POST',
      body: '{"a":[1,2]}',
      headers: { 'content-type': 'application/json' },
    })
    expect(res).toBeInstanceOf(Response)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await res.json()).toEqual({ a: [1, 2] })
  })

  it('answers a rejection through an async error handler', async () => {
    const res = await fetch('/teapot')
    expect(res.status).toBe(418)
    expect(await res.json()).toEqual({ error: 'no coffee' })
  })

  it('answers an HTTPError from an async view with its status', async () => {
    const res = await fetch('/gone')
    expect(res.status).toBe(410)
    expect(await res.text()).toContain('It went away.')
  })

  it('runs an async afterThisRequest hook before the Response is built', async () => {
    const res = await fetch('/later')
    expect(res.status).toBe(201)
    expect(res.headers.get('x-after')).toBe('yes')
    expect(await res.json()).toEqual({ made: true })
  })

  it('answers a bad JSON body with 400 and keeps serving', async () => {
    const bad = await fetch('/echo', {
      method: 'POST',
      body: '{"a":',
      headers: { 'content-type': 'application/json' },
    })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('not valid JSON')
    const good = await fetch('/echo', {
      method: 'POST',
      body: '[1]',
      headers: { 'content-type': 'application/json' },
    })
    expect(await good.json()).toEqual([1])
  })
})
