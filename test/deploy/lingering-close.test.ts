// What nginx does with a body it buffered, without nginx: send the whole body before reading anything.
// A server that closes at once over the unread body makes the kernel reset the connection, and the
// reset can throw away the 413 before the client reads it (nginx then answers 502). RFC 9112 §9.6.
import { connect } from 'node:net'
import { App } from 'phial'
import { type ServerHandle, serve } from 'phial/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const LIMIT = 1024

/** Writes the request, reading nothing until every byte is written (or the write failed). */
function sendAllThenRead(port: number, head: string, body: Buffer) {
  return new Promise<{ reply: string; error: string | undefined }>((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let reply = ''
    let error: string | undefined
    socket.pause()
    socket.setEncoding('latin1')
    socket.on('data', (data: string) => {
      reply += data
    })
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error ??= e.code
    })
    socket.on('close', () => resolve({ reply, error }))
    socket.write(head)
    socket.write(body, () => {
      socket.resume()
      socket.end()
    })
  })
}

describe('a 413 over a body the client sends in full before reading', () => {
  let server: ServerHandle
  beforeAll(async () => {
    const app = new App({ maxContentLength: LIMIT })
    app.post('/', async (req) => req.text())
    app.get('/', () => 'still here')
    server = await serve(app, { port: 0, host: '127.0.0.1' })
  })
  afterAll(() => server?.close())

  const body = Buffer.alloc(8 * 1024 * 1024, 'x')
  const cases = [
    { name: 'announced with Content-Length', head: `Content-Length: ${body.byteLength}` },
    { name: 'chunked', head: 'Transfer-Encoding: chunked' },
  ]

  it.each(cases)('reaches the client, $name, and the connection closes', async ({ head }) => {
    const chunked = head.startsWith('Transfer')
    const payload = chunked
      ? Buffer.concat([
          Buffer.from(`${body.byteLength.toString(16)}\r\n`),
          body,
          Buffer.from('\r\n0\r\n\r\n'),
        ])
      : body
    for (let i = 0; i < 3; i++) {
      const { reply, error } = await sendAllThenRead(
        server.port,
        `POST / HTTP/1.1\r\nHost: a\r\nContent-Type: text/plain\r\n${head}\r\n\r\n`,
        payload,
      )
      expect(error).toBeUndefined()
      expect(reply).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/)
      expect(reply.toLowerCase()).toContain('\r\nconnection: close\r\n')
    }
    expect(await (await fetch(`${server.url}/`)).text()).toBe('still here')
  })
})
