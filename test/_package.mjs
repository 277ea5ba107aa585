// Run by test/package.test.ts with plain `node` (no tsx, no `source` condition), so `phial` and its
// subpaths resolve to the bundled dist/ of `npm run build`, as they do for a user who installed phial.
// It serves through app.listen() (`#node-serve`), crosses every entry point, and prints one JSON line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { App, abort, PhialError, PhialRequest } from 'phial'
import { Cache } from 'phial/cache'
import { createTemplates } from 'phial/eta'
import { NodeRequest, toNodeListener } from 'phial/node'
import { serveStatic } from 'phial/static'

const root = mkdtempSync(join(tmpdir(), 'phial-package-'))
writeFileSync(join(root, 'hello.txt'), 'hello from a file\n')
const templates = createTemplates({ templates: { 'page.eta': '<p><%= it.name %></p>' } })

const app = new App()
app.get('/user/<int:id>', (req) => ({ id: req.params.id }))
// One class, whichever entry point it came through: the Node adapter's request is phial's request.
app.get('/identity', (req) => ({
  phialRequest: req instanceof PhialRequest,
  nodeRequest: req instanceof NodeRequest,
}))
app.get('/teapot', () => abort(418))
app.get('/page', (req) => templates.render(req, 'page.eta', { name: 'a < b' }))
app.post('/form', async (req) => {
  const form = await req.form()
  const file = (await req.files()).get('doc')
  return { name: form.get('name'), file: file === undefined ? null : await file.text() }
})
serveStatic(app, { root, folder: '.', urlPath: '/files' })
// phial/cache through dist: the second request is answered from the cache (the count stays 1).
const cache = new Cache()
let built = 0
app.get(
  '/cached',
  cache.cached(() => ({ built: ++built })),
)
// An error class from phial/static's own code is the one `phial` exports.
let staticError = false
try {
  serveStatic(app, { folder: 'x' })
} catch (error) {
  staticError = error instanceof PhialError
}

const server = await app.listen(0)
const results = {}
const ask = async (name, path, init) => {
  const res = await fetch(server.url + path, init)
  results[name] = { status: res.status, type: res.headers.get('content-type'), body: await res.text() }
}
await ask('user', '/user/42')
await ask('identity', '/identity')
await ask('teapot', '/teapot')
await ask('page', '/page')
await ask('missing', '/missing')
await ask('file', '/files/hello.txt')
await ask('cached', '/cached')
await ask('cached', '/cached')
const form = new FormData()
form.append('name', 'Ada')
form.append('doc', new Blob(['file body']), 'doc.txt')
await ask('form', '/form', { method: 'POST', body: form })
await ask('badForm', '/form', {
  method: 'POST',
  headers: { 'content-type': 'multipart/form-data; boundary=x' },
  body: '--x\r\nnot a part',
})
await server.close()
rmSync(root, { recursive: true, force: true })
console.log(
  JSON.stringify({
    results,
    staticError,
    listener: typeof toNodeListener(app),
  }),
)
