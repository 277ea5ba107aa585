import { App } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

describe.each(gateways)('urlencoded forms and query strings through $name', (gateway) => {
  let served: Served
  beforeAll(async () => {
    const app = new App({ maxParams: 1000 })
    app.post('/form', async (req) => {
      const form = await req.form()
      return {
        a: form.getAll('a'),
        proto: form.get('__proto__'),
        clean: Object.getPrototypeOf({}) === Object.prototype,
      }
    })
    app.get('/query', (req) => ({ a: req.query.getAll('a'), ctor: req.query.get('constructor') }))
    served = await gateway.serve(app)
  })
  afterAll(() => served.close())

  it('keeps repeated keys in order (Flask MultiDict get and getAll)', async () => {
    const res = await served.fetch('/form', { method: 'POST', body: 'a=1&a=2&a=3', headers: FORM })
    expect((await res.json()).a).toEqual(['1', '2', '3'])
    expect((await (await served.fetch('/query?a=x&a=y')).json()).a).toEqual(['x', 'y'])
  })

  it('treats __proto__ and constructor as plain keys that change no prototype', async () => {
    const res = await served.fetch('/form', {
      method: 'POST',
      body: '__proto__=polluted&__proto__[admin]=1',
      headers: FORM,
    })
    expect(await res.json()).toEqual({ a: [], proto: 'polluted', clean: true })
    expect((await (await served.fetch('/query?constructor=c')).json()).ctor).toBe('c')
  })

  it('caps parameters at 1000 by default: 1000 pass, 1001 is 413 in a form and 414 in a query', async () => {
    const params = (n: number) => Array.from({ length: n }, (_, i) => `k${i}=v`).join('&')
    expect((await served.fetch('/form', { method: 'POST', body: params(1000), headers: FORM })).status).toBe(
      200,
    )
    const res = await served.fetch('/form', { method: 'POST', body: params(1001), headers: FORM })
    expect(res.status).toBe(413)
    expect(await res.text()).toContain('more than 1000 parameters')
    expect((await served.fetch(`/query?${params(1001)}`)).status).toBe(414)
  })

  it('answers a body of a hundred thousand separators with 413', async () => {
    const res = await served.fetch('/form', { method: 'POST', body: '&'.repeat(100_000), headers: FORM })
    expect(res.status).toBe(413)
  })
})

describe.each(gateways)('an urlencoded body over maxFormMemorySize through $name', (gateway) => {
  let small: Served
  beforeAll(async () => {
    const app = new App({ maxFormMemorySize: 2000 })
    app.post('/form', async (req) => ({ a: (await req.form()).getAll('a') }))
    small = await gateway.serve(app)
  })
  afterAll(() => small.close())

  it('holds an urlencoded body to maxFormMemorySize (Flask 3.1), announced or chunked', async () => {
    const body = `a=${'x'.repeat(1998)}` // 2000 bytes: at the limit
    expect((await (await small.fetch('/form', { method: 'POST', body, headers: FORM })).json()).a).toEqual([
      'x'.repeat(1998),
    ])
    const over = await small.fetch('/form', { method: 'POST', body: `${body}x`, headers: FORM })
    expect([over.status, await over.text()]).toEqual([
      413,
      expect.stringContaining('The form body is larger than the limit of 2000 bytes.'),
    ])
    const chunked = await small.fetch('/form', {
      method: 'POST',
      headers: FORM,
      body: new Blob([`${body}x`]).stream(),
      // @ts-expect-error Node's fetch needs duplex for a streamed body; the DOM types do not know it.
      duplex: 'half',
    })
    expect(chunked.status).toBe(413)
  })
})
