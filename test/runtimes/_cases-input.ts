import { connect } from 'node:net'
import { expect } from 'vitest'
import { parseRaw, rawRequest } from '../adapters/_raw.ts'
import type { Case } from './_cases.ts'

// Input a client gets wrong in ways `fetch` cannot send: raw bytes over the socket, so each runtime's
// own HTTP server meets them first. In-process, the nearest thing is a body stream that fails. And a
// streamed body that is never sent (HEAD), which each runtime's server would otherwise frame its way.

let ids = 0
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const failing = () =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('abc'))
      controller.error(new Error('the client went away'))
    },
  })

// Sends a chunked body that never ends, a chunk every 20 ms for up to 3 s, and reports what came back
// and whether the server closed the connection meanwhile.
function floodChunked(port: number, path: string): Promise<{ reply: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let reply = ''
    let closed = false
    const chunk = `400\r\n${'x'.repeat(1024)}\r\n`
    const timer = setInterval(() => {
      if (!socket.destroyed) socket.write(chunk)
    }, 20)
    const done = () => {
      clearInterval(timer)
      clearTimeout(limit)
      socket.destroy()
      resolve({ reply, closed })
    }
    const limit = setTimeout(done, 3000)
    socket.setEncoding('latin1')
    socket.on('data', (data) => {
      reply += data
    })
    socket.on('error', () => {}) // a reset after the 413 is a close too
    socket.on('close', () => {
      closed = true
      done()
    })
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n${chunk}${chunk}`,
    )
  })
}

export const inputCases: Case[] = [
  {
    name: 'closes the connection after a 413 instead of reading the refused body (Deno excepted)',
    async run(s, gateway) {
      if (s.port === undefined) {
        const res = await s.fetch('/length', { method: 'POST', body: 'x'.repeat(4096) })
        expect([res.status, res.headers.get('connection')]).toEqual([413, 'close'])
        return
      }
      const { reply, closed } = await floodChunked(s.port, `${s.prefix}/length`)
      expect(reply).toMatch(/^HTTP\/1\.1 413 /)
      // Deno ignores Connection: close on a response and reads the refused body to its end.
      expect(closed).toBe(gateway.runtime !== 'deno')
      expect((await s.fetch('/')).status).toBe(200)
    },
  },
  {
    // RFC 9110 §8.6: no Content-Length unless it is GET's (Bun and Deno add `0` to a null body).
    name: 'answers HEAD to a streamed route with no Content-Length and no body, and stops the stream',
    async run(s, gateway) {
      const id = `${gateway.name.replace(/\W/g, '')}-${++ids}`
      for (let i = 0; i < 3; i++) {
        const res = await s.fetch(`/counted-stream/${id}`, { method: 'HEAD' })
        expect([res.status, res.headers.get('content-length'), await res.text()]).toEqual([200, null, ''])
      }
      let seen: unknown = null
      for (let i = 0; i < 40; i++) {
        seen = await (await s.fetch(`/counted/${id}`)).json()
        if ((seen as { cancelled: number }).cancelled === 3) break
        await sleep(50)
      }
      expect(seen).toEqual({ started: 3, cancelled: 3 })
    },
  },
  {
    name: 'answers 400, never 500, to a body cut short or framed badly, and keeps serving',
    async run(s) {
      if (s.port === undefined) {
        // @ts-expect-error Node's fetch needs duplex for a streamed body; the DOM types do not know it.
        const res = await s.fetch('/length', { method: 'POST', body: failing(), duplex: 'half' })
        expect([res.status, await res.text()]).toEqual([
          400,
          expect.stringContaining('before the body was complete'),
        ])
      } else {
        const head = `POST ${s.prefix}/length HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n`
        const replies = [
          // A chunk size that is not hex: the runtime's body stream fails while phial reads it.
          await rawRequest(s.port, `${head}Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz\r\n`, 3000),
          // Fewer bytes than announced, then the client's FIN.
          await rawRequest(s.port, `${head}Content-Length: 100\r\n\r\nabc`, 3000, true),
        ]
        // A 400 each, or the connection closed without an answer (Deno after a framing error, Bun
        // after the FIN): a runtime may not answer on a connection it cannot read, but never a 500.
        for (const reply of replies) if (reply !== '') expect(parseRaw(reply).status).toBe(400)
        expect(replies.some((reply) => reply !== '')).toBe(true)
      }
      expect(await (await s.fetch('/length', { method: 'POST', body: 'fine' })).json()).toEqual({ length: 4 })
    },
  },
  {
    name: 'routes on the request target, not on a missing Host (HTTP/1.0)',
    async run(s) {
      if (s.port === undefined) {
        expect((await s.fetch('/nope/')).status).toBe(404)
        return
      }
      // Bun hands over a bare "/nope/" when there is no Host: its first segment is not an authority
      // (it was, and "/" answered). workerd refuses a request without Host itself (400).
      const reply = await rawRequest(s.port, `GET ${s.prefix}/nope/ HTTP/1.0\r\n\r\n`, 3000)
      expect([400, 404]).toContain(parseRaw(reply).status)
    },
  },
]
