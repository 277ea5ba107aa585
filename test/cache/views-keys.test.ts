// cache.cached: what the key holds, and what is never stored or never served from the cache.
import { html, makeResponse } from 'phial'
import { describe, expect, it } from 'vitest'
import { setup } from './_cache.ts'

describe('cache.cached(view): keys and pages never shared', () => {
  it('never reads an encoded ? in the path as the query: /a%3Fx=1 and /a?x=1 are two pages', async () => {
    const { app, cache } = setup()
    app.get(
      '/hello/:name',
      cache.cached((req) => `Hello ${req.params.name}, x=${req.query.get('x')}`),
    )
    expect(await (await app.request('/hello/bob%3Fx=1')).text()).toBe('Hello bob?x=1, x=null')
    expect(await (await app.request('/hello/bob?x=1')).text()).toBe('Hello bob, x=1')
  })

  it('keys on the scheme: a page built for http is not served over https', async () => {
    const { app, cache } = setup()
    app.get(
      '/link',
      cache.cached((req) => req.url),
    )
    expect(await (await app.request('http://a.example/link')).text()).toBe('http://a.example/link')
    expect(await (await app.request('https://a.example/link')).text()).toBe('https://a.example/link')
  })

  it('keeps only the named query parameters in the key when given a list', async () => {
    const { app, cache, count } = setup()
    app.get(
      '/r',
      cache.cached({ queryString: ['region'] }, (req) => `${req.query.get('region')} ${count('r')}`),
    )
    expect(await (await app.request('/r?region=eu&utm_source=x')).text()).toBe('eu 1')
    expect(await (await app.request('/r?utm_source=y&region=eu')).text()).toBe('eu 1')
    expect(await (await app.request('/r?region=us')).text()).toBe('us 2')
    expect(await (await app.request('/r?utm_source=z')).text()).toBe('null 3')
    expect(await (await app.request('/r')).text()).toBe('null 3')
  })

  it('never answers a request with Authorization from the cache, nor stores its page, without a key', async () => {
    const { app, cache, count } = setup()
    app.get(
      '/who',
      cache.cached((req) => `${req.header('authorization') ?? 'anonymous'} ${count('who')}`),
    )
    const auth = { headers: { authorization: 'Bearer ada' } }
    expect(await (await app.request('/who', auth)).text()).toBe('Bearer ada 1')
    expect(await (await app.request('/who')).text()).toBe('anonymous 2')
    expect(await (await app.request('/who', auth)).text()).toBe('Bearer ada 3')
    expect(await (await app.request('/who')).text()).toBe('anonymous 2')
  })

  it('keys on the host: one path on two hosts is two pages', async () => {
    const { app, cache } = setup()
    app.get(
      '/',
      cache.cached((req) => `home of ${req.host}`),
    )
    expect(await (await app.request('http://a.example/')).text()).toBe('home of a.example')
    expect(await (await app.request('http://b.example/')).text()).toBe('home of b.example')
    expect(await (await app.request('http://a.example/')).text()).toBe('home of a.example')
  })

  it('never stores a response that sets a cookie, varies, or says no-store or private; warns once', async () => {
    const { app, cache, runs, count, lines } = setup()
    app.get(
      '/cookie',
      cache.cached(() => makeResponse(String(count('cookie'))).setCookie('a', 'b')),
    )
    app.get(
      '/vary',
      cache.cached(() => html(String(count('vary')), 200, { vary: 'Accept-Language' })),
    )
    app.get(
      '/nostore',
      cache.cached(() => html(String(count('nostore')), 200, { 'cache-control': 'no-store' })),
    )
    app.get(
      '/private',
      cache.cached(() => html(String(count('private')), 200, { 'cache-control': 'Private, max-age=5' })),
    )
    for (let i = 0; i < 3; i++)
      for (const path of ['/cookie', '/vary', '/nostore', '/private']) await app.request(path)
    expect(runs).toEqual({ cookie: 3, vary: 3, nostore: 3, private: 3 })
    expect((await app.request('/cookie')).headers.get('set-cookie')).toMatch(/^a=b; Path=\//)
    expect(lines).toEqual([
      'warn: phial cache: GET /cookie: the response is not cached: Set-Cookie',
      'warn: phial cache: GET /vary: the response is not cached: Vary',
      'warn: phial cache: GET /nostore: the response is not cached: Cache-Control: no-store',
      'warn: phial cache: GET /private: the response is not cached: Cache-Control: private, max-age=5',
    ])
  })

  it("never stores a page built from the session without a key: one user's page never reaches another", async () => {
    const { app, cache, lines } = setup()
    app.get('/login/<name>', (req) => {
      req.session.set('user', req.params.name)
      return 'ok'
    })
    app.get(
      '/me',
      cache.cached((req) => `hello ${req.session.get('user') ?? 'guest'}`),
    )
    const ada = app.testClient()
    const bob = app.testClient()
    await ada.get('/login/ada')
    await bob.get('/login/bob')
    expect(await (await ada.get('/me')).text()).toBe('hello ada')
    expect(await (await bob.get('/me')).text()).toBe('hello bob')
    expect(await (await app.request('/me')).text()).toBe('hello guest')
    expect(lines.filter((l) => l.includes('/me'))).toHaveLength(1)
    expect(lines[0]).toMatch(/GET \/me: the response is not cached: the request read the session/)
  })

  it('with a key, stores per what the key holds (here the user), session or not', async () => {
    const { app, cache, count, runs } = setup()
    app.get('/login/<name>', (req) => {
      req.session.set('user', req.params.name)
      return 'ok'
    })
    const key = (req: { session: { get(k: string): unknown } }) => `me:${req.session.get('user') ?? ''}`
    app.get(
      '/me',
      cache.cached({ key }, (req) => `hello ${req.session.get('user')} ${count('me')}`),
    )
    const ada = app.testClient()
    const bob = app.testClient()
    await ada.get('/login/ada')
    await bob.get('/login/bob')
    expect(await (await ada.get('/me')).text()).toBe('hello ada 1')
    expect(await (await bob.get('/me')).text()).toBe('hello bob 2')
    expect(await (await ada.get('/me')).text()).toBe('hello ada 1')
    expect(runs.me).toBe(2)
    expect(await cache.has('me:ada')).toBe(true)
  })
})
