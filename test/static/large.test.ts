import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { App } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveStatic } from '../../src/static.ts'
import { gateways, type Served } from '../_gateways.ts'

const SIZE = 10 * 1024 * 1024
let dir: string

// A byte pattern that makes any misplaced range visible.
function byteAt(i: number): number {
  return i % 251
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'phial-static-'))
  const data = Buffer.alloc(SIZE)
  for (let i = 0; i < SIZE; i++) data[i] = byteAt(i)
  writeFileSync(join(dir, 'big.bin'), data)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function createApp(): App {
  const app = new App({ sendFileMaxAge: 3600 })
  serveStatic(app, { folder: dir, urlPath: '/files' })
  return app
}

/** Collects the external memory held after a full collection, so garbage does not count. */
function liveBytes(): number {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  gc()
  gc()
  const usage = process.memoryUsage()
  return usage.arrayBuffers + usage.heapUsed
}

describe.each(gateways)('a 10 MB file through $name', (gateway) => {
  let served: Served
  beforeAll(async () => {
    served = await gateway.serve(createApp())
  })
  afterAll(() => served.close())

  it('streams the whole file with its length and the configured max-age', async () => {
    const res = await served.fetch('/files/big.bin')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-length')).toBe(String(SIZE))
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600')
    let total = 0
    let wrong = 0
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      for (let i = 0; i < chunk.length; i += 4099) if (chunk[i] !== byteAt(total + i)) wrong++
      total += chunk.length
    }
    expect(total).toBe(SIZE)
    expect(wrong).toBe(0)
  })

  it('answers a Range in the middle of it with exactly those bytes', async () => {
    const start = 5_000_000
    const res = await served.fetch('/files/big.bin', { headers: { range: `bytes=${start}-${start + 9}` } })
    expect(res.status).toBe(206)
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${start + 9}/${SIZE}`)
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes]).toEqual(Array.from({ length: 10 }, (_, i) => byteAt(start + i)))
  })

  it('answers HEAD with the length and no body', async () => {
    const res = await served.fetch('/files/big.bin', { method: 'HEAD' })
    expect(res.headers.get('content-length')).toBe(String(SIZE))
    expect(await res.text()).toBe('')
  })

  it('does not hold the file in memory while a slow client is not reading', async () => {
    if (served.port === undefined) return // needs a socket the client can stop reading
    const before = liveBytes()
    const socket = connect(served.port, '127.0.0.1')
    socket.write(
      `GET ${served.prefix}/files/big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
    )
    // The client reads nothing for a while: back-pressure must stop the server reading the file.
    await new Promise((resolve) => setTimeout(resolve, 400))
    const during = liveBytes()
    expect(during - before).toBeLessThan(SIZE / 2)
    let received = 0
    await new Promise<void>((resolve, reject) => {
      socket.on('data', (chunk: Buffer) => {
        received += chunk.length
      })
      socket.on('end', resolve).on('error', reject)
    })
    expect(received).toBeGreaterThan(SIZE)
  })
})
