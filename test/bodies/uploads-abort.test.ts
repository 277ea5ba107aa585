import { readdirSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { App } from 'phial'
import { serve } from 'phial/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const BOUNDARY = 'phial-abort'
const ROUNDS = 200

function snapshot() {
  gc()
  gc()
  const resources: Record<string, number> = {}
  for (const name of process.getActiveResourcesInfo()) resources[name] = (resources[name] ?? 0) + 1
  return { fds: readdirSync('/proc/self/fd').length, heap: process.memoryUsage().heapUsed, resources }
}

describe('a client that aborts mid-upload', () => {
  let dir = ''
  let port = 0
  let close: () => Promise<void> = async () => {}
  let finished = 0
  let outcomes: string[] = []

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'phial-abort-'))
    const app = new App({ fileMemoryLimit: 1024, uploadTempDir: dir, maxContentLength: 8 * 1024 * 1024 })
    app.post('/upload', async (req) => {
      try {
        await req.files()
        outcomes.push('parsed')
      } catch (error) {
        outcomes.push((error as { status?: number }).status === 400 ? 'client gone' : String(error))
        throw error
      }
      return 'unreachable'
    })
    app.teardownRequest(() => {
      finished++
    })
    const handle = await serve(app, { port: 0 })
    port = handle.port
    close = () => handle.close()
  })
  afterAll(async () => {
    await close()
    await rm(dir, { recursive: true, force: true })
  })

  /** Starts an upload of 4 MB, sends 64 KiB of its file, waits until the server spilled it to disk, then drops the socket. */
  async function abortOnce(): Promise<boolean> {
    const done = finished + 1
    const socket = connect(port, '127.0.0.1')
    await new Promise((resolve) => socket.once('connect', resolve))
    const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="f"; filename="a.bin"\r\n\r\n`
    socket.write(
      `POST /upload HTTP/1.1\r\nHost: a\r\nContent-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${4 * 1024 * 1024}\r\n\r\n${head}`,
    )
    socket.write(Buffer.alloc(64 * 1024, 7))
    let spilled = false
    for (let i = 0; i < 200 && !spilled; i++) {
      spilled = (await readdir(dir)).length > 0
      if (!spilled) await new Promise((r) => setTimeout(r, 2))
    }
    socket.destroy()
    await settle(done, 0)
    return spilled
  }

  async function settle(target: number, grace = 50): Promise<void> {
    for (let i = 0; i < 1000 && finished < target; i++) await new Promise((r) => setTimeout(r, 2))
    await new Promise((r) => setTimeout(r, grace))
  }

  it(`leaves no open file, no temporary file and no pending request after ${ROUNDS} aborts`, async () => {
    for (let i = 0; i < 10; i++) await abortOnce() // warm up: JIT, lazy modules, the fd table
    await settle(10)
    const before = snapshot()
    finished = 0
    outcomes = []
    let spilled = 0
    for (let i = 0; i < ROUNDS; i++) if (await abortOnce()) spilled++
    await settle(ROUNDS)
    const after = snapshot()
    console.info(
      `${ROUNDS} aborts: fds ${before.fds} → ${after.fds}, heap ${(before.heap / 1048576).toFixed(1)} → ${(after.heap / 1048576).toFixed(1)} MB`,
    )
    expect(finished).toBe(ROUNDS)
    expect(spilled).toBe(ROUNDS) // every abort came while a temporary file was open
    expect(outcomes.filter((o) => o !== 'client gone')).toEqual([])
    expect(await readdir(dir)).toEqual([])
    expect(after.fds).toBeLessThanOrEqual(before.fds)
    expect(after.resources).toEqual(before.resources)
    expect(after.heap - before.heap).toBeLessThan(4 * 1048576)
  }, 60_000)
})
