import { abort, json, makeResponse } from 'phial'
import { MemoryStore } from 'phial/cache'
import { describe, expect, it } from 'vitest'
import { FlakyStore, setup, sleep } from './_cache.ts'

describe('cache.cached(view)', () => {
  it('answers a repeated GET from the cache: same status, headers and body, the view not run', async () => {
    const { app, cache, runs, count } = setup()
    app.get(
      '/posts',
      cache.cached({ timeout: 60 }, () =>
        makeResponse({ n: count('posts') }, 200, { 'x-built': 'yes', 'cache-control': 'max-age=60' }),
      ),
    )
    const first = await app.request('/posts')
    const second = await app.request('/posts')
    for (const res of [first, second]) {
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/json')
      expect(res.headers.get('x-built')).toBe('yes')
      expect(res.headers.get('cache-control')).toBe('max-age=60')
      expect(await res.json()).toEqual({ n: 1 })
    }
    expect(runs.posts).toBe(1)
  })

  it('keeps the endpoint name, so urlFor and the route table see the view', async () => {
    const { app, cache } = setup()
    app.get(
      '/about',
      cache.cached(function about() {
        return 'about'
      }),
    )
    expect(app.urlFor('about')).toBe('/about')
  })

  it('keys on the query string, with its parameters in any order', async () => {
    const { app, cache, runs, count } = setup()
    app.get(
      '/search',
      cache.cached((req) => ({ q: req.query.get('q'), page: req.query.get('page'), run: count('search') })),
    )
    expect(await (await app.request('/search?q=a&page=1')).json()).toEqual({ q: 'a', page: '1', run: 1 })
    expect(await (await app.request('/search?page=1&q=a')).json()).toEqual({ q: 'a', page: '1', run: 1 })
    expect(await (await app.request('/search?q=b&page=1')).json()).toEqual({ q: 'b', page: '1', run: 2 })
    expect(runs.search).toBe(2)
  })

  it('can leave the query string out of the key, as Flask-Caching does by default', async () => {
    const { app, cache } = setup()
    app.get(
      '/q',
      cache.cached({ queryString: false }, (req) => req.query.get('q') ?? ''),
    )
    expect(await (await app.request('/q?q=first')).text()).toBe('first')
    expect(await (await app.request('/q?q=second')).text()).toBe('first')
  })

  it('expires a page after its timeout', async () => {
    const { app, cache, count } = setup()
    app.get(
      '/t',
      cache.cached({ timeout: 0.05 }, () => ({ run: count('t') })),
    )
    expect(await (await app.request('/t')).json()).toEqual({ run: 1 })
    expect(await (await app.request('/t')).json()).toEqual({ run: 1 })
    await sleep(80)
    expect(await (await app.request('/t')).json()).toEqual({ run: 2 })
  })

  it('serves HEAD from the page GET stored, without a body; other methods always run the view', async () => {
    const { app, cache, runs, count } = setup()
    app.route(
      '/item',
      { methods: ['GET', 'POST'] },
      cache.cached((req) => `${req.method} ${count('item')}`),
    )
    expect(await (await app.request('/item')).text()).toBe('GET 1')
    const head = await app.request('/item', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe('5')
    expect(await head.text()).toBe('')
    expect(await (await app.request('/item', { method: 'POST' })).text()).toBe('POST 2')
    expect(await (await app.request('/item', { method: 'POST' })).text()).toBe('POST 3')
    expect(runs.item).toBe(3)
  })

  it('stores bytes as bytes', async () => {
    const { app, cache, runs } = setup()
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 7) % 256)
    app.get(
      '/bin',
      cache.cached(() => {
        runs.bin = (runs.bin ?? 0) + 1
        return bytes
      }),
    )
    await app.request('/bin')
    const res = await app.request('/bin')
    expect(res.headers.get('content-type')).toBe('application/octet-stream')
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes)
    expect(runs.bin).toBe(1)
  })

  it('stores only 200s by default, and what filter() allows', async () => {
    const { app, cache, runs, count } = setup()
    app.get(
      '/gone',
      cache.cached(() => json({ run: count('gone') }, 404)),
    )
    app.get(
      '/error',
      cache.cached(() => abort(503)),
    )
    app.get(
      '/moved',
      cache.cached({ filter: (res) => res.status === 301 }, () =>
        makeResponse(String(count('moved')), 301, { location: '/x' }),
      ),
    )
    for (let i = 0; i < 2; i++) {
      expect((await app.request('/gone')).status).toBe(404)
      expect((await app.request('/error')).status).toBe(503)
      expect((await app.request('/moved')).status).toBe(301)
    }
    expect(runs.gone).toBe(2)
    expect(runs.moved).toBe(1)
  })

  it('unless() skips the cache for a request: neither read nor filled', async () => {
    const { app, cache, count } = setup()
    app.get(
      '/u',
      cache.cached({ unless: (req) => req.query.has('fresh') }, () => String(count('u'))),
    )
    expect(await (await app.request('/u')).text()).toBe('1')
    expect(await (await app.request('/u?fresh')).text()).toBe('2')
    expect(await (await app.request('/u')).text()).toBe('1')
  })

  it('runs the view once for concurrent misses of one key', async () => {
    const { app, cache, runs, count } = setup()
    app.get(
      '/slow',
      cache.cached(async () => {
        const n = count('slow')
        await sleep(30)
        return { n }
      }),
    )
    const bodies = await Promise.all(
      Array.from({ length: 5 }, async () => (await app.request('/slow')).json()),
    )
    expect(bodies).toEqual(Array(5).fill({ n: 1 }))
    expect(runs.slow).toBe(1)
  })

  it('answers without the cache when the store fails or hangs, and logs it', async () => {
    const store = new FlakyStore()
    const { app, cache, count, lines } = setup({ store, storeTimeout: 50 })
    app.get(
      '/p',
      cache.cached(() => String(count('p'))),
    )
    store.mode = 'fail'
    const failed = await app.request('/p')
    expect([failed.status, await failed.text()]).toEqual([200, '1'])
    store.mode = 'hang'
    const hung = await app.request('/p')
    expect([hung.status, await hung.text()]).toEqual([200, '2'])
    expect(lines[0]).toBe(
      'warn: phial cache: could not read "view:http://localhost/p", answering without the cache: store is down',
    )
    expect(lines.at(-1)).toMatch(
      /could not write "view:http:\/\/localhost\/p".*did not answer set .* within 50 ms/,
    )
    store.mode = 'ok'
    expect(await (await app.request('/p')).text()).toBe('3')
    expect(await (await app.request('/p')).text()).toBe('3')
  })

  it('reads an entry another program wrote under a view key as a miss, and replaces it', async () => {
    const store = new MemoryStore()
    const { app, cache, count } = setup({ store })
    app.get(
      '/x',
      cache.cached(() => String(count('x'))),
    )
    for (const junk of ['garbage', 'not json\nbody', '{"a":1}\nbody', '[200]\nbody']) {
      store.set('view:http://localhost/x', junk, 0)
      const res = await app.request('/x')
      expect([junk, res.status]).toEqual([junk, 200])
    }
    expect(await (await app.request('/x')).text()).toBe('4')
  })

  it('lets a view returning undefined reach the dispatcher, whose 500 names the endpoint', async () => {
    const { app, cache, lines } = setup()
    app.get(
      '/oops',
      cache.cached(function oops() {
        return undefined
      }),
    )
    expect((await app.request('/oops')).status).toBe(500)
    expect(lines.join('\n')).toMatch(/endpoint "oops" returned undefined/)
  })

  it('refuses @cache.cached() written above the route decorator, which would cache nothing', () => {
    const { app, cache } = setup()
    expect(() => {
      class Pages {
        @cache.cached()
        @app.get('/about')
        static about() {
          return 'about'
        }
      }
      return Pages
    }).toThrow(/write @cache.cached\(\) below @app.get/)
  })

  it('works as a TC39 decorator under a route decorator', async () => {
    const { app, cache, runs, count } = setup()
    class Pages {
      @app.get('/about')
      @cache.cached({ timeout: 60 })
      static about() {
        return `about ${count('about')}`
      }
    }
    expect(await (await app.request('/about')).text()).toBe('about 1')
    expect(await (await app.request('/about')).text()).toBe('about 1')
    expect(runs.about).toBe(1)
    expect(app.urlFor('about')).toBe('/about')
    expect(Pages.about).toBeTypeOf('function')
  })
})
