/**
 * One small app, started unchanged on every gateway: see node.ts, bun.ts, deno.ts and workerd/.
 * It imports nothing from `node:*`, so it also bundles into a Cloudflare Worker.
 */
import { App, json } from 'phial'

export const app = new App()

app.get('/', function home() {
  return '<h1>Hello from phial</h1>'
})
app.get('/hello/:name', (req) => ({ hello: req.params.name }))
app.post('/echo', async (req) => json(await req.json(), 201))
// On Workers, text bindings and secrets are req.env; elsewhere req.env is {}.
app.get('/env', (req) => ({ greeting: req.env.GREETING ?? null }))

export default app
