// The physical limit: node:http with hand-written matching for exactly the benchmarked paths.
import { createServer } from 'node:http'
import { pathToFileURL } from 'node:url'
import { isJSON, LIMIT, MAX_DEPTH, poisoned, tooDeep } from './_checks.mjs'
import { HTML, JSON_TYPE, port, render } from './_shared.mjs'

const DEEP = /^\/repos\/([^/]+)\/([^/]+)\/issues\/([^/]+)\/comments$/

// The same 404 as phial's, byte for byte, so the two do the same work; other frameworks word their own.
const NOT_FOUND =
  '<!doctype html>\n<html lang="en">\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server.</p>\n</html>\n'
export const notFound = (res) => {
  res.writeHead(404, {
    'content-type': HTML,
    'content-security-policy': "default-src 'none'",
    'x-content-type-options': 'nosniff',
    'content-length': Buffer.byteLength(NOT_FOUND),
  })
  res.end(NOT_FOUND)
}

export const send = (res, status, type, body) => {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

// The echo does the work phial's `await req.json()` does, as any correct node:http server must: 415 for
// a type that is not JSON, 413 past 1 MiB (announced or counted while the body streams), 400 for
// malformed JSON, nesting past 64 levels, or a `__proto__`/`constructor.prototype` key. Without this
// a raw echo would crash on the first malformed body; `verify` checks both answer bad input alike.
const refuse = (res, status, message, close = false) => {
  const headers = {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(message),
  }
  if (close) headers.connection = 'close'
  res.writeHead(status, headers)
  res.end(message)
}

// Collects the body and calls `done(res, text)`; past the limit it answers 413 itself and never calls it.
const collect = (req, res, done) => {
  const chunks = []
  let total = 0
  let settled = false
  req.on('data', (chunk) => {
    if (settled) return
    total += chunk.length
    if (total <= LIMIT) chunks.push(chunk)
    else {
      settled = true
      req.pause()
      refuse(res, 413, 'The body is too large.', true)
    }
  })
  req.on('end', () => {
    if (settled) return
    settled = true
    // A body that came as one chunk is decoded where it lies, as phial does.
    done(res, (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total)).toString())
  })
}

// Refuses a body as phial's `req.json()` does, or echoes its value.
const answer = (res, text) => {
  if (text.length === 0) return refuse(res, 400, 'The body is empty.')
  if (text.length > MAX_DEPTH * 2 && tooDeep(text)) return refuse(res, 400, 'The JSON is nested too deeply.')
  let value
  try {
    value = JSON.parse(text)
  } catch {
    return refuse(res, 400, 'The body is not valid JSON.')
  }
  if ((text.includes('__proto__') || text.includes('constructor')) && poisoned(value))
    return refuse(res, 400, 'The JSON has a prototype key.')
  send(res, 200, JSON_TYPE, JSON.stringify(value))
}

// 415 and the announced 413 before reading, as phial's `req.json()` does; true when refused.
const refused = (req, res) => {
  const headers = req.headers
  if (!isJSON(headers['content-type'])) refuse(res, 415, 'Expected a JSON body.', true)
  else if (Number(headers['content-length']) > LIMIT) refuse(res, 413, 'The body is too large.', true)
  else return false
  return true
}

// The echo with callbacks only: the least any node:http server can do.
const echo = (req, res) => {
  if (!refused(req, res)) collect(req, res, answer)
}

/**
 * The echo as a promise-based API must do it (phial's `await req.json()`, Hono's, h3's, Koa's): an async
 * handler that awaits a promise of the body. raw-routed.mjs serves it; the checks are those of `echo`.
 */
export const echoAsync = async (req, res) => {
  if (refused(req, res)) return
  const text = await new Promise((resolve) => collect(req, res, (_res, body) => resolve(body)))
  answer(res, text)
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

const route = (req, res, path, query) => {
  if (req.method === 'GET') return get(res, path, query)
  if (req.method === 'POST' && path === '/echo') return echo(req, res)
  notFound(res)
}

/** Serves on the bench port; `handle` answers each request (raw-routed.mjs passes one that uses a router). */
export const listen = (handle = route) =>
  createServer((req, res) => {
    const url = req.url
    const q = url.indexOf('?')
    handle(req, res, q === -1 ? url : url.slice(0, q), q === -1 ? '' : url.slice(q + 1))
  }).listen(port(), '127.0.0.1')

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) listen()
