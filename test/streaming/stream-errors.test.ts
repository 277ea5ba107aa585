import { Readable } from 'node:stream'
import { App, makeResponse } from 'phial'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseRaw, rawRequest } from '../adapters/_raw.ts'
import { start } from '../adapters/_servers.ts'

/** An app whose errors land in `logged`; every route's body is one the server cannot stream. */
function createApp(compress: boolean) {
  const logged: string[] = []
  const logger = { error: (what: unknown) => logged.push(String(what)), warn() {}, info() {}, debug() {} }
  const app = new App({ compress, logger })
  app.get('/consumed', async () => {
    const res = new Response('hello', { headers: { 'content-type': 'text/html' } })
    await res.text()
    return res
  })
  app.get('/locked', () => {
    const stream = new ReadableStream<Uint8Array>({ pull: (c) => c.enqueue(new Uint8Array(1)) })
    stream.getReader()
    // A compressible type: with compress on, the compressed path reads it.
    return makeResponse(stream, 200, { 'content-type': 'text/plain' })
  })
  // A hand-written iterator whose next() fails, and whose return() gives a plain object.
  app.get('/plain-return', () => {
    const iterator = {
      next: () => Promise.reject(new Error('source failed')),
      return: () => ({ done: true, value: undefined }),
    }
    return { [Symbol.asyncIterator]: () => iterator }
  })
  app.get('/readable-fails', () => {
    const stream = new Readable({ read() {} })
    stream.push('first;')
    setImmediate(() => stream.destroy(new Error('disk gone')))
    return stream
  })
  app.get('/ok', () => 'ok')
  return { app, logged }
}

const get = (path: string) =>
  `GET ${path} HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n`

// A rejection nobody handles ends a Node server (--unhandled-rejections=throw is Node's default).
const unhandled: unknown[] = []
const record = (reason: unknown) => unhandled.push(reason)
beforeEach(() => {
  unhandled.length = 0
  process.on('unhandledRejection', record)
})
afterEach(() => {
  process.off('unhandledRejection', record)
})

describe('a stream body Node cannot read', () => {
  for (const compress of [false, true]) {
    for (const path of ['/consumed', '/locked']) {
      it(`answers ${path} with a logged 500 and keeps serving (compress: ${compress})`, async () => {
        const { app, logged } = createApp(compress)
        const { port } = await start(app)
        const res = parseRaw(await rawRequest(port, get(path)))
        expect(res.status).toBe(500)
        expect(res.headers).toMatch(/^content-length: 21$/m)
        expect(res.headers).not.toMatch(/content-encoding/)
        expect(res.body).toBe('Internal Server Error')
        expect(logged).toEqual([`GET ${path}: the response could not be written:`])
        expect(parseRaw(await rawRequest(port, get('/ok'))).body).toBe('ok')
        expect(unhandled).toEqual([])
      })
    }
  }

  it('drops the connection once when next() fails and return() is not a promise, and keeps serving', async () => {
    const { app, logged } = createApp(false)
    const { port } = await start(app)
    // The headers were written already (as on every gateway, before the first chunk): no 500 now.
    expect(await rawRequest(port, get('/plain-return'))).toBe('')
    expect(logged).toEqual(['GET /plain-return: the response stream failed:'])
    expect(unhandled).toEqual([])
    expect(parseRaw(await rawRequest(port, get('/ok'))).body).toBe('ok')
  })

  it('logs a failed Node Readable with the method and path', async () => {
    const { app, logged } = createApp(false)
    const { port } = await start(app)
    const res = parseRaw(await rawRequest(port, get('/readable-fails')))
    expect([res.status, res.body]).toEqual([200, '6\r\nfirst;\r\n'])
    expect(logged).toEqual(['GET /readable-fails: the response stream failed:'])
  })
})

describe('a stream body app.request cannot read', () => {
  for (const compress of [false, true]) {
    it(`answers a Response whose body was read with a logged 500 (compress: ${compress})`, async () => {
      const { app, logged } = createApp(compress)
      const res = await app.request('/consumed', { headers: { 'accept-encoding': 'gzip' } })
      expect([res.status, res.headers.get('content-encoding'), await res.text()]).toEqual([
        500,
        null,
        'Internal Server Error',
      ])
      expect(logged).toEqual(['GET /consumed: the response could not be written:'])
    })
  }
})

describe('a stream that fails on a fetch gateway (app.request)', () => {
  for (const compress of [false, true]) {
    it(`logs the failure through app.logger, as Node does, and ends the body in an error (compress: ${compress})`, async () => {
      const { app, logged } = createApp(compress)
      const res = await app.request('/plain-return', { headers: { 'accept-encoding': 'gzip' } })
      expect(res.status).toBe(200)
      await expect(res.arrayBuffer()).rejects.toThrow()
      expect(logged).toEqual(['GET /plain-return: the response stream failed:'])
    })
  }
})
