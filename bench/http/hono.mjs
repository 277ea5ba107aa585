// Hono 4 (default SmartRouter) on @hono/node-server 2.
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { GITHUB_ROUTES, HTML, port, render } from './_shared.mjs'

const app = new Hono()
const html = { 'content-type': HTML } // c.html() says "UTF-8"; every server sends the same bytes
app.get('/', (c) => c.body('Hello, World!', 200, html))
app.get('/user/:id', (c) => c.json({ id: c.req.param('id') }))
app.get('/search', (c) => c.json({ q: c.req.query('q'), page: c.req.query('page') }))
app.post('/echo', async (c) => c.json(await c.req.json()))
app.get('/render', (c) => c.body(render(c.req.query('name')), 200, html))
for (const { method, path } of GITHUB_ROUTES) app.on(method, path, (c) => c.json(c.req.param()))

serve({ fetch: app.fetch, port: port(), hostname: '127.0.0.1' })
