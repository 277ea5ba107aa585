// phial's own JavaScript per request, without sockets: the Node listener is called with mock
// `req`/`res` objects, beside a hand-written handler doing the same work on the same mocks. What is
// left after subtracting is the cost of phial's request object, routing, dispatch and response path.
// Deterministic enough to compare two builds on a noisy machine; it says nothing about Node's HTTP
// stack or the kernel, which the HTTP bench measures. Run `npm run build` first.
// Usage: node bench/overhead/run.mjs [path ...]
import { readFileSync } from 'node:fs'
import { App } from 'phial'
import { toNodeListener } from 'phial/node'

const ROUTES = JSON.parse(readFileSync(new URL('../../../shared/data/github-routes.json', import.meta.url)))
const app = new App()
app.get('/', () => 'Hello, World!')
app.get('/user/:id', (req) => ({ id: req.params.id }))
app.get('/search', (req) => ({ q: req.query.get('q'), page: req.query.get('page') }))
for (const { method, path } of ROUTES) app.route(path, { methods: [method] }, (req) => req.params)
const phial = toNodeListener(app)

let sink = 0
const res = {
  headersSent: false,
  writeHead(status) {
    sink += status
    return this
  },
  end(body) {
    sink += body ? body.length : 0
  },
  once() {},
  on() {
    return this
  },
}
const request = (url) => ({
  url,
  method: 'GET',
  rawHeaders: ['Host', 'localhost:3000'],
  headers: { host: 'localhost:3000' },
  socket: { remoteAddress: '127.0.0.1' },
  complete: false,
  readableEnded: false,
})
const send = (res, status, type, body) => {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) })
  res.end(body)
}
const DEEP = /^\/repos\/([^/]+)\/([^/]+)\/issues\/([^/]+)\/comments$/
const raw = (req, res) => {
  const url = req.url
  const q = url.indexOf('?')
  const path = q === -1 ? url : url.slice(0, q)
  if (path === '/') return send(res, 200, 'text/html', 'Hello, World!')
  if (path.startsWith('/user/') && path.indexOf('/', 6) === -1)
    return send(res, 200, 'application/json', JSON.stringify({ id: path.slice(6) }))
  if (path === '/search') {
    const sp = new URLSearchParams(url.slice(q + 1))
    return send(res, 200, 'application/json', JSON.stringify({ q: sp.get('q'), page: sp.get('page') }))
  }
  const m = DEEP.exec(path)
  if (m) return send(res, 200, 'application/json', JSON.stringify({ owner: m[1], repo: m[2], number: m[3] }))
  send(res, 404, 'text/plain', 'Not Found')
}

const paths = process.argv.slice(2)
const urls = paths.length
  ? paths
  : [
      '/',
      '/user/42',
      '/search?q=x&page=2',
      '/repos/octocat/hello-world/issues/1347/comments',
      '/missing/route',
    ]
console.log('| path | hand-written ns | phial ns | phial − hand-written |\n| --- | --- | --- | --- |')
for (const url of urls) {
  const reqs = Array.from({ length: 1000 }, () => request(url))
  const best = { raw: Infinity, phial: Infinity }
  for (let round = 0; round < 5; round++) {
    for (const [name, fn] of [
      ['raw', raw],
      ['phial', phial],
    ]) {
      const n = 300_000
      for (let i = 0; i < 30_000; i++) fn(reqs[i % 1000], res)
      const t0 = process.hrtime.bigint()
      for (let i = 0; i < n; i++) fn(reqs[i % 1000], res)
      best[name] = Math.min(best[name], Number(process.hrtime.bigint() - t0) / n)
    }
  }
  console.log(
    `| \`${url}\` | ${best.raw.toFixed(0)} | ${best.phial.toFixed(0)} | ${(best.phial - best.raw).toFixed(0)} |`,
  )
}
if (sink === 0) console.log('(nothing was written)')
