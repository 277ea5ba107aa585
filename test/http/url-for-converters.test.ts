import { App, PhialError } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'

// urlFor builds only URLs that route back to the rule: a value the converter would not match is a
// PhialError naming the rule, as Werkzeug's `to_url` raises (`any`: "'nope' is not one of ...").
function createApp(): App {
  const app = new App()
  app.get('/a/<any(about, help):page>', function page(req) {
    return { page: req.params.page }
  })
  app.get('/i/<int:n>', function item(req) {
    return { n: req.params.n }
  })
  // Builds the URL of `endpoint` with `key` set to `value` (a number when `number` is given).
  app.get('/build', function build(req) {
    const q = req.query
    const raw = q.get('value') ?? ''
    const value = q.has('number') ? Number(raw) : raw
    try {
      return { url: req.urlFor(q.get('endpoint') ?? '', { [q.get('key') ?? '']: value }) }
    } catch (error) {
      if (!(error instanceof PhialError)) throw error
      return { error: error.message }
    }
  })
  return app
}

describe.each(gateways)('urlFor with converter values through $name', (gateway) => {
  let served: Served
  beforeAll(async () => {
    served = await gateway.serve(createApp())
  })
  afterAll(() => served.close())

  async function build(
    endpoint: string,
    key: string,
    value: string | number,
  ): Promise<Record<string, string>> {
    const number = typeof value === 'number' ? '&number' : ''
    const query = `endpoint=${endpoint}&key=${key}&value=${encodeURIComponent(String(value))}${number}`
    const res = await served.fetch(`/build?${query}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    return res.json()
  }

  /** Requests a URL urlFor built (it includes the mount prefix) and returns the response. */
  const follow = (url: string) => served.fetch(url.slice(served.prefix.length))

  it('builds an any value among the choices, and the URL routes back', async () => {
    const { url } = await build('page', 'page', 'help')
    expect(url).toBe(`${served.prefix}/a/help`)
    const res = await follow(url as string)
    expect([res.status, await res.json()]).toEqual([200, { page: 'help' }])
  })

  it('refuses an any value outside the choices with a PhialError naming the rule', async () => {
    expect(await build('page', 'page', 'nope')).toEqual({
      error: 'route "/a/<any(about, help):page>": the value of "page": "nope" is not one of "about", "help"',
    })
  })

  it('builds the largest safe integer, and the URL routes back to the same number', async () => {
    const { url } = await build('item', 'n', 2 ** 53 - 1)
    expect(url).toBe(`${served.prefix}/i/9007199254740991`)
    const res = await follow(url as string)
    expect([res.status, await res.json()]).toEqual([200, { n: 2 ** 53 - 1 }])
  })

  it('refuses an int past 2^53, as a number or as text, since its URL would not route back', async () => {
    for (const value of [2 ** 60, '99999999999999999999999']) {
      const { error } = await build('item', 'n', value)
      expect(error, String(value)).toMatch(
        /^route "\/i\/<int:n>": the value of "n": converter "int" cannot build/,
      )
    }
    // Such a segment is a 404: phial's int is a JavaScript number (Werkzeug answers a Python int).
    const res = await served.fetch('/i/99999999999999999999999')
    expect(res.status).toBe(404)
    expect(await res.text()).toContain('Not Found')
  })
})
