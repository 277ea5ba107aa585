// phial through toNodeListener on node:http (the built package: run `npm run build` first).
import { createServer } from 'node:http'
import { App } from 'phial'
import { toNodeListener } from 'phial/node'
import { GITHUB_ROUTES, port, render } from './_shared.mjs'

const app = new App()
app.get('/', () => 'Hello, World!')
app.get('/user/:id', (req) => ({ id: req.params.id }))
app.get('/search', (req) => ({ q: req.query.get('q'), page: req.query.get('page') }))
app.post('/echo', async (req) => await req.json())
app.get('/render', (req) => render(req.query.get('name')))
for (const { method, path } of GITHUB_ROUTES) app.route(path, { methods: [method] }, (req) => req.params)

createServer(toNodeListener(app)).listen(port(), '127.0.0.1')
