import { App, type HTTPError } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'

function createApp(): App {
  const app = new App({ maxContentLength: 1024, maxParams: 5, maxJsonDepth: 8 })
  app.post('/json', async (req) => ({ got: await req.json() }))
  app.post('/text', async (req) => ({ text: await req.text() }))
  app.post('/bytes', async (req) => ({ length: (await req.arrayBuffer()).byteLength }))
  app.post('/form', async (req) => {
    const form = await req.form()
    return { name: form.get('name'), colors: form.getAll('color') }
  })
  app.post('/twice', async (req) => ({ json: await req.json(), text: await req.text() }))
  // After json(), whatever it made of the body: text, bytes and a second json() still answer.
  app.post('/after-json', async (req) => {
    const first = await req.json().catch((error: HTTPError) => `${error.status}`)
    const text = await req.text().catch((error: HTTPError) => `${error.status}`)
    const bytes = await req.bytes().then(
      (b) => b.byteLength,
      (error: HTTPError) => `${error.status}`,
    )
    const again = await req.json().catch((error: HTTPError) => `${error.status}`)
    return { first, text, bytes, again, fresh: typeof first !== 'object' || first !== again }
  })
  // What json() threw, and the stack-trace limit around it (phial lowers it to 0 while parsing).
  app.post('/json-error', async (req) => {
    const error = await req.json().then(
      () => undefined,
      (e: HTTPError) => e,
    )
    return {
      status: error?.status,
      stackLines: error?.stack?.split('\n').length,
      limit: Error.stackTraceLimit,
    }
  })
  return app
}

const JSON_HEADERS = { 'content-type': 'application/json' }

