import { describe, expect, it } from 'vitest'
import { csrfFrom, newBlog, registerAndLogIn, submit } from './_blog.ts'

describe('examples/blog: pages', () => {
  it('lists the seeded post in the layout, with the stylesheet from static/', async () => {
    const client = (await newBlog()).testClient()
    const home = await client.get('/')
    expect(home.status).toBe(200)
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const body = await home.text()
    expect(body).toContain('<title>Posts · phial blog</title>')
    expect(body).toContain('<a href="/posts/1">Hello from phial</a>')
    expect(body).toContain('href="/static/style.css"')
    expect(body).toContain('href="/auth/login"')
    const css = await client.get('/static/style.css')
    expect(css.status).toBe(200)
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8')
    expect(await css.text()).toContain('.flash.error')
  })

  it('registers, logs in, posts, edits, deletes and logs out', async () => {
    const client = (await newBlog()).testClient()

    const registered = await submit(client, '/auth/register', { username: 'grace', password: 'cobol-1959' })
    expect(registered.status).toBe(200)
    expect(registered.path).toBe('/auth/login')
    expect(registered.body).toContain('<p class="flash success" role="status">Your account is ready.')

    const wrong = await submit(client, '/auth/login', { username: 'grace', password: 'fortran-1957' })
    expect(wrong.status).toBe(422)
    const wrongBody = wrong.body
    expect(wrongBody).toContain('<p class="flash error" role="status">Wrong username or password.</p>')
    expect(wrongBody).toContain('value="grace"')

    const unknown = await submit(client, '/auth/login', { username: 'nobody', password: 'cobol-1959' })
    expect(unknown.status).toBe(422)
    expect(unknown.body).toContain('Wrong username or password.')

    const loggedIn = await submit(client, '/auth/login', { username: 'grace', password: 'cobol-1959' })
    expect(loggedIn.status).toBe(200)
    expect(loggedIn.path).toBe('/')
    const home = loggedIn.body
    expect(home).toContain('Welcome back, grace.')
    expect(home).toContain('<span class="who">grace</span>')

    const created = await submit(client, '/posts/new', {
      title: 'Bugs <script>alert(1)</script>',
      body: 'The first one was a moth.\n\nIt was taped into the log book.',
    })
    expect(created.status).toBe(200)
    expect(created.path).toBe('/posts/2')
    const shown = created.body
    expect(shown).toContain('Published “Bugs &lt;script&gt;alert(1)&lt;/script&gt;”.')
    expect(shown).not.toContain('<script>')
    expect(shown).toContain('<p>The first one was a moth.</p>')
    expect(shown).toContain('<p>It was taped into the log book.</p>')

    const listed = await (await client.get('/')).text()
    expect(listed).toContain('<a href="/posts/2">Bugs &lt;script&gt;')
    expect(listed).toContain('<a href="/posts/2/edit">Edit</a>')
    expect(listed).not.toContain('<a href="/posts/1/edit">') // ada's post
    expect(listed.indexOf('/posts/2')).toBeLessThan(listed.indexOf('/posts/1')) // newest first

    const edited = await submit(client, '/posts/2/edit', { title: 'The first bug', body: 'A moth.' })
    expect(edited.path).toBe('/posts/2')
    const editedBody = edited.body
    expect(editedBody).toContain('Your changes are saved.')
    expect(editedBody).toContain('<h1>The first bug</h1>')

    const deleted = await submit(client, '/posts/2/edit', {}, '/posts/2/delete')
    expect(deleted.path).toBe('/')
    const afterDelete = deleted.body
    expect(afterDelete).toContain('Deleted “The first bug”.')
    expect(afterDelete).not.toContain('/posts/2')
    expect((await client.get('/posts/2')).status).toBe(404)

    const loggedOut = await submit(client, '/', {}, '/auth/logout')
    const outBody = loggedOut.body
    expect(outBody).toContain('You have logged out.')
    expect(outBody).toContain('href="/auth/login"')
    const gated = await client.get('/posts/new')
    expect(gated.status).toBe(303)
    expect(gated.headers.get('location')).toBe('/auth/login?next=%2Fposts%2Fnew')
  })

  it('sends a visitor back where they were going after logging in, but never off the site', async () => {
    const client = (await newBlog()).testClient()
    const page = await client.get('/posts/new', { followRedirects: true })
    expect(await page.text()).toContain('Please log in first.')
    const back = await submit(client, '/auth/login?next=%2Fposts%2Fnew', {
      username: 'ada',
      password: 'lovelace1843',
    })
    expect(back.path).toBe('/posts/new')
    expect(back.body).toContain('<h1>New post</h1>')

    for (const next of [
      '//evil.example/',
      '/\\evil.example',
      'https://evil.example/',
      '/\nX',
      '/\r\nSet-Cookie:x=1',
    ]) {
      const other = (await newBlog()).testClient()
      const token = csrfFrom(await (await other.get('/auth/login')).text())
      const res = await other.post(`/auth/login?next=${encodeURIComponent(next)}`, {
        form: { username: 'ada', password: 'lovelace1843', csrf_token: token },
      })
      expect([res.status, res.headers.get('location')]).toEqual([303, '/'])
    }
  })

  it('refuses a taken username, a bad username and a short password with 422', async () => {
    const client = (await newBlog()).testClient()
    const cases: [Record<string, string>, string][] = [
      [{ username: 'ADA', password: 'long-enough' }, 'The username ADA is taken.'],
      [{ username: 'a b', password: 'long-enough' }, 'A username is 3 to 32 letters'],
      [{ username: 'linus', password: 'short' }, 'A password needs at least 8 characters.'],
    ]
    for (const [fields, message] of cases) {
      const res = await submit(client, '/auth/register', fields)
      expect(res.status).toBe(422)
      expect(res.body).toContain(message)
    }
  })

  it('re-renders a post without a title with 422, keeping the text', async () => {
    const client = (await newBlog()).testClient()
    await registerAndLogIn(client, 'grace', 'cobol-1959')
    const res = await submit(client, '/posts/new', { title: '  ', body: 'Kept <b>text</b>' })
    expect(res.status).toBe(422)
    const body = res.body
    expect(body).toContain('<p class="flash error" role="status">A post needs a title.</p>')
    expect(body).toContain('>Kept &lt;b&gt;text&lt;/b&gt;</textarea>')
  })

  it('answers 404 for a missing post with the layout', async () => {
    const client = (await newBlog()).testClient()
    const missing = await client.get('/posts/99')
    expect(missing.status).toBe(404)
    const body = await missing.text()
    expect(body).toContain('<h1>404</h1>')
    expect(body).toContain('There is no post 99.')
    expect(body).toContain('href="/static/style.css"')
    expect((await client.get('/posts/abc')).status).toBe(404)
    expect((await client.get('/no/such/page')).status).toBe(404)
  })

  it("answers 403 when a user edits or deletes another user's post, and changes nothing", async () => {
    const client = (await newBlog()).testClient()
    await registerAndLogIn(client, 'grace', 'cobol-1959')
    const page = await client.get('/posts/1/edit')
    expect(page.status).toBe(403)
    expect(await page.text()).toContain('Only its author can change a post.')
    const token = csrfFrom(await (await client.get('/posts/new')).text())
    const edit = await client.post('/posts/1/edit', {
      form: { title: 'Mine now', body: 'x', csrf_token: token },
    })
    expect(edit.status).toBe(403)
    const remove = await client.post('/posts/1/delete', { form: { csrf_token: token } })
    expect(remove.status).toBe(403)
    expect(await (await client.get('/api/posts/1')).json()).toMatchObject({ title: 'Hello from phial' })
  })
})

