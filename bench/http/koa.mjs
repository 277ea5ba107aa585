// Koa 3 + @koa/router 15. No body parser is installed, so /echo reads the stream itself.
import Router from '@koa/router'
import Koa from 'koa'
import { GITHUB_ROUTES, port, render } from './_shared.mjs'

const readJSON = async (req) => {
  const chunks = []
  for await (const chunk of req) chunks.push(chunk)
  return JSON.parse(Buffer.concat(chunks).toString())
}

const router = new Router()
router.get('/', (ctx) => {
  ctx.type = 'html'
  ctx.body = 'Hello, World!'
})
router.get('/user/:id', (ctx) => {
  ctx.body = { id: ctx.params.id }
})
router.get('/search', (ctx) => {
  ctx.body = { q: ctx.query.q, page: ctx.query.page }
})
router.post('/echo', async (ctx) => {
  ctx.body = await readJSON(ctx.req)
})
router.get('/render', (ctx) => {
  ctx.type = 'html'
  ctx.body = render(ctx.query.name)
})
for (const { method, path } of GITHUB_ROUTES) {
  router.register(path, [method], (ctx) => {
    ctx.body = ctx.params
  })
}

new Koa().use(router.routes()).listen(port(), '127.0.0.1')
