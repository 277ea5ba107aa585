import { type ChildProcess, spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const MB = 1024 * 1024
const BOUNDARY = 'phial-big-upload'

/** A multipart body of one `size`-byte file, generated as it is sent: the client holds 64 KiB at a time. */
function uploadBody(size: number): ReadableStream<Uint8Array> {
  const enc = new TextEncoder()
  const head = enc.encode(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  )
  const tail = enc.encode(`\r\n--${BOUNDARY}--\r\n`)
  const chunk = new Uint8Array(64 * 1024).map((_, i) => (i * 13) & 255)
  let sent = -1
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === -1) {
        controller.enqueue(head)
        sent = 0
      } else if (sent < size) {
        const n = Math.min(chunk.byteLength, size - sent)
        controller.enqueue(n === chunk.byteLength ? chunk : chunk.subarray(0, n))
        sent += n
      } else {
        controller.enqueue(tail)
        controller.close()
      }
    },
  })
}

function upload(url: string, size: number): Promise<Response> {
  return fetch(`${url}/upload`, {
    method: 'POST',
    body: uploadBody(size),
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    // @ts-expect-error undici needs duplex for a streamed body
    duplex: 'half',
  })
}

describe('a 100 MB upload', () => {
  let child: ChildProcess
  let url = ''
  beforeAll(async () => {
    child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', '--conditions=phial-source', 'test/bodies/_upload-server.ts'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    url = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout?.on('data', (data) => {
        out += data
        const line = out.split('\n')[0] as string
        if (out.includes('\n')) resolve(JSON.parse(line).url)
      })
      child.once('exit', (code) => reject(new Error(`upload server exited with ${code}`)))
    })
  }, 30_000)
  afterAll(async () => {
    await fetch(`${url}/exit`, { method: 'POST' }).catch(() => {})
    child.kill()
  })

  it('streams to disk with flat memory: peak RSS grows by less than 50 MB', async () => {
    expect(await (await upload(url, 4 * MB)).json()).toMatchObject({ size: 4 * MB }) // warm up
    await fetch(`${url}/reset`, { method: 'POST' })
    const res = await upload(url, 100 * MB)
    expect(await res.json()).toEqual({ size: 100 * MB, fileSize: 100 * MB, name: 'big.bin' })
    const { base, peak } = await (await fetch(`${url}/peak`)).json()
    const growth = (peak - base) / MB
    console.info(`100 MB upload: peak RSS growth ${growth.toFixed(1)} MB`)
    expect(growth).toBeLessThan(50)
  }, 60_000)
})