describe('examples/blog: CSRF', () => {
  it('answers 400 to a POST without the token, with a wrong one or with another session’s', async () => {
    const app = await newBlog()
    const client = app.testClient()
    const login = { username: 'ada', password: 'lovelace1843' }

    const missing = await client.post('/auth/login', { form: login })
    expect(missing.status).toBe(400)
    expect(await missing.text()).toContain('The CSRF token is missing.')

    const token = csrfFrom(await (await client.get('/auth/login')).text())
    const wrong = await client.post('/auth/login', {
      form: { ...login, csrf_token: token.replace(/./, 'x') },
    })
    expect(wrong.status).toBe(400)
    expect(await wrong.text()).toContain('The CSRF token is invalid.')

    const other = app.testClient()
    const foreign = await other.post('/auth/login', { form: { ...login, csrf_token: token } })
    expect(foreign.status).toBe(400)

    const asJSON = await client.post('/auth/login', { json: login })
    expect(asJSON.status).toBe(400)

    const byHeader = await client.post('/auth/login', { form: login, headers: { 'x-csrftoken': token } })
    expect(byHeader.status).toBe(303)
  })

  it('refuses a logged-in POST without the token and keeps the post', async () => {
    const client = (await newBlog()).testClient()
    await registerAndLogIn(client, 'grace', 'cobol-1959')
    const res = await client.post('/posts/new', { form: { title: 'Forged', body: 'x' } })
    expect(res.status).toBe(400)
    const logout = await client.post('/auth/logout')
    expect(logout.status).toBe(400)
    expect(await (await client.get('/api/posts')).json()).toHaveLength(1)
  })
})

