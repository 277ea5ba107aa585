import { connect } from 'node:net'
import type { App } from 'phial'
import { serve } from 'phial/node'
import { afterAll, beforeAll } from 'vitest'

/**
 * Sends raw bytes to a port and resolves with everything the server sent before closing (or `ms`).
 * With `halfClose`, the client shuts its sending side after the payload (`nc -N`, HTTP/1.1 probes).
 */
export function rawRequest(port: number, payload: string, ms = 1000, halfClose = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let data = ''
    const timer = setTimeout(() => {
      socket.destroy()
      resolve(data)
    }, ms)
    socket.setEncoding('latin1')
    socket.on('data', (chunk) => {
      data += chunk
    })
    socket.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(data)
    })
    if (halfClose) socket.end(payload)
    else socket.write(payload)
  })
}

/** The status line and body of a raw HTTP/1.1 response. */
export function parseRaw(raw: string): { status: number; headers: string; body: string } {
  const end = raw.indexOf('\r\n\r\n')
  const head = raw.slice(0, end)
  return { status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body: raw.slice(end + 4) }
}

/**
 * Serves `create()`'s app on a free port for the tests of the enclosing `describe`, closing it after
 * them; the returned function gives the port once `beforeAll` has run.
 */
export function useRawServer(create: () => App): () => number {
  let handle: Awaited<ReturnType<typeof serve>> | undefined
  beforeAll(async () => {
    handle = await serve(create(), { port: 0 })
  })
  afterAll(() => handle?.close())
  return () => {
    if (handle === undefined) throw new Error('useRawServer: the server starts in beforeAll')
    return handle.port
  }
}
