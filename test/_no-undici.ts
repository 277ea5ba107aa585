// Run by test/process.test.ts in a child process: serve the common answers through node:http (a string,
// JSON, a record of headers, a JSON body, a 404, a malformed body) and report whether anything loaded
// undici, Node's fetch, which the first read of the `Headers` or `Response` global does.
import { request } from 'node:http'
import { App, json } from 'phial'
import { serve } from 'phial/node'

const app = new App()
app.get('/', () => 'Hello')
app.get('/user/<int:id>', (req) => ({ id: req.params.id }))
app.get('/typed', () => json({ ok: true }, 201, { 'x-typed': '1' }))
app.post('/echo', async (req) => await req.json())

const server = await serve(app, { port: 0, host: '127.0.0.1' })
const { port } = server
const ask = (method: string, path: string, body?: string) =>
  new Promise<number | undefined>((resolve, reject) => {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' }
    request({ port, path, method, headers, host: '127.0.0.1' }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode))
    })
      .on('error', reject)
      .end(body)
  })
const statuses = [
  await ask('GET', '/'),
  await ask('GET', '/user/7'),
  await ask('GET', '/typed'),
  await ask('POST', '/echo', '{"a":1}'),
  await ask('GET', '/missing'),
  await ask('POST', '/echo', '{"a":'),
]
await server.close()
// Node's list of the internal modules it has loaded; not in @types/node.
const loaded = (process as unknown as { moduleLoadList: string[] }).moduleLoadList
console.log(JSON.stringify({ statuses, undici: loaded.some((m) => m.includes('undici')) }))
