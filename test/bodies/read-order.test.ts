import { App } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'
import { multipart } from './_multipart.ts'

// The raw body and the form, read in either order (Flask: get_data() caches and request.form parses
// the cache; get_data() after request.form is b'').

let logged: string[] = []

function createApp(): App {
  const logger = {
    error: (...args: unknown[]) => logged.push(String(args.at(-1))),
    warn() {},
    info() {},
    debug() {},
  }
  const app = new App({ logger, maxFormParts: 3 })
  const summary = (form: URLSearchParams, files: unknown[]) => ({ form: [...form], files })
  app.post('/bytes-then-form', async (req) => {
    const bytes = (await req.arrayBuffer()).byteLength
    const files = [...(await req.files())].map(([k, f]) => [k, f.name, f.size])
    return { bytes, ...summary(await req.form(), files) }
  })
  app.post('/text-then-files', async (req) => {
    const text = (await req.text()).length
    const files = await Promise.all([...(await req.files())].map(async ([k, f]) => [k, await f.text()]))
    return { text, ...summary(await req.form(), files) }
  })
  app.post('/form-then-bytes', async (req) => {
    const form = [...(await req.form())]
    return { form, bytes: (await req.arrayBuffer()).byteLength, text: await req.text() }
  })
  app.post('/at-once', async (req) => {
    const [bytes, form] = await Promise.all([req.bytes(), req.form()])
    return { bytes: bytes.byteLength, form: [...form] }
  })
  app.post('/at-once-form-first', async (req) => {
    const [form, bytes] = await Promise.all([req.form(), req.bytes()])
    return { bytes: bytes.byteLength, form: [...form] }
  })
  return app
}

describe.each(gateways)('the raw body and the form through $name', (gateway) => {
  let served: Served
  beforeAll(async () => {
    served = await gateway.serve(createApp())
  })
  afterAll(() => served.close())

  const { body, type } = multipart([
    { name: 'title', value: 'Ada' },
    { name: 'doc', value: 'hello', filename: 'a.txt', type: 'text/plain' },
  ])
  const post = (path: string, payload: Uint8Array<ArrayBuffer> = body) =>
    served.fetch(path, { method: 'POST', body: payload, headers: { 'content-type': type } })

  it('parses the form and files from the bytes arrayBuffer() read', async () => {
    const res = await post('/bytes-then-form')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await res.json()).toEqual({
      bytes: body.byteLength,
      form: [['title', 'Ada']],
      files: [['doc', 'a.txt', 5]],
    })
  })

  it('parses the files from the text text() read, when the body is UTF-8', async () => {
    const res = await post('/text-then-files')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      text: body.byteLength,
      form: [['title', 'Ada']],
      files: [['doc', 'hello']],
    })
  })

  it('answers 500 naming the fix when text() lost the bytes of a binary file', async () => {
    const binary = multipart([{ name: 'doc', value: new Uint8Array([0xff, 0xfe, 0x00]), filename: 'b.bin' }])
    logged = []
    const res = await served.fetch('/text-then-files', {
      method: 'POST',
      body: binary.body,
      headers: { 'content-type': binary.type },
    })
    expect(res.status).toBe(500)
    expect(await res.text()).not.toContain('req.bytes()') // a programming error: logged, not shown
    expect(logged.join('\n')).toContain('call req.bytes() instead of req.text() before req.form()')
  })

  it('gives empty bytes and text once form() parsed a multipart body as it streamed', async () => {
    const res = await post('/form-then-bytes')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ form: [['title', 'Ada']], bytes: 0, text: '' })
  })

  it('reads both at once, in either order', async () => {
    expect(await (await post('/at-once')).json()).toEqual({
      bytes: body.byteLength,
      form: [['title', 'Ada']],
    })
    expect(await (await post('/at-once-form-first')).json()).toEqual({ bytes: 0, form: [['title', 'Ada']] })
  })

  it('holds a form parsed from read bytes to the same limits', async () => {
    const parts = Array.from({ length: 4 }, (_, i) => ({ name: `f${i}`, value: 'x' }))
    const many = multipart(parts)
    const res = await served.fetch('/bytes-then-form', {
      method: 'POST',
      body: many.body,
      headers: { 'content-type': many.type },
    })
    expect(res.status).toBe(413)
    expect(await res.text()).toContain('more than 3 parts')
  })
})
