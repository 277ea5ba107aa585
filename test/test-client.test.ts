import { App, redirect, text } from 'phial'
import { describe, expect, it } from 'vitest'

function createApp(): App {
  const app = new App()
  app.post('/login', async (req) => {
    const form = await req.form()
    const res = redirect('/me', 303)
    res.setCookie('user', form.get('user') ?? '')
    res.setCookie('scoped', 'yes', { path: '/admin' })
    return res
  })
  app.get('/me', (req) => ({ user: req.cookies.user ?? null, scoped: req.cookies.scoped ?? null }))
  app.get('/admin/me', (req) => ({ scoped: req.cookies.scoped ?? null }))
  app.post('/logout', () => text('bye').deleteCookie('user'))
  app.post('/json', async (req) => ({ body: await req.json(), q: req.query.getAll('q') }))
  app.post('/keep', () => redirect('/echo-method', 307))
  app.all('/echo-method', async (req) => ({ method: req.method, body: await req.text() }))
  app.get('/loop', () => redirect('/loop'))
  return app
}

describe('the test client', () => {
  it('keeps cookies across requests and follows a 303 with GET', async () => {
    const client = createApp().testClient()
    const res = await client.post('/login', { form: { user: 'ada' }, followRedirects: true })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ user: 'ada', scoped: null })
    expect(client.getCookie('user')).toBe('ada')
    expect(res.url).toBe('http://localhost/me')
    expect(res.history.map((r) => [r.status, r.url])).toEqual([[303, 'http://localhost/login']])
  })

  it('sends a cookie only under its Path', async () => {
    const client = createApp().testClient()
    await client.post('/login', { form: { user: 'ada' } })
    expect(await (await client.get('/admin/me')).json()).toEqual({ scoped: 'yes' })
  })

  it('forgets a deleted cookie', async () => {
    const client = createApp().testClient()
    await client.post('/login', { form: { user: 'ada' } })
    await client.post('/logout')
    expect(client.getCookie('user')).toBeUndefined()
    expect(await (await client.get('/me')).json()).toEqual({ user: null, scoped: null })
  })

  it('sends json bodies and query values', async () => {
    const client = createApp().testClient()
    const res = await client.post('/json', { json: { a: [1] }, query: { q: ['x', 'y'] } })
    expect(await res.json()).toEqual({ body: { a: [1] }, q: ['x', 'y'] })
  })

  it('repeats method and body on 307', async () => {
    const client = createApp().testClient()
    const res = await client.post('/keep', { body: 'payload', followRedirects: true })
    expect(await res.json()).toEqual({ method: 'POST', body: 'payload' })
  })

  it('does not follow redirects unless asked, and stops a redirect loop', async () => {
    const client = createApp().testClient()
    expect((await client.get('/loop')).status).toBe(302)
    await expect(client.get('/loop', { followRedirects: true })).rejects.toThrow(/more than 20 redirects/)
  })

  it('lets a test set a cookie by hand', async () => {
    const client = createApp().testClient()
    client.setCookie('user', 'grace')
    expect(await (await client.get('/me')).json()).toEqual({ user: 'grace', scoped: null })
  })
})
