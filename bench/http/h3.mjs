// h3 2 on node:http through toNodeHandler (srvx), the same adapter h3's own serve() uses.
import { createServer } from 'node:http'
import { getQuery, getRouterParams, H3, toNodeHandler } from 'h3'
import { GITHUB_ROUTES, HTML, port, render } from './_shared.mjs'

const app = new H3()
const asHTML = (event, body) => {
  event.res.headers.set('content-type', HTML)
  return body
}
app.get('/', (event) => asHTML(event, 'Hello, World!'))
app.get('/user/:id', (event) => ({ id: event.context.params.id }))
app.get('/search', (event) => {
  const { q, page } = getQuery(event)
  return { q, page }
})
app.post('/echo', (event) => event.req.json())
app.get('/render', (event) => asHTML(event, render(getQuery(event).name)))
for (const { method, path } of GITHUB_ROUTES) app.on(method, path, (event) => getRouterParams(event))

createServer(toNodeHandler(app)).listen(port(), '127.0.0.1')
