// The same three routes in phial and in Hono, as fetch handlers, for Bun and Deno.
import { Hono } from 'hono'
import { App } from 'phial'

export const phial = new App()
phial.get('/', () => 'Hello, World!')
phial.get('/user/:id', (req) => ({ id: req.params.id }))
phial.post('/echo', async (req) => await req.json())

export const hono = new Hono()
hono.get('/', (c) => c.html('Hello, World!'))
hono.get('/user/:id', (c) => c.json({ id: c.req.param('id') }))
hono.post('/echo', async (c) => c.json(await c.req.json()))
