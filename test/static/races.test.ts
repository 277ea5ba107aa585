import { appendFileSync, rmSync, truncateSync } from 'node:fs'
import { join } from 'node:path'
import { App } from 'phial'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { sendFromDirectory } from '../../src/static.ts'
import { gateways, type Served } from '../_gateways.ts'
import { createFolder, firstResponse, pipeline, writeFile } from './_files.ts'

// Runs a change to the file right after sendFile's `stat`, the window a race falls in.
const race = vi.hoisted(() => ({ afterStat: undefined as ((path: string) => void) | undefined, once: true }))
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>()
  const stat = (async (...args: Parameters<typeof actual.stat>) => {
    const info = await actual.stat(...args)
    const change = race.afterStat
    if (race.once) race.afterStat = undefined
    change?.(String(args[0]))
    return info
  }) as typeof actual.stat
  return { ...actual, stat }
})

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz'
const LARGE = 256 * 1024

describe.each(gateways)('a file that changes while it is served, through $name', (gateway) => {
  let served: Served
  const folder = createFolder({})
  const path = (name: string) => join(folder.dir, name)
  beforeAll(async () => {
    const app = new App({ logger: { error() {}, warn() {}, info() {}, debug() {} } })
    app.get('/files/<path:name>', (req) => sendFromDirectory(req, folder.dir, req.params.name))
    served = await gateway.serve(app)
  })
  beforeEach(() => {
    writeFile(path('alphabet.txt'), ALPHABET)
    writeFile(path('large.bin'), new Uint8Array(LARGE).fill(7))
  })
  afterEach(() => {
    race.afterStat = undefined
    race.once = true
  })
  afterAll(async () => {
    await served.close()
    folder.remove()
  })

  it('answers 404 for a small file deleted between stat and read', async () => {
    race.afterStat = (file) => rmSync(file)
    const res = await served.fetch('/files/alphabet.txt')
    expect(res.status).toBe(404)
    expect(await res.text()).toContain('Not Found')
  })

  it('answers a Range on a small file that shrank after stat from what it now holds', async () => {
    race.afterStat = (file) => truncateSync(file, 10)
    const res = await served.fetch('/files/alphabet.txt', { headers: { range: 'bytes=5-20' } })
    expect(res.status).toBe(206)
    expect(res.headers.get('content-range')).toBe('bytes 5-9/10')
    expect(res.headers.get('content-length')).toBe('5')
    expect(res.headers.get('etag')).toMatch(/^"a-/)
    expect(await res.text()).toBe('fghij')
  })

  it('sends a small file that grew after stat whole, with the ETag of its new size', async () => {
    race.afterStat = (file) => appendFileSync(file, '0123')
    const res = await served.fetch('/files/alphabet.txt')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-length')).toBe('30')
    expect(res.headers.get('etag')).toMatch(/^"1e-/)
    expect(await res.text()).toBe(`${ALPHABET}0123`)
  })

  it('answers 500 for a small file that changes at every look', async () => {
    race.once = false
    race.afterStat = (file) => appendFileSync(file, '+')
    const res = await served.fetch('/files/alphabet.txt')
    expect(res.status).toBe(500)
    expect(await res.text()).not.toContain(ALPHABET)
  })

  it('breaks off a large file truncated between stat and open, and keeps serving', async () => {
    race.afterStat = (file) => truncateSync(file, 100)
    if (served.port === undefined) {
      const res = await served.fetch('/files/large.bin')
      expect([res.status, res.headers.get('content-length')]).toEqual([200, String(LARGE)])
      // Fewer bytes than announced: the body ends in an error, never as if it were complete.
      await expect(res.arrayBuffer()).rejects.toThrow()
    } else {
      // On a socket: the connection ends short, and the next pipelined response is never sent.
      const { raw, closed } = await pipeline(served, ['/files/large.bin', '/files/alphabet.txt'])
      const { head, bodyLength } = firstResponse(raw)
      expect(head).toContain(`content-length: ${LARGE}`)
      expect([closed, bodyLength]).toEqual([true, 100])
      expect(raw.toString('latin1')).not.toContain(ALPHABET)
    }
    const next = await served.fetch('/files/alphabet.txt')
    expect([next.status, await next.text()]).toEqual([200, ALPHABET])
  })

  it('sends no more than Content-Length of a large file that grew after stat', async () => {
    race.afterStat = (file) => appendFileSync(file, new Uint8Array(1000).fill(9))
    const res = await served.fetch('/files/large.bin')
    expect(res.headers.get('content-length')).toBe(String(LARGE))
    const body = new Uint8Array(await res.arrayBuffer())
    expect(body.byteLength).toBe(LARGE)
    expect(body.every((byte) => byte === 7)).toBe(true)
  })
})
