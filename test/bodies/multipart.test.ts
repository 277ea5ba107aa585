import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type App, PhialError } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'
import { createUploadApp, multipart, type Part } from './_multipart.ts'

const _quiet = { error() {}, warn() {}, info() {}, debug() {} }
let seen = 0
let saveDir = ''
let tempDir = ''

function createApp(): App {
  const app = createUploadApp(
    { maxContentLength: 64 * 1024, maxFormParts: 5, maxPartHeaderSize: 300, uploadTempDir: tempDir },
    () => seen++,
  )
  app.post('/roundtrip', async (req) => {
    const file = (await req.files()).get('blob')
    return new Uint8Array((await file?.arrayBuffer()) ?? new ArrayBuffer(0))
  })
  app.post('/stream', async (req) => (await req.files()).get('blob')?.stream() ?? 'none')
  app.post('/save', async (req) => {
    const file = (await req.files()).get('doc')
    try {
      const path = (await file?.save(saveDir)) ?? ''
      return { path, content: await readFile(path, 'utf8') }
    } catch (error) {
      return { refused: error instanceof PhialError }
    }
  })
  app.post('/files-only', async (req) => ({ count: (await req.files()).size }))
  return app
}

beforeAll(async () => {
  saveDir = await mkdtemp(join(tmpdir(), 'phial-save-'))
  tempDir = await mkdtemp(join(tmpdir(), 'phial-spill-'))
})
afterAll(async () => {
  await rm(saveDir, { recursive: true, force: true })
  await rm(tempDir, { recursive: true, force: true })
})

