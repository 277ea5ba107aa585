import { App, type HeadersInit, html, json, makeResponse, PhialResponse, redirect, text } from 'phial'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'

const logged: unknown[][] = []
const logger = { error: (...args: unknown[]) => logged.push(args), warn() {}, info() {}, debug() {} }

function createApp(): App {
  const app = new App({ logger })
  app.get('/string', () => 'héllo')
  app.get('/object', () => ({ a: 1 }))
  app.get('/array', () => [1, 'two'])
  app.get('/number', () => 42)
  app.get('/null', () => null)
  app.get('/bytes', () => new Uint8Array([104, 105]))
  app.get('/buffer', () => new Uint8Array([1, 2, 3]).buffer)
  app.get(
    '/stream',
    () =>
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('one,'))
          controller.enqueue(new TextEncoder().encode('two'))
          controller.close()
        },
      }),
  )
  app.get('/generator', async function* generator() {
    yield 'a'
    yield new TextEncoder().encode('b')
    yield 'c'
  })
  app.get('/iterable-literal', () => ({
    async *[Symbol.asyncIterator]() {
      yield 'x'
      yield 'y'
    },
  }))
  app.get('/to-json', () => ({ toJSON: () => ({ via: 'toJSON' }) }))
  app.get('/to-json-undefined', () => ({ toJSON: () => undefined }))
  app.get('/null-proto', () => Object.assign(Object.create(null), { bare: true }))
  app.get(
    '/instance',
    () =>
      new (class Point {
        x = 1
        y = 2
      })(),
  )
  app.get('/response', () => {
    const headers = new Headers({ 'content-type': 'text/plain', 'x-raw': '1' })
    headers.append('set-cookie', 'a=1')
    headers.append('set-cookie', 'b=2')
    return new Response('raw response', { status: 202, headers })
  })
  app.get('/json201', () => json({ created: true }, 201, { 'X-Id': '7' }))
  app.get('/make', () => makeResponse({ ok: true }, 202, { 'x-job': 'j1' }))
  app.get('/html', () => html('<b>x</b>', 203))
  // Every form of HeadersInit, told apart without `instanceof Headers` for the plain ones.
  app.get('/headers-forms/:form', (req) => {
    const forms: Record<string, HeadersInit> = {
      record: { 'X-Form': 'record' },
      'null-proto': Object.assign(Object.create(null), { 'X-Form': 'null-proto' }),
      array: [['X-Form', 'array']],
      headers: new Headers({ 'X-Form': 'headers' }),
      // A class instance with the headers as its own fields, as plain JavaScript may pass.
      instance: new (class {
        'X-Form' = 'instance'
      })() as unknown as Record<string, string>,
    }
    const init = forms[req.params.form as string] as HeadersInit
    const via = req.query.get('via')
    if (via === 'json') return json({ form: req.params.form }, 201, init)
    if (via === 'make') return makeResponse('made', 202, init)
    return new PhialResponse('plain', 203, init)
  })
  app.get('/text', () => text('plain'))
  app.get('/empty', () => new PhialResponse(null, 204))
  app.get('/redirect', () => redirect('/target'))
  app.get('/redirect-301', () => redirect('https://example.com/', 301))
  app.get('/cookie', () => {
    const res = text('cookies')
    res.setCookie('session', 'abc', { maxAge: 60 })
    res.setCookie('theme', 'dark', { httpOnly: false, sameSite: 'Strict', secure: true })
    res.deleteCookie('old')
    return res
  })
  app.get('/bad-cookie', () => text('x').setCookie('a', 'b\r\nSet-Cookie: evil=1'))
  app.get('/headers', () => {
    const res = text('h')
    res.headers.set('x-one', '1')
    res.headers.append('vary', 'Accept')
    return res
  })
  app.get('/undefined', () => undefined)
  app.get('/throws', () => {
    throw new Error('secret database password')
  })
  app.get('/throws-string', () => {
    throw 'a string'
  })
  app.get('/async-throws', async () => {
    await Promise.resolve()
    throw new TypeError('async secret')
  })
  return app
}