describe('examples/blog: JSON API', () => {
  it('lists posts and shows one, with JSON errors', async () => {
    const client = (await newBlog()).testClient()
    await registerAndLogIn(client, 'grace', 'cobol-1959')
    await submit(client, '/posts/new', { title: 'Second', body: 'Two.' })

    const list = await client.get('/api/posts')
    expect(list.status).toBe(200)
    expect(list.headers.get('content-type')).toBe('application/json')
    const posts = (await list.json()) as { id: number; title: string; author: string; url: string }[]
    expect(posts.map((p) => [p.id, p.title, p.author, p.url])).toEqual([
      [2, 'Second', 'grace', '/posts/2'],
      [1, 'Hello from phial', 'ada', '/posts/1'],
    ])

    const one = await client.get('/api/posts/2')
    const post = (await one.json()) as { created: string }
    expect(post).toMatchObject({ id: 2, title: 'Second', body: 'Two.', author: 'grace' })
    expect(Date.parse(post.created)).toBeGreaterThan(0)

    const missing = await client.get('/api/posts/42')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toBe('application/json')
    expect(await missing.json()).toEqual({ error: 'There is no post 42.' })

    const readOnly = await client.delete('/api/posts/2')
    expect([readOnly.status, readOnly.headers.get('allow')]).toEqual([405, 'GET, HEAD, OPTIONS'])
    expect(readOnly.headers.get('content-type')).toBe('application/json')
    expect(await readOnly.json()).toEqual({ error: 'The method is not allowed for the requested URL.' })
  })

  it('pages the list, 20 posts a page, naming the next page in a Link header', async () => {
    const client = (await newBlog()).testClient()
    await registerAndLogIn(client, 'grace', 'cobol-1959')
    for (let i = 2; i <= 21; i++) await submit(client, '/posts/new', { title: `Post ${i}`, body: 'x' })
    const first = await client.get('/api/posts')
    const ids = ((await first.json()) as { id: number }[]).map((p) => p.id)
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => 21 - i))
    expect(first.headers.get('link')).toBe('</api/posts?page=2>; rel="next"')
    const second = await client.get('/api/posts?page=2')
    expect(((await second.json()) as { id: number }[]).map((p) => p.id)).toEqual([1])
    expect(second.headers.get('link')).toBeNull()
    expect(await (await client.get('/api/posts?page=3')).json()).toEqual([])
    for (const page of ['0', '-1', 'abc', '1e9', '9999999']) {
      const bad = await client.get(`/api/posts?page=${page}`)
      expect([page, bad.status, bad.headers.get('content-type')]).toEqual([page, 400, 'application/json'])
      expect(await bad.json()).toEqual({ error: 'page must be a whole number from 1 to 999999.' })
    }
  })

  it('answers JSON for URLs under /api that no route matches, and HTML elsewhere', async () => {
    const client = (await newBlog()).testClient()
    for (const path of ['/api/posts/abc', '/api/nope', '/api']) {
      const res = await client.get(path)
      expect([path, res.status, res.headers.get('content-type')]).toEqual([path, 404, 'application/json'])
      expect(await res.json()).toEqual({ error: 'The requested URL was not found on the server.' })
    }
    const page = await client.get('/apiary')
    expect([page.status, page.headers.get('content-type')]).toEqual([404, 'text/html; charset=utf-8'])
    expect(await page.text()).toContain('</html>')
  })
})
