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
