// The same three routes in phial and in Hono, as fetch handlers, for Bun and Deno.
import { Hono } from 'hono'
import { App, PhialResponse } from 'phial'
import { isJSON, LIMIT, MAX_DEPTH, poisoned, tooDeep } from '../http/_checks.mjs'

export const phial = new App()
phial.get('/', () => 'Hello, World!')
phial.get('/user/:id', (req) => ({ id: req.params.id }))
phial.post('/echo', async (req) => await req.json())

export const hono = new Hono()
hono.get('/', (c) => c.html('Hello, World!'))
hono.get('/user/:id', (c) => c.json({ id: c.req.param('id') }))
hono.post('/echo', async (c) => c.json(await c.req.json()))

// Hono with the checks phial's `req.json()` makes (a reference, not how Hono's docs write an echo):
// 415 unless the type is JSON and 413 past 1 MiB announced, both before reading (the two header
// reads; on Deno the first one builds the request's whole Headers), then 400 for malformed JSON,
// nesting past 64 levels or a `__proto__`/`constructor.prototype` key.
export const honoChecked = new Hono()
honoChecked.get('/', (c) => c.html('Hello, World!'))
honoChecked.get('/user/:id', (c) => c.json({ id: c.req.param('id') }))
honoChecked.post('/echo', async (c) => {
  if (!isJSON(c.req.header('content-type'))) return c.text('Expected a JSON body.', 415)
  if (Number(c.req.header('content-length')) > LIMIT) return c.text('The body is too large.', 413)
  const text = await c.req.text()
  if (text.length > LIMIT) return c.text('The body is too large.', 413)
  if (text.length === 0) return c.text('The body is empty.', 400)
  if (text.length > MAX_DEPTH * 2 && tooDeep(text)) return c.text('The JSON is nested too deeply.', 400)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return c.text('The body is not valid JSON.', 400)
  }
  if ((text.includes('__proto__') || text.includes('constructor')) && poisoned(value))
    return c.text('The JSON has a prototype key.', 400)
  return c.json(value)
})

// The echo taken apart (parts.mjs): phial's routing, request and response around Hono's body work
// (`JSON.parse(await request.text())`), then with the two header reads phial's checks need, then
// phial's own `req.json()` (the `phial` app). Hono's echo is the reference.
export const phialNative = new App()
phialNative.get('/', () => 'Hello, World!')
phialNative.post('/echo', async (req) => JSON.parse(await req.raw.text()))

export const phialHeaders = new App()
phialHeaders.get('/', () => 'Hello, World!')
phialHeaders.post('/echo', async (req) => {
  if (!isJSON(req.header('content-type'))) return new PhialResponse('Expected a JSON body.', 415)
  if (Number(req.header('content-length')) > LIMIT) return new PhialResponse('The body is too large.', 413)
  return JSON.parse(await req.raw.text())
})
