import { truncateSync } from 'node:fs'
import { join } from 'node:path'
import { App } from 'phial'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { serveStatic } from '../../src/static.ts'
import { type Gateway, gateways, type Served } from '../_gateways.ts'
import { createFolder, firstResponse, pipeline, writeFile } from './_files.ts'

const SIZE = 20 * 1024 * 1024
const MARKER = 'the second response'

// One app serving a 20 MB file, rewritten before each test, through `gateway`.
function useServed(gateway: Gateway) {
  const state = { served: undefined as unknown as Served, big: '' }
  const folder = createFolder({ 'marker.txt': MARKER })
  state.big = join(folder.dir, 'big.bin')
  beforeAll(async () => {
    const app = new App({ logger: { error() {}, warn() {}, info() {}, debug() {} } })
    serveStatic(app, { folder: folder.dir })
    state.served = await gateway.serve(app)
  })
  beforeEach(() => writeFile(state.big, new Uint8Array(SIZE).fill(1)))
  afterAll(async () => {
    await state.served.close()
    folder.remove()
  })
  return state
}

// In-process there is no connection: the last describe covers app.request.
const sockets = gateways.filter((gateway) => gateway.name !== 'app.request')

describe.each(sockets)('a large file truncated while it is sent, through $name', (gateway) => {
  const state = useServed(gateway)

  it('closes the connection short of Content-Length, never sending the next response as body', async () => {
    // Truncated as the first bytes arrive, while most of the 20 MB is still to be read.
    const { raw, closed } = await pipeline(state.served, ['/static/big.bin', '/static/marker.txt'], () =>
      truncateSync(state.big, 100),
    )
    const { head, bodyLength } = firstResponse(raw)
    expect(head).toMatch(/^http\/1\.1 200 /)
    expect(head).toContain(`content-length: ${SIZE}`)
    expect(closed).toBe(true)
    expect(bodyLength).toBeLessThan(SIZE)
    expect(raw.toString('latin1')).not.toContain(MARKER)
    // The server itself is fine: a new connection is answered.
    const next = await state.served.fetch('/static/marker.txt')
    expect([next.status, await next.text()]).toEqual([200, MARKER])
  })
})

// Over a socket the test above sees the connection end; fetch there would only notice it once
// Node's keep-alive timeout closes an old server's connection, so it proves nothing.
describe('a large file truncated while it is read in-process (app.request)', () => {
  const state = useServed(gateways[0] as Gateway)

  it('ends the body with an error, not early, when the file shrinks mid-read', async () => {
    const res = await state.served.fetch('/static/big.bin')
    expect(res.headers.get('content-length')).toBe(String(SIZE))
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    let received = (await reader.read()).value?.byteLength ?? 0
    truncateSync(state.big, 100)
    const rest = (async () => {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return received
        received += value.byteLength
      }
    })()
    await expect(rest).rejects.toThrow()
    expect(received).toBeLessThan(SIZE)
  })
})
