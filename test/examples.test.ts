import { describe, expect, it } from 'vitest'
import { app } from '../examples/hello.ts'

describe('examples/hello.ts', () => {
  it('answers its routes', async () => {
    expect(await (await app.request('/')).text()).toBe('Hello, World!')
    expect(await (await app.request('/users/7')).json()).toEqual({ id: '7' })
    expect(await (await app.request('/posts/41')).json()).toEqual({ id: 41, next: 42 })
    expect((await app.request('/posts/abc')).status).toBe(404)
    expect(await (await app.request('/about')).text()).toContain('About')
    const echo = await app.request('/echo', {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json' },
    })
    expect([echo.status, await echo.json()]).toEqual([201, { a: 1 }])
  })
})

describe('examples/blueprints', async () => {
  const { app: bp } = await import('../examples/blueprints/app.ts')
  const client = bp.testClient()

  it('links pages with urlFor', async () => {
    const res = await client.get('/')
    expect(res.status).toBe(200)
    const body = await res.text()
    expect(body).toContain('href="/posts/1"')
    expect(body).toContain('href="/admin/"')
  })

  it('answers each scope with its own error handler', async () => {
    const page = await client.get('/posts/9')
    expect([page.status, await page.text()]).toEqual([404, '<h1>Page not found</h1>'])
    const missing = await client.get('/api/v1/posts/9')
    expect([missing.status, await missing.json()]).toEqual([404, { error: 'There is no post 9.' }])
    const forbidden = await client.get('/admin/')
    expect(forbidden.status).toBe(403)
    expect(await forbidden.text()).toContain('Admins only.')
    const invalid = await client.put('/api/v1/posts/1', { json: { title: 3 } })
    expect([invalid.status, await invalid.json()]).toEqual([422, { error: 'title must be a string' }])
  })

  it('serves the nested API and the admin area', async () => {
    const post = await client.get('/api/v1/posts/2')
    expect(post.headers.get('cache-control')).toBe('no-store') // PostAPI's static decorators
    expect(await post.json()).toEqual({
      id: 2,
      title: 'Blueprints in practice',
      url: '/posts/2',
    })
    expect((await client.get('/api/v1/posts')).status).toBe(200)
    const admin = await client.get('/admin/', { headers: { 'x-admin-token': 'let-me-in' } })
    expect(await admin.text()).toContain('2 posts')
    const allow = await client.options('/api/v1/posts/1')
    expect(allow.headers.get('allow')).toBe('GET, HEAD, PUT, OPTIONS')
  })
})

describe('examples/tenants', async () => {
  const { app } = await import('../examples/tenants.ts')

  it('lists the shops with links to their subdomains, built across hosts', async () => {
    const res = await app.request('http://localhost:8000/')
    expect(res.status).toBe(200)
    const body = await res.text()
    expect(body).toContain('<a href="http://alice.localhost:8000/">Alice’s bookshop</a>')
    expect(body).toContain('<a href="http://bob.localhost:8000/">Bob’s bakery</a>')
  })

  it("serves each tenant's page on its subdomain, and 404 for a tenant that does not exist", async () => {
    const bob = await app.request('http://bob.localhost:8000/')
    expect(await bob.text()).toBe(
      '<h1>Bob’s bakery</h1><p><a href="http://localhost:8000/">All shops</a></p>',
    )
    const carol = await app.request('http://carol.localhost:8000/')
    expect(carol.status).toBe(404)
    expect(await carol.text()).toContain('There is no shop called carol.')
  })
})
