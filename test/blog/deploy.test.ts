// The blog as it is deployed: its database file, a raised password cost, and the entry point's
// environment settings (examples/blog/README.md, "Before you put it on the internet").
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { createBlog } from '../../examples/blog/blog.ts'
import { Database } from '../../examples/blog/db.ts'
import { registerAndLogIn, submit } from './_blog.ts'

describe('examples/blog: the database file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'phial-blog-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('persists users and posts to the file and seeds only an empty database', async () => {
    const database = join(dir, 'nested', 'blog.sqlite')
    const first = (await createBlog({ database, passwordIterations: 1_000, secretKey: 'k' })).testClient()
    await registerAndLogIn(first, 'grace', 'cobol-1959')
    await submit(first, '/posts/new', { title: 'Kept on disk', body: 'Still here.' })
    expect(statSync(database).size).toBeGreaterThan(0)
    expect(statSync(database).mode & 0o777).toBe(0o600)

    const second = (await createBlog({ database, passwordIterations: 1_000, secretKey: 'k' })).testClient()
    const titles = ((await (await second.get('/api/posts')).json()) as { title: string }[]).map(
      (p) => p.title,
    )
    expect(titles).toEqual(['Kept on disk', 'Hello from phial'])
    await registerAndLogIn(second, 'grace2', 'cobol-1959')
    const again = await submit(second, '/auth/login', { username: 'grace', password: 'cobol-1959' })
    expect(again.body).toContain('Welcome back, grace.')
  })
})

describe('examples/blog: raising the password cost', () => {
  const dir = mkdtempSync(join(tmpdir(), 'phial-blog-cost-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('upgrades an old hash at the next login, and the password still works', async () => {
    const database = join(dir, 'blog.sqlite')
    const cheap = (await createBlog({ database, passwordIterations: 1_000, secretKey: 'k' })).testClient()
    await registerAndLogIn(cheap, 'grace', 'cobol-1959')
    const stored = async () => {
      const db = await Database.open(database)
      return db.get<{ password_hash: string }>('SELECT password_hash FROM users WHERE username = ?', [
        'grace',
      ])?.password_hash
    }
    expect(await stored()).toMatch(/^pbkdf2-sha256\$1000\$/)
    const dearer = (await createBlog({ database, passwordIterations: 2_000, secretKey: 'k' })).testClient()
    const login = await submit(dearer, '/auth/login', { username: 'grace', password: 'cobol-1959' })
    expect(login.body).toContain('Welcome back, grace.')
    expect(await stored()).toMatch(/^pbkdf2-sha256\$2000\$/)
    const again = (await createBlog({ database, passwordIterations: 2_000, secretKey: 'k' })).testClient()
    const second = await submit(again, '/auth/login', { username: 'grace', password: 'cobol-1959' })
    expect(second.body).toContain('Welcome back, grace.')
  })
})

describe('examples/blog/app.ts', () => {
  it('exports an app that serves the blog', async () => {
    process.env.BLOG_DATABASE = ':memory:'
    try {
      const { app } = await import('../../examples/blog/app.ts')
      const res = await app.request('/')
      expect(res.status).toBe(200)
      expect(await res.text()).toContain('Hello from phial')
    } finally {
      delete process.env.BLOG_DATABASE
    }
  })

  it('takes deployment settings from PHIAL_* and can start without the seeded account', async () => {
    const env = {
      BLOG_DATABASE: ':memory:',
      BLOG_SEED: '0',
      PHIAL_TRUST_PROXY: '1',
      PHIAL_SESSION_COOKIE_SECURE: 'true',
    }
    Object.assign(process.env, env)
    try {
      vi.resetModules()
      const { app } = await import('../../examples/blog/app.ts')
      const client = app.testClient()
      const home = await client.get('/', { headers: { 'x-forwarded-proto': 'https' } })
      expect(await home.text()).not.toContain('Hello from phial')
      const login = await client.get('/auth/login', { headers: { 'x-forwarded-proto': 'https' } })
      expect(login.headers.getSetCookie()[0]).toMatch(/; Secure/)
      const refused = await submit(client, '/auth/login', { username: 'ada', password: 'lovelace1843' })
      expect(refused.status).toBe(422)
    } finally {
      for (const name of Object.keys(env)) delete process.env[name]
    }
  })
})
