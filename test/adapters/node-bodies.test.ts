import { App } from 'phial'
import { describe, expect, it } from 'vitest'
import { parseRaw, rawRequest } from './_raw.ts'
import { start } from './_servers.ts'

describe('the Node adapter', () => {
  it('closes the connection after a 413 and keeps serving others', async () => {
    const app = new App({ maxContentLength: 10 })
    app.post('/', async (req) => req.text())
    app.get('/', () => 'still here')
    const { port, url } = await start(app)
    const raw = await rawRequest(
      port,
      'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n',
    )
    const res = parseRaw(raw)
    expect(res.status).toBe(413)
    expect(res.headers).toContain('connection: close')
    expect(await (await fetch(url)).text()).toBe('still here')
  })

  it('rejects a body read with 400 when the client leaves mid-body, and keeps serving', async () => {
    const app = new App()
    let failed: (error: unknown) => void = () => {}
    const outcome = new Promise<unknown>((resolve) => {
      failed = resolve
    })
    app.post('/upload', async (req) => {
      try {
        return await req.json()
      } catch (error) {
        failed(error)
        throw error
      }
    })
    app.get('/', () => 'still here')
    const { port, url } = await start(app)
    const { connect } = await import('node:net')
    const socket = connect(port, '127.0.0.1')
    await new Promise((r) => socket.once('connect', r))
    socket.write(
      'POST /upload HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":',
    )
    await new Promise((r) => setTimeout(r, 50))
    socket.destroy()
    const error = (await outcome) as { status?: number; message?: string }
    expect(error.status).toBe(400)
    expect(error.message).toMatch(/closed the connection before the body was complete/)
    expect(await (await fetch(url)).text()).toBe('still here')
  })

  it('reads a body that arrives in several packets', async () => {
    const app = new App()
    app.post('/echo', async (req) => ({ got: await req.json(), again: await req.text() }))
    const { port } = await start(app)
    const { connect } = await import('node:net')
    const socket = connect(port, '127.0.0.1')
    let data = ''
    socket.setEncoding('utf8').on('data', (chunk: string) => (data += chunk))
    await new Promise((r) => socket.once('connect', r))
    socket.write(
      'POST /echo HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 19\r\n\r\n',
    )
    for (const part of ['{"n":', '[1,2,3', '],"x":1}']) {
      await new Promise((r) => setTimeout(r, 20))
      socket.write(part)
    }
    await new Promise((r) => setTimeout(r, 100))
    socket.destroy()
    const res = parseRaw(data)
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body)).toEqual({ got: { n: [1, 2, 3], x: 1 }, again: '{"n":[1,2,3],"x":1}' })
  })

  it('decodes a character split across packets; bytes() of a one-packet request is the body alone', async () => {
    const app = new App()
    app.post('/text', async (req) => ({ text: await req.text(), json: await req.json() }))
    app.post('/bytes', async (req) => {
      const bytes = await req.bytes()
      return { length: bytes.byteLength, text: Buffer.from(bytes).toString() }
    })
    const { port } = await start(app)
    const { connect } = await import('node:net')
    const send = async (head: string, parts: Buffer[]) => {
      const socket = connect(port, '127.0.0.1')
      let data = ''
      socket.setEncoding('utf8').on('data', (chunk: string) => (data += chunk))
      await new Promise((r) => socket.once('connect', r))
      socket.write(head)
      for (const part of parts) {
        await new Promise((r) => setTimeout(r, 20))
        socket.write(part)
      }
      await new Promise((r) => setTimeout(r, 100))
      socket.destroy()
      return parseRaw(data)
    }
    // "é" is two bytes, C3 A9: the first packet ends between them.
    const body = Buffer.from('"café"')
    const split = await send(
      `POST /text HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      [body.subarray(0, 5), body.subarray(5)],
    )
    expect(split.status).toBe(200)
    expect(JSON.parse(split.body)).toEqual({ text: '"café"', json: 'café' })
    // One packet carrying the head and the body: the body's chunk is a slice of the socket's buffer.
    const whole = await send('', [
      Buffer.concat([
        Buffer.from(
          'POST /bytes HTTP/1.1\r\nHost: a\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n',
        ),
        Buffer.from('hello'),
      ]),
    ])
    expect(JSON.parse(whole.body)).toEqual({ length: 5, text: 'hello' })
  })

  it('closes the connection instead of draining a large unread body', async () => {
    const app = new App({ maxContentLength: 10 })
    app.post('/ignore', () => 'ignored')
    const { port } = await start(app)
    const raw = await rawRequest(
      port,
      'POST /ignore HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\nabc',
    )
    const res = parseRaw(raw)
    expect(res.status).toBe(200)
    expect(res.headers).toContain('connection: close')
  })
})
