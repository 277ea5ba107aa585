// Request bodies through the documented nginx configuration: JSON, a multipart upload of a few MB,
// and bodies over the limits, phial's (its 413 reaches the client) and nginx's own.
import { createHash, randomBytes } from 'node:crypto'
import type { ServerHandle } from 'phial/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDeployApp, LIMIT, serveApp } from './_app.ts'
import { documentedNginx } from './_docs.ts'
import { send } from './_http.ts'
import { type ProxyProcess, requireProxies, skipWithoutProxies, startNginx } from './_proxies.ts'

describe.skipIf(skipWithoutProxies())('request bodies through nginx', () => {
  let server: ServerHandle
  let nginx: ProxyProcess
  let port: number

  beforeAll(async () => {
    requireProxies()
    server = await serveApp(createDeployApp({ trustProxy: true }).app)
    nginx = await startNginx(documentedNginx(server.port), 2)
    port = nginx.ports[0] as number
  })

  afterAll(async () => {
    await nginx?.stop()
    await server?.close()
  })

  it('passes a JSON body on and the JSON answer back', async () => {
    const res = await send(port, '/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Grüße', tags: ['a', 'b'] }),
    })
    expect([res.status, res.headers['content-type']]).toEqual([201, 'application/json'])
    expect(JSON.parse(res.body)).toEqual({ received: { title: 'Grüße', tags: ['a', 'b'] } })
  })

  it('passes a multipart upload of 3 MB on intact', async () => {
    const file = randomBytes(3 * 1024 * 1024)
    const boundary = 'deploy-boundary-7MA4YWxkTrZu0gW'
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nholiday\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="beach.bin"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ])
    const res = await send(port, '/upload', {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
    })
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body)).toEqual({
      title: 'holiday',
      name: 'beach.bin',
      size: file.byteLength,
      sha256: createHash('sha256').update(file).digest('hex'),
    })
  })

  // nginx buffers the whole body, then sends it to phial, which answers 413 before reading it. Each
  // attempt must bring phial's 413, never nginx's 502 for a connection phial reset under it.
  it("brings phial's 413 to the client for a body over maxContentLength, every time", async () => {
    const body = Buffer.alloc(LIMIT + 1024 * 1024, 'x')
    const statuses: number[] = []
    for (let i = 0; i < 8; i++) {
      const res = await send(port, '/length', {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', accept: 'application/json' },
        body,
      })
      statuses.push(res.status)
      if (res.status === 413) {
        expect(JSON.parse(res.body)).toEqual({
          status: 413,
          error: 'Content Too Large',
          message: `The request body is larger than the limit of ${LIMIT} bytes.`,
        })
      }
    }
    expect(statuses, nginx.log()).toEqual(Array(8).fill(413))
    const after = await send(port, '/length', { method: 'POST', body: 'still here' })
    expect([after.status, after.body]).toEqual([200, '{"length":10}'])
  })

  it("answers a body over client_max_body_size with nginx's own 413, before phial sees it", async () => {
    const res = await send(port, '/length', { method: 'POST', body: Buffer.alloc(11 * 1024 * 1024) })
    expect(res.status).toBe(413)
    expect(res.body).toContain('<center>nginx')
    const after = await send(port, '/dir/')
    expect([after.status, after.body]).toEqual([200, 'a folder'])
  })
})
