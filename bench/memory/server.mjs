// phial on node:http with the routes the memory bench exercises (the built package). Run with
// --expose-gc: GET /__heap answers the heap used after a full collection.
import { createServer } from 'node:http'
import { App } from 'phial'
import { toNodeListener } from 'phial/node'

const app = new App()
app.get('/', () => 'Hello, World!')
app.get('/user/:id', (req) => ({ id: req.params.id, q: req.query.get('q') }))
app.post('/echo', async (req) => await req.json())
app.get('/__heap', () => {
  globalThis.gc?.()
  return { heap: process.memoryUsage().heapUsed }
})
createServer(toNodeListener(app)).listen(Number(process.argv[2] ?? 3400), '127.0.0.1')