describe.each(gateways)('multipart bodies through $name', (gateway) => {
  let served: Served
  beforeAll(async () => {
    served = await gateway.serve(createApp())
  })
  afterAll(() => served.close())

  const raw = (path: string, parts: Part[], boundary?: string) => {
    const { body, type } = multipart(parts, boundary)
    return served.fetch(path, { method: 'POST', body, headers: { 'content-type': type } })
  }
  const rawType = (type: string, body: string) =>
    served.fetch('/upload', { method: 'POST', body, headers: { 'content-type': type } })
  async function refused(res: Response, status: number, message: string | RegExp) {
    const before = seen
    expect(res.status).toBe(status)
    expect(await res.text()).toMatch(message)
    expect(seen).toBe(before)
  }

  it('parses fields and files from a FormData body, keeping repeated keys', async () => {
    const form = new FormData()
    form.append('name', 'Ada')
    form.append('tag', 'a')
    form.append('tag', 'b')
    form.append('doc', new File(['hello file'], 'notes.txt', { type: 'text/plain' }))
    form.append('doc', new File([new Uint8Array([1, 2, 3])], 'b.bin', { type: 'application/octet-stream' }))
    const res = await served.fetch('/upload', { method: 'POST', body: form })
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.fields).toEqual([
      ['name', 'Ada'],
      ['tag', 'a'],
      ['tag', 'b'],
    ])
    expect(body.files).toEqual([
      {
        field: 'doc',
        fieldName: 'doc',
        name: 'notes.txt',
        type: 'text/plain',
        size: 10,
        isFile: true,
        text: 'hello file',
      },
      {
        field: 'doc',
        fieldName: 'doc',
        name: 'b.bin',
        type: 'application/octet-stream',
        size: 3,
        isFile: true,
        text: '\u0001\u0002\u0003',
      },
    ])
  })

  it('keeps only the basename of the client filename', async () => {
    const res = await raw('/upload', [
      { name: 'a', value: 'x', filename: '../../etc/passwd' },
      { name: 'b', value: 'x', filename: 'C:\\Users\\ada\\photo.png' },
      { name: 'c', value: 'x', filename: '..' },
    ])
    const names = (await res.json()).files.map((f: { name: string }) => f.name)
    expect(names).toEqual(['passwd', 'photo.png', ''])
  })

  it('treats __proto__ as a plain field name', async () => {
    const res = await raw('/upload', [{ name: '__proto__', value: 'x' }])
    expect((await res.json()).fields).toEqual([['__proto__', 'x']])
  })

  it('returns a large file byte for byte, spilled or not, through arrayBuffer() and stream()', async () => {
    const bytes = new Uint8Array(15_000).map((_, i) => (i * 31) & 255)
    for (const path of ['/roundtrip', '/stream']) {
      const res = await raw(path, [{ name: 'blob', value: bytes, filename: 'b.bin' }])
      expect(res.status).toBe(200)
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes)
    }
  })

  it('saves a file under a name the client cannot choose (Node), or refuses clearly (fetch)', async () => {
    const res = await raw('/save', [{ name: 'doc', value: 'saved!', filename: '../../evil.sh' }])
    const body = await res.json()
    if (gateway.name === 'app.request') {
      expect(body).toEqual({ refused: true })
      return
    }
    expect(body.content).toBe('saved!')
    expect(body.path.startsWith(saveDir)).toBe(true)
    expect(body.path.slice(saveDir.length + 1)).toMatch(/^[0-9a-f]{32}$/)
  })

  it('answers files() with nothing for a body that is not multipart', async () => {
    const res = await served.fetch('/files-only', {
      method: 'POST',
      body: 'a=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(await res.json()).toEqual({ count: 0 })
  })

  it('answers 400 to a missing or malformed boundary', async () => {
    await refused(await rawType('multipart/form-data', '--x\r\n'), 400, 'no boundary')
    await refused(await rawType(`multipart/form-data; boundary=${'a'.repeat(71)}`, '--x'), 400, 'malformed')
    await refused(await rawType('multipart/form-data; boundary=a<b', '--x'), 400, 'malformed')
    await refused(await rawType('multipart/form-data; boundary=""', '--x'), 400, 'malformed')
  })

  it('answers 400 to a body that ends before its closing boundary, or never starts', async () => {
    const { body, type } = multipart([{ name: 'a', value: 'x' }])
    const cut = new TextDecoder().decode(body.subarray(0, body.byteLength - 30))
    await refused(await rawType(type, cut), 400, 'closing boundary')
    await refused(await rawType(type, 'no boundary anywhere'), 400, 'does not start with its boundary')
    await refused(await rawType(type, ''), 400, 'closing boundary')
  })

  it('answers 400 to a part without a name and to malformed part headers', async () => {
    const b = 'phial-test-boundary'
    const type = `multipart/form-data; boundary=${b}`
    await refused(
      await rawType(type, `--${b}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--${b}--\r\n`),
      400,
      'without a name',
    )
    await refused(
      await rawType(type, `--${b}\r\nNo colon here\r\n\r\nx\r\n--${b}--\r\n`),
      400,
      'malformed headers',
    )
    const badStar = `--${b}\r\nContent-Disposition: form-data; name="f"; filename*=UTF-8''%E0%A4%A\r\n\r\nx\r\n--${b}--\r\n`
    await refused(await rawType(type, badStar), 400, 'malformed headers')
  })

  it('answers 413 to more parts than maxFormParts', async () => {
    const parts = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}`, value: 'x' }))
    await refused(await raw('/upload', parts), 413, 'more than 5 parts')
    expect((await raw('/upload', parts.slice(0, 5))).status).toBe(200)
  })

  it('answers 413 to a field larger than maxFormMemorySize', async () => {
    await refused(await raw('/upload', [{ name: 'a', value: 'x'.repeat(101) }]), 413, 'limit of 100 bytes')
    expect((await raw('/upload', [{ name: 'a', value: 'x'.repeat(100) }])).status).toBe(200)
  })

  it('answers 413 to a file larger than maxFileSize', async () => {
    const big = new Uint8Array(20_001)
    await refused(
      await raw('/upload', [{ name: 'f', value: big, filename: 'f' }]),
      413,
      'limit of 20000 bytes',
    )
    expect((await raw('/upload', [{ name: 'f', value: big.subarray(1), filename: 'f' }])).status).toBe(200)
  })

  it('answers 413 to part headers larger than maxPartHeaderSize', async () => {
    const headers = `X-Padding: ${'p'.repeat(400)}\r\n`
    await refused(await raw('/upload', [{ name: 'a', value: 'x', headers }]), 413, 'headers are larger')
    const huge = `X-Padding: ${'p'.repeat(20_000)}\r\n`
    await refused(await raw('/upload', [{ name: 'a', value: 'x', headers: huge }]), 413, 'headers are larger')
  })

  it('answers 413 to a body over maxContentLength, announced or chunked', async () => {
    const files = Array.from({ length: 4 }, (_, i) => ({
      name: `f${i}`,
      value: new Uint8Array(19_000),
      filename: 'x',
    }))
    await refused(await raw('/upload', files), 413, 'larger than the limit of 65536 bytes')
    const { body, type } = multipart(files)
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < body.byteLength; i += 8192) controller.enqueue(body.slice(i, i + 8192))
        controller.close()
      },
    })
    const res = await served.fetch('/upload', {
      method: 'POST',
      body: stream,
      headers: { 'content-type': type },
      // @ts-expect-error undici needs duplex for a streamed body
      duplex: 'half',
    })
    await refused(res, 413, 'larger than the limit')
  })

  it('parses a body of near-boundaries under a 70-character boundary', async () => {
    const boundary = 'b'.repeat(70)
    const near = `\r\n--${'b'.repeat(69)}c`.repeat(250)
    const res = await raw('/upload', [{ name: 'f', value: near, filename: 'n' }], boundary)
    expect(res.status).toBe(200)
    expect((await res.json()).files[0].size).toBe(near.length)
  })

  it('leaves no temporary file behind once the responses are done', async () => {
    await new Promise((r) => setTimeout(r, 50))
    expect(await readdir(tempDir)).toEqual([])
  })
})
