// Express 5, defaults (ETag and X-Powered-By on, as users run it).
import express from 'express'
import { GITHUB_ROUTES, port, render } from './_shared.mjs'

const app = express()
app.get('/', (_req, res) => res.type('html').send('Hello, World!'))
app.get('/user/:id', (req, res) => res.json({ id: req.params.id }))
app.get('/search', (req, res) => res.json({ q: req.query.q, page: req.query.page }))
app.post('/echo', express.json(), (req, res) => res.json(req.body))
app.get('/render', (req, res) => res.type('html').send(render(req.query.name)))
for (const { method, path } of GITHUB_ROUTES) {
  app[method.toLowerCase()](path, (req, res) => res.json(req.params))
}

app.listen(port(), '127.0.0.1')
