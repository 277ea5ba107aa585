// Fastify 5, defaults (no logger, no response schemas: the other frameworks have none either).
import Fastify from 'fastify'
import { DEEP_ROUTE, GITHUB_ROUTES, HTML, port, render } from './_shared.mjs'

const app = Fastify()
app.get('/', (_req, reply) => reply.type(HTML).send('Hello, World!'))
app.get('/user/:id', (req) => ({ id: req.params.id }))
app.get('/search', (req) => ({ q: req.query.q, page: req.query.page }))
app.post('/echo', (req) => req.body)
app.get('/render', (req, reply) => reply.type(HTML).send(render(req.query.name)))
for (const { method, path } of GITHUB_ROUTES) app.route({ method, url: path, handler: (req) => req.params })
if (!GITHUB_ROUTES.some((r) => r.path === DEEP_ROUTE)) throw new Error(`${DEEP_ROUTE} is not registered`)

await app.listen({ port: port(), host: '127.0.0.1' })
