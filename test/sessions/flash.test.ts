import { App, flash, getFlashedMessages, PhialError, redirect } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'
import { cookieValue, createLogger, setCookieLine } from './_sessions.ts'

function createApp(): App {
  const app = new App({ secretKey: 'flash-key' })
  app.post('/save', (req) => {
    flash(req, 'Post saved.', 'success')
    flash(req, 'Tags were trimmed.', 'warning')
    flash(req, 'Hello again.')
    return redirect(req.urlFor('GET /messages'), 303)
  })
  app.get('/messages', (req) => ({
    all: getFlashedMessages(req),
    again: getFlashedMessages(req, { withCategories: true }),
  }))
  app.get('/filtered', (req) => ({
    errors: getFlashedMessages(req, { categoryFilter: ['warning', 'error'] }),
    withCategories: getFlashedMessages(req, { withCategories: true, categoryFilter: ['success'] }),
  }))
  return app
}

describe.each(gateways)('flash messages through $name', (gateway) => {
  let served: Served
  beforeAll(async () => {
    served = await gateway.serve(createApp())
  })
  afterAll(() => served.close())

  const flashed = async () => {
    const res = await served.fetch('/save', { method: 'POST', redirect: 'manual' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`${served.prefix}/messages`)
    return { headers: { cookie: `session=${cookieValue(res)}` } }
  }

  it('shows the messages flashed before a redirect once, with their categories', async () => {
    const withCookie = await flashed()
    const res = await served.fetch('/messages', withCookie)
    expect(await res.json()).toEqual({
      all: ['Post saved.', 'Tags were trimmed.', 'Hello again.'],
      // Later reads in the same request see the same messages.
      again: [
        ['success', 'Post saved.'],
        ['warning', 'Tags were trimmed.'],
        ['message', 'Hello again.'],
      ],
    })
    // Consumed: the emptied session deletes the cookie.
    expect(setCookieLine(res)).toMatch(/^session=; Max-Age=0;/)
    expect(res.headers.get('vary')).toBe('Cookie')
  })

  it('filters by category, consuming every message as Flask does', async () => {
    const withCookie = await flashed()
    const res = await served.fetch('/filtered', withCookie)
    expect(await res.json()).toEqual({
      errors: ['Tags were trimmed.'],
      withCategories: [['success', 'Post saved.']],
    })
    expect(setCookieLine(res)).toMatch(/^session=; Max-Age=0;/)
  })

  it('answers no messages without a cookie, and sets none', async () => {
    const res = await served.fetch('/messages')
    expect(await res.json()).toEqual({ all: [], again: [] })
    expect(setCookieLine(res)).toBeUndefined()
  })
})

describe('flash', () => {
  it('keeps messages through the test client until they are read', async () => {
    const client = createApp().testClient()
    const page = await client.post('/save', { followRedirects: true })
    expect((await page.json()).all).toHaveLength(3)
    expect(await (await client.get('/messages')).json()).toEqual({ all: [], again: [] })
  })

  it('ignores a malformed _flashes value instead of failing', async () => {
    const app = new App({ secretKey: 'k' })
    app.get('/', (req) => {
      req.session.set('_flashes', [['ok', 'kept'], 'junk', [1, 2], ['only-category']])
      return getFlashedMessages(req, { withCategories: true })
    })
    expect(await (await app.request('/')).json()).toEqual([['ok', 'kept']])
  })

  it('reads no messages without a secretKey, and refuses to flash with a clear error', async () => {
    const logger = createLogger()
    const app = new App({ logger })
    app.get('/read', (req) => getFlashedMessages(req))
    app.get('/flash', (req) => {
      flash(req, 'hi')
      return 'never sent'
    })
    expect(await (await app.request('/read')).json()).toEqual([])
    expect((await app.request('/flash')).status).toBe(500)
    const [, error] = logger.errors[0] as [string, PhialError]
    expect(error).toBeInstanceOf(PhialError)
    expect(error.message).toContain('secretKey')
  })
})
