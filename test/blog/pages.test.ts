// The blog's list in pages: route defaults in a real app (page 1 at '/', '/page/1' redirected there).
import { describe, expect, it } from 'vitest'
import { PAGE_SIZE } from '../../examples/blog/posts.ts'
import { newBlog, registerAndLogIn, submit } from './_blog.ts'

/** A blog with the seeded post plus `extra` more by grace, so `1 + extra` posts in all. */
async function blogWith(extra: number) {
  const client = (await newBlog()).testClient()
  await registerAndLogIn(client, 'grace', 'cobol-1959')
  for (let i = 1; i <= extra; i++) {
    const created = await submit(client, '/posts/new', { title: `Note ${i}`, body: `Body ${i}` })
    if (created.status !== 200) throw new Error(`post ${i} was not created: ${created.status}`)
  }
  return client
}

const titles = (html: string) => [...html.matchAll(/<a href="\/posts\/\d+">([^<]+)<\/a>/g)].map((m) => m[1])

describe('examples/blog: pages of posts', () => {
  it('shows the newest posts at / and the rest on /page/2, linked both ways', async () => {
    const client = await blogWith(PAGE_SIZE + 1)
    const first = await client.get('/')
    expect(first.status).toBe(200)
    const firstBody = await first.text()
    expect(titles(firstBody)).toEqual(
      Array.from({ length: PAGE_SIZE }, (_, i) => `Note ${PAGE_SIZE + 1 - i}`),
    )
    expect(firstBody).toContain('<span>Page 1 of 2</span>')
    expect(firstBody).toContain('<a rel="next" href="/page/2">Older →</a>')
    expect(firstBody).not.toContain('rel="prev"')

    const second = await client.get('/page/2')
    expect(second.status).toBe(200)
    const secondBody = await second.text()
    expect(titles(secondBody)).toEqual(['Note 1', 'Hello from phial'])
    expect(secondBody).toContain('<a rel="prev" href="/">← Newer</a>')
    expect(secondBody).not.toContain('rel="next"')
  })

  it('redirects /page/1 to / with 308, and answers 404 past the last page and for page 0', async () => {
    const client = await blogWith(PAGE_SIZE + 1)
    const one = await client.get('/page/1?from=feed')
    expect([one.status, one.headers.get('location')]).toEqual([308, '/?from=feed'])
    const past = await client.get('/page/3')
    expect(past.status).toBe(404)
    expect(await past.text()).toContain('There is no page 3; the last is 2.')
    expect((await client.get('/page/0')).status).toBe(404)
    expect((await client.get('/page/x')).status).toBe(404)
  })

  it('shows no page links while every post fits on one page', async () => {
    const client = (await newBlog()).testClient()
    const body = await (await client.get('/')).text()
    expect(body).not.toContain('class="pages"')
    expect((await client.get('/page/2')).status).toBe(404)
  })
})
