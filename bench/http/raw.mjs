// The physical limit: node:http with hand-written matching for exactly the benchmarked paths.
import { createServer } from 'node:http'
import { HTML, JSON_TYPE, port, render } from './_shared.mjs'

const DEEP = /^\/repos\/([^/]+)\/([^/]+)\/issues\/([^/]+)\/comments$/

// The same 404 as phial's, byte for byte, so the two do the same work; other frameworks word their own.
const NOT_FOUND =
  '<!doctype html>\n<html lang="en">\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server.</p>\n</html>\n'
const notFound = (res) => {
  res.writeHead(404, {
    'content-type': HTML,
    'content-security-policy': "default-src 'none'",
    'x-content-type-options': 'nosniff',
    'content-length': Buffer.byteLength(NOT_FOUND),
  })
  res.end(NOT_FOUND)
}

const send = (res, status, type, body) => {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

const echo = (req, res) => {
  const chunks = []
  req.on('data', (chunk) => chunks.push(chunk))
  req.on('end', () => send(res, 200, JSON_TYPE, JSON.stringify(JSON.parse(Buffer.concat(chunks).toString()))))
}

const get = (res, path, query) => {
  if (path === '/') return send(res, 200, HTML, 'Hello, World!')
  if (path.startsWith('/user/') && path.indexOf('/', 6) === -1) {
    return send(res, 200, JSON_TYPE, JSON.stringify({ id: path.slice(6) }))
  }
  if (path === '/search') {
    const sp = new URLSearchParams(query)
    return send(res, 200, JSON_TYPE, JSON.stringify({ q: sp.get('q'), page: sp.get('page') }))
  }
  if (path === '/render') return send(res, 200, HTML, render(new URLSearchParams(query).get('name')))
  const m = DEEP.exec(path)
  if (m) return send(res, 200, JSON_TYPE, JSON.stringify({ owner: m[1], repo: m[2], number: m[3] }))
  notFound(res)
}

createServer((req, res) => {
  const url = req.url
  const q = url.indexOf('?')
  const path = q === -1 ? url : url.slice(0, q)
  if (req.method === 'GET') return get(res, path, q === -1 ? '' : url.slice(q + 1))
  if (req.method === 'POST' && path === '/echo') return echo(req, res)
  notFound(res)
}).listen(port(), '127.0.0.1')