describe.each(gateways)('request through $name', (gateway) => {
  let served: Served
  beforeAll(async () => {
    served = await gateway.serve(createApp())
  })
  afterAll(() => served.close())
  const post = (path: string, body: BodyInit, headers: Record<string, string> = JSON_HEADERS) =>
    served.fetch(path, { method: 'POST', body, headers })

  it('parses a JSON body', async () => {
    const res = await post('/json', '{"a":[1,2,{"b":null}]}')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ got: { a: [1, 2, { b: null }] } })
  })

  it('accepts application/*+json and compares the content type case-insensitively', async () => {
    expect((await post('/json', '{"x":1}', { 'content-type': 'application/vnd.api+json' })).status).toBe(200)
    expect(
      (await post('/json', '{"x":1}', { 'content-type': 'Application/JSON; charset=UTF-8' })).status,
    ).toBe(200)
  })

  it('answers malformed JSON with 400 and a clear message', async () => {
    const res = await post('/json', '{"a":')
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('not valid JSON')
  })

  it('refuses malformed JSON without a stack trace, and leaves Error.stackTraceLimit as it was', async () => {
    const limit = Error.stackTraceLimit
    const bad = await post('/json-error', '{"a":')
    expect(bad.status).toBe(200)
    // One line: "BadRequest: The request body is not valid JSON: …", no "at …" frames.
    expect(await bad.json()).toEqual({ status: 400, stackLines: 1, limit })
    expect(await (await post('/json-error', '{"a":1}')).json()).toEqual({ limit })
    expect(Error.stackTraceLimit).toBe(limit)
  })

  it('answers an empty JSON body with 400', async () => {
    const res = await post('/json', '')
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('empty')
  })

  it('answers JSON with the wrong content type with 415', async () => {
    for (const type of ['text/plain', 'application/jsonx', 'application/x-www-form-urlencoded']) {
      const res = await post('/json', '{"a":1}', { 'content-type': type })
      expect(res.status, type).toBe(415)
      expect(await res.text()).toContain('application/json')
    }
  })

  it('refuses __proto__ and constructor.prototype keys with 400', async () => {
    const a = await post('/json', '{"user":{"__proto__":{"admin":true}}}')
    expect(a.status).toBe(400)
    expect(await a.text()).toContain('__proto__')
    const b = await post('/json', '{"constructor":{"prototype":{"admin":true}}}')
    expect(b.status).toBe(400)
    expect(await b.text()).toContain('constructor.prototype')
    expect((await post('/json', '{"constructor":"fine","proto":1}')).status).toBe(200)
  })

  it('refuses those keys spelled with \\u escapes too', async () => {
    for (const body of [
      '{"\\u005f_proto__":{"admin":true}}',
      '{"a":[{"__pro\\u0074o__":{"admin":true}}]}',
      '{"\\u0063onstructor":{"prototype":{"admin":true}}}',
    ]) {
      const res = await post('/json', body)
      expect(res.status, body).toBe(400)
      expect(await res.text()).toMatch(/__proto__|constructor\.prototype/)
    }
    // An escape elsewhere is fine: Python's json.dumps escapes every non-ASCII character.
    const ok = await post('/json', '{"name":"\\u00e9t\\u00e9"}')
    expect(ok.status).toBe(200)
    expect(await ok.json()).toEqual({ got: { name: 'été' } })
  })

  it('refuses JSON nested deeper than maxJsonDepth with 400', async () => {
    const deep = `${'['.repeat(9)}${']'.repeat(9)}`
    const res = await post('/json', deep)
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('nested deeper than 8')
    expect((await post('/json', `${'['.repeat(8)}${']'.repeat(8)}`)).status).toBe(200)
    // Brackets inside strings do not count.
    expect((await post('/json', JSON.stringify({ s: '[[[[[[[[[[[[' }))).status).toBe(200)
  })

  it('answers a body over maxContentLength with 413 before the handler sees it', async () => {
    const res = await post('/text', 'x'.repeat(1025), { 'content-type': 'text/plain' })
    expect(res.status).toBe(413)
    expect(await res.text()).toContain('larger than the limit of 1024 bytes')
    expect((await post('/text', 'x'.repeat(1024), { 'content-type': 'text/plain' })).status).toBe(200)
  })

  it('counts a chunked body while it streams and answers 413', async () => {
    const chunks = ['a'.repeat(600), 'b'.repeat(600)]
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift()
        if (next === undefined) controller.close()
        else controller.enqueue(new TextEncoder().encode(next))
      },
    })
    const res = await served.fetch('/text', {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/plain' },
      // @ts-expect-error undici needs duplex for a streamed body
      duplex: 'half',
    })
    expect(res.status).toBe(413)
  })

  // No Content-Length: json() parses inside the streamed read (the generic path on every gateway).
  it('parses a chunked JSON body, refuses a malformed one with 400, and keeps its text', async () => {
    const chunked = (parts: string[]) =>
      served.fetch('/after-json', {
        method: 'POST',
        body: new ReadableStream<Uint8Array>({
          pull(controller) {
            const next = parts.shift()
            if (next === undefined) controller.close()
            else controller.enqueue(new TextEncoder().encode(next))
          },
        }),
        headers: JSON_HEADERS,
        // @ts-expect-error undici needs duplex for a streamed body
        duplex: 'half',
      })
    const ok = await chunked(['{"a":', '[1,2]}'])
    expect(ok.status).toBe(200)
    expect(await ok.json()).toEqual({
      first: { a: [1, 2] },
      text: '{"a":[1,2]}',
      bytes: 11,
      again: { a: [1, 2] },
      fresh: true,
    })
    const bad = await chunked(['{"a":', '[1,2'])
    expect(await bad.json()).toEqual({ first: '400', text: '{"a":[1,2', bytes: 9, again: '400', fresh: true })
  })

  it('reads text, bytes and urlencoded forms', async () => {
    expect(await (await post('/text', 'héllo', { 'content-type': 'text/plain' })).json()).toEqual({
      text: 'héllo',
    })
    expect(await (await post('/bytes', new Uint8Array([1, 2, 3]), {})).json()).toEqual({ length: 3 })
    const form = await post('/form', 'name=Ada+L&color=red&color=blue', {
      'content-type': 'application/x-www-form-urlencoded',
    })
    expect(await form.json()).toEqual({ name: 'Ada L', colors: ['red', 'blue'] })
  })

  it('answers a form with the wrong content type with 415 and too many fields with 413', async () => {
    expect((await post('/form', 'a=1', { 'content-type': 'text/plain' })).status).toBe(415)
    const many = await post('/form', 'a=1&b=2&c=3&d=4&e=5&f=6', {
      'content-type': 'application/x-www-form-urlencoded',
    })
    expect(many.status).toBe(413)
  })

  it('reads the body once and shares it between json() and text()', async () => {
    const res = await post('/twice', '{"a":1}')
    expect(await res.json()).toEqual({ json: { a: 1 }, text: '{"a":1}' })
  })

  it('keeps the text of a body json() refused, and gives a fresh object on a second json()', async () => {
    const ok = await post('/after-json', '{"a":1}')
    expect(await ok.json()).toEqual({
      first: { a: 1 },
      text: '{"a":1}',
      bytes: 7,
      again: { a: 1 },
      fresh: true,
    })
    const bad = await post('/after-json', '{"a":')
    expect(await bad.json()).toEqual({ first: '400', text: '{"a":', bytes: 5, again: '400', fresh: true })
    const big = await post('/after-json', `"${'x'.repeat(2000)}"`)
    expect(await big.json()).toEqual({ first: '413', text: '413', bytes: '413', again: '413', fresh: true })
  })
})
