// Streams through nginx with the documented configuration (HTTP/1.1 and keep-alive to phial) and with
// nginx's defaults (HTTP/1.0, a connection per request). Server-sent events pass at once either way,
// since sse() sends X-Accel-Buffering: no. A generator's chunks pass at once over HTTP/1.1 (nginx
// forwards each chunk of a chunked response); over HTTP/1.0 nginx buffers the response, headers
// included, until it ends, unless the response sends X-Accel-Buffering: no too.
import type { ServerHandle } from 'phial/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDeployApp, type DeployApp, serveApp } from './_app.ts'
import { documentedNginx, withoutKeepAlive } from './_docs.ts'
import { open, reader, send, settlesWithin } from './_http.ts'
import { type ProxyProcess, requireProxies, skipWithoutProxies, startNginx } from './_proxies.ts'

const upstreams = [
  { name: 'the documented HTTP/1.1 keep-alive upstream', edit: (site: string) => site, buffers: false },
  { name: "nginx's default HTTP/1.0 upstream", edit: withoutKeepAlive, buffers: true },
]

describe.skipIf(skipWithoutProxies()).each(upstreams)(
  'streams through nginx with $name',
  ({ edit, buffers }) => {
    let deploy: DeployApp
    let server: ServerHandle
    let nginx: ProxyProcess
    let port: number

    beforeAll(async () => {
      requireProxies()
      deploy = createDeployApp({ trustProxy: true })
      server = await serveApp(deploy.app)
      nginx = await startNginx(documentedNginx(server.port, edit), 2)
      port = nginx.ports[0] as number
    })

    afterAll(async () => {
      deploy?.release()
      await nginx?.stop()
      await server?.close()
    })

    it('delivers the first server-sent event while the stream is still open', async () => {
      const res = await open(port, '/events')
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toBe('text/event-stream')
      expect(res.headers['cache-control']).toBe('no-cache')
      expect(res.headers['x-accel-buffering']).toBeUndefined() // nginx acts on it and drops it
      const body = reader(res)
      expect(await body.until('\n\n')).toBe('event: first\ndata: one\n\n')
      deploy.release()
      expect(await body.rest()).toBe('event: first\ndata: one\n\nevent: second\ndata: {"n":2}\n\n')
    })

    const generator = buffers
      ? "holds a generator's response, headers and all, until it ends"
      : "passes a generator's first chunk on while the stream is still open"
    it(generator, async () => {
      const response = open(port, '/generated')
      // Over HTTP/1.0 not even the head arrives while the generator waits for the signal.
      expect(await settlesWithin(response, buffers ? 300 : 5000)).toBe(!buffers)
      if (buffers) deploy.release()
      const res = await response
      expect([res.statusCode, res.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8'])
      const body = reader(res)
      if (!buffers) {
        expect(await body.until('\n')).toBe('one\n')
        deploy.release()
      }
      expect(await body.rest()).toBe('one\ntwo\n')
    })

    it('passes a generator on at once when the response sends X-Accel-Buffering: no', async () => {
      const res = await open(port, '/generated-unbuffered')
      expect(res.statusCode).toBe(200)
      const body = reader(res)
      expect(await body.until('\n')).toBe('one\n')
      deploy.release()
      expect(await body.rest()).toBe('one\ntwo\n')
    })

    it('keeps serving after the streams', async () => {
      const res = await send(port, '/dir/')
      expect([res.status, res.body]).toEqual([200, 'a folder'])
    })
  },
)
