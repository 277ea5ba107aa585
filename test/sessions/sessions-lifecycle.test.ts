import { App } from 'phial'
import { describe, expect, it } from 'vitest'
import { createLogger, readPayload } from './_sessions.ts'

describe('the session lifecycle', () => {
  it('offers the dict API: get set delete has pop clear keys entries size', async () => {
    const app = new App({ secretKey: 'k' })
    app.get('/', (req) => {
      const s = req.session
      s.set('a', 1).set('b', { nested: true })
      const seen = {
        get: s.get('a'),
        missing: s.get('nope') ?? null,
        has: s.has('b'),
        size: s.size,
        keys: [...s.keys()],
        entries: [...s.entries()],
        spread: [...s],
        values: [...s.values()],
        deleteMissing: s.delete('nope'),
        deleted: s.delete('a'),
        popped: s.pop('b'),
        poppedMissing: s.pop('b') ?? null,
      }
      s.set('c', 3)
      return { ...seen, after: s.toJSON(), modified: s.modified, accessed: s.accessed }
    })
    const res = await app.request('/')
    expect(await res.json()).toEqual({
      get: 1,
      missing: null,
      has: true,
      size: 2,
      keys: ['a', 'b'],
      entries: [
        ['a', 1],
        ['b', { nested: true }],
      ],
      spread: [
        ['a', 1],
        ['b', { nested: true }],
      ],
      values: [1, { nested: true }],
      deleteMissing: false,
      deleted: true,
      popped: { nested: true },
      poppedMissing: null,
      after: { c: 3 },
      modified: true,
      accessed: true,
    })
  })

  it('opens the session before the before-request hooks and saves it after the after-request hooks', async () => {
    const app = new App({ secretKey: 'k' })
    const seenInTeardown: unknown[] = []
    app.beforeRequest((req) => {
      req.session.set('visits', ((req.session.get('visits') as number | undefined) ?? 0) + 1)
    })
    app.get('/', (req) => ({ visits: req.session.get('visits') }))
    app.afterRequest((res, req) => {
      req.session.set('last', 'after')
      return res
    })
    app.teardownRequest((_error, req) => {
      seenInTeardown.push(req.session.toJSON())
    })
    const client = app.testClient()
    expect(await (await client.get('/')).json()).toEqual({ visits: 1 })
    expect(await (await client.get('/')).json()).toEqual({ visits: 2 })
    expect(readPayload(client.getCookie('session') as string).d).toEqual({ visits: 2, last: 'after' })
    expect(seenInTeardown).toEqual([
      { visits: 1, last: 'after' },
      { visits: 2, last: 'after' },
    ])
  })

  it('saves the session of an error response', async () => {
    const app = new App({ secretKey: 'k', logger: createLogger() })
    app.get('/forbidden', (req) => {
      req.session.set('tried', true)
      throw new Error('boom')
    })
    app.errorHandler(500, () => 'sorry')
    const client = app.testClient()
    const res = await client.get('/forbidden')
    expect(res.status).toBe(500)
    expect(readPayload(client.getCookie('session') as string).d).toEqual({ tried: true })
  })

  it('keeps a session across requests with the test client, and forgets it when cleared', async () => {
    const app = new App({ secretKey: 'k' })
    app.post('/login', async (req) => {
      req.session.set('user', (await req.form()).get('user'))
      return 'welcome'
    })
    app.get('/me', (req) => ({ user: req.session.get('user') ?? null }))
    app.post('/logout', (req) => {
      req.session.clear()
      return 'bye'
    })
    const client = app.testClient()
    await client.post('/login', { form: { user: 'ada' } })
    expect(await (await client.get('/me')).json()).toEqual({ user: 'ada' })
    await client.post('/logout')
    expect(client.getCookie('session')).toBeUndefined()
    expect(await (await client.get('/me')).json()).toEqual({ user: null })
  })

  it('reports a secretKey of the wrong type when the session is used', async () => {
    const logger = createLogger()
    const app = new App({ logger })
    app.config.fromEnv('PHIAL_', { PHIAL_SECRET_KEY: '12345' }) // parsed as JSON: a number
    app.get('/', (req) => {
      req.session.set('a', 1)
      return 'ok'
    })
    expect((await app.request('/')).status).toBe(500)
    expect(String((logger.errors[0] as unknown[])[1])).toContain('secretKey must be a non-empty string')
  })

  it('answers synchronously without a secretKey, and through the session path with one', async () => {
    const plain = new App()
    plain.get('/', () => 'hi')
    const sync = plain.fetch(new Request('http://localhost/'))
    expect(sync).toBeInstanceOf(Response)
    expect(await (sync as Response).text()).toBe('hi')

    const withSessions = new App({ secretKey: 'k' })
    withSessions.get('/', () => 'hi')
    const async = withSessions.fetch(new Request('http://localhost/'))
    expect(async).toBeInstanceOf(Promise)
    expect(await (await async).text()).toBe('hi')
  })
})