describe.each(gateways)('responses through $name', (gateway) => {
  let served: Served
  beforeAll(async () => {
    served = await gateway.serve(createApp())
  })
  afterAll(() => served.close())
  const get = (path: string, init?: RequestInit) => served.fetch(path, init)

  it('sends a string as HTML in UTF-8', async () => {
    const res = await get('/string')
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await res.text()).toBe('héllo')
  })

  it('sends objects, arrays, numbers and null as JSON', async () => {
    for (const [path, body] of [
      ['/object', { a: 1 }],
      ['/array', [1, 'two']],
      ['/number', 42],
      ['/null', null],
    ] as const) {
      const res = await get(path)
      expect(res.headers.get('content-type'), path).toBe('application/json')
      expect(await res.json(), path).toEqual(body)
    }
  })

  it('sends bytes and ArrayBuffers as application/octet-stream', async () => {
    const a = await get('/bytes')
    expect(a.headers.get('content-type')).toBe('application/octet-stream')
    expect(a.headers.get('content-length')).toBe('2')
    expect(await a.text()).toBe('hi')
    expect(new Uint8Array(await (await get('/buffer')).arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]))
  })

  it('streams a ReadableStream and an async generator', async () => {
    expect(await (await get('/stream')).text()).toBe('one,two')
    const gen = await get('/generator')
    expect(gen.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await gen.text()).toBe('abc')
  })

  it('streams an object literal that is an async iterable, not its JSON', async () => {
    const res = await get('/iterable-literal')
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await res.text()).toBe('xy')
  })

  it('serializes toJSON, null-prototype objects and class instances as JSON', async () => {
    for (const [path, body] of [
      ['/to-json', '{"via":"toJSON"}'],
      ['/to-json-undefined', 'null'],
      ['/null-proto', '{"bare":true}'],
      ['/instance', '{"x":1,"y":2}'],
    ]) {
      const res = await get(path as string)
      expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([
        200,
        'application/json',
        body,
      ])
    }
  })

  it('passes a WHATWG Response through with its status and every Set-Cookie', async () => {
    const res = await get('/response')
    expect(res.status).toBe(202)
    expect(res.headers.get('x-raw')).toBe('1')
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2'])
    expect(await res.text()).toBe('raw response')
  })

  it('takes status and headers from json(), makeResponse(), html() and text()', async () => {
    const a = await get('/json201')
    expect([a.status, a.headers.get('x-id'), await a.json()]).toEqual([201, '7', { created: true }])
    const b = await get('/make')
    expect([b.status, b.headers.get('x-job'), await b.json()]).toEqual([202, 'j1', { ok: true }])
    const c = await get('/html')
    expect([c.status, c.headers.get('content-type')]).toEqual([203, 'text/html; charset=utf-8'])
    await c.body?.cancel()
    const d = await get('/text')
    expect(d.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    await d.body?.cancel()
  })

  it('takes headers as a record, a null-prototype record, an array, a Headers or an instance', async () => {
    for (const form of ['record', 'null-proto', 'array', 'headers', 'instance']) {
      const a = await get(`/headers-forms/${form}`)
      expect([a.status, a.headers.get('x-form'), a.headers.get('content-type'), await a.text()]).toEqual([
        203,
        form,
        'text/html; charset=utf-8',
        'plain',
      ])
      const b = await get(`/headers-forms/${form}?via=json`)
      expect([b.status, b.headers.get('x-form'), b.headers.get('content-type'), await b.json()]).toEqual([
        201,
        form,
        'application/json',
        { form },
      ])
      const c = await get(`/headers-forms/${form}?via=make`)
      expect([c.status, c.headers.get('x-form'), await c.text()]).toEqual([202, form, 'made'])
    }
  })

  it('sends 204 without a body', async () => {
    const res = await get('/empty')
    expect(res.status).toBe(204)
    expect(await res.text()).toBe('')
  })

  it('sends a literal redirect as written, without the mount prefix', async () => {
    const res = await get('/redirect', { redirect: 'manual' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/target')
    const perm = await get('/redirect-301', { redirect: 'manual' })
    expect([perm.status, perm.headers.get('location')]).toEqual([301, 'https://example.com/'])
  })

  it('sets and deletes cookies with safe defaults', async () => {
    const res = await get('/cookie')
    expect(res.headers.getSetCookie()).toEqual([
      'session=abc; Max-Age=60; Path=/; HttpOnly; SameSite=Lax',
      'theme=dark; Path=/; Secure; SameSite=Strict',
      'old=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly; SameSite=Lax',
    ])
  })

  it('refuses a cookie value with CR or LF: a 500 for the programmer, no injected header', async () => {
    const res = await get('/bad-cookie')
    expect(res.status).toBe(500)
    expect(res.headers.getSetCookie()).toEqual([])
  })

  it('lets handlers mutate response headers', async () => {
    const res = await get('/headers')
    expect(res.headers.get('x-one')).toBe('1')
    expect(res.headers.get('vary')).toBe('Accept')
  })

  it('answers HEAD of a JSON route with its Content-Length and no body', async () => {
    const res = await get('/object', { method: 'HEAD' })
    expect(res.headers.get('content-length')).toBe('7')
    expect(await res.text()).toBe('')
  })

  it('treats undefined as a programming error: 500, logged with the route', async () => {
    logged.length = 0
    const res = await get('/undefined')
    expect(res.status).toBe(500)
    expect(String(logged[0]?.[1])).toContain('endpoint "GET /undefined" returned undefined')
  })

  it('answers a thrown error with a 500 that hides the message and logs it once', async () => {
    for (const path of ['/throws', '/async-throws', '/throws-string']) {
      logged.length = 0
      const res = await get(path)
      expect(res.status, path).toBe(500)
      const body = await res.text()
      expect(body).toContain('Internal Server Error')
      expect(body).not.toContain('secret')
      expect(logged, path).toHaveLength(1)
      expect(String(logged[0]?.[0])).toContain(`GET ${path}`)
    }
  })

  it('keeps serving after errors', async () => {
    vi.spyOn(logger, 'error')
    await get('/throws')
    expect(await (await get('/string')).text()).toBe('héllo')
  })
})
