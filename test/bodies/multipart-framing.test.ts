import { App } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'
import { createUploadApp, uploadSummary } from './_multipart.ts'

// How a multipart body is framed (RFC 2046 §5.1.1): boundaries, the epilogue, the preamble, and the
// cases where multipasta, left alone, emitted a part twice or read a part where there was none.

const B = 'phial-frame'
const TYPE = `multipart/form-data; boundary=${B}`
const enc = new TextEncoder()
const field = (name: string, value: string) =>
  `--${B}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`
const file = (name: string, filename: string, value: string) =>
  `--${B}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\n\r\n${value}\r\n`
const end = `--${B}--\r\n`

let seen = 0
/** What the `/count` handler saw: files and their total size (never reached when refused). */
let counted = { files: 0, bytes: 0 }

function createApps(): { small: App; defaults: App } {
  const small = createUploadApp({ maxFormParts: 20 }, () => seen++)
  // Every default limit (1 MiB body, 1000 parts, 512 KiB in memory per file on Node).
  const defaults = new App({ logger: { error() {}, warn() {}, info() {}, debug() {} } })
  defaults.post('/count', async (req) => {
    const files = [...(await req.files())].map(([, f]) => f)
    counted = { files: files.length, bytes: files.reduce((n, f) => n + f.size, 0) }
    return counted
  })
  small.post('/summary', uploadSummary)
  return { small, defaults }
}

describe.each(gateways)('multipart framing through $name', (gateway) => {
  let small: Served
  let defaults: Served
  beforeAll(async () => {
    const apps = createApps()
    small = await gateway.serve(apps.small)
    defaults = await gateway.serve(apps.defaults)
  })
  afterAll(async () => {
    await small.close()
    await defaults.close()
  })

  const post = (body: string) =>
    small.fetch('/upload', { method: 'POST', body, headers: { 'content-type': TYPE } })
  /** Sends `pieces` as separate chunks of a streamed body. */
  const postChunks = (pieces: string[]) => {
    let next = 0
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        // A pause between chunks, so the Node server reads each one on its own.
        if (next > 0) await new Promise((resolve) => setTimeout(resolve, 20))
        if (next === pieces.length) controller.close()
        else controller.enqueue(enc.encode(pieces[next++]))
      },
    })
    // @ts-expect-error undici needs duplex for a streamed body
    return small.fetch('/upload', { method: 'POST', body, headers: { 'content-type': TYPE }, duplex: 'half' })
  }
  async function refused(res: Response, message: string) {
    const before = seen
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await res.text()).toContain(message)
    expect(seen).toBe(before)
  }

  it('answers 400 to a 1 MB body that would hand one file back a thousand times, before the handler', async () => {
    // One 1 MB file, then 999 parts whose headers never end: multipasta ended the file again at each.
    const body = `${file('f', 'a.bin', 'a'.repeat(1_000_000))}${`--${B}\r\nX\r\n`.repeat(999)}${end}`
    expect(body.length).toBeLessThan(1024 * 1024)
    counted = { files: -1, bytes: -1 }
    const res = await defaults.fetch('/count', { method: 'POST', body, headers: { 'content-type': TYPE } })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('a boundary came before the headers of a part ended')
    expect(counted).toEqual({ files: -1, bytes: -1 }) // the handler saw no file at all
    const one = await defaults.fetch('/count', {
      method: 'POST',
      body: `${file('f', 'a.bin', 'a'.repeat(1_000_000))}${end}`,
      headers: { 'content-type': TYPE },
    })
    expect(await one.json()).toEqual({ files: 1, bytes: 1_000_000 })
  })

  it('answers 400 to a part whose headers never end, after a field, a file, a blank line or nothing', async () => {
    const cut = `--${B}\r\nContent-Disposition: form-data; name="b"\r\n`
    const message = 'a boundary came before the headers of a part ended'
    await refused(await post(`${field('a', '1')}${cut}${end}`), message)
    await refused(await post(`${file('f', 'x.txt', 'X')}${cut}${end}`), message)
    await refused(await post(`${file('f', 'x.bin', 'Y'.repeat(5000))}${cut}${end}`), message)
    await refused(await post(`${cut}${end}`), message)
    await refused(await post(`\r\n${cut}${end}`), message)
  })

  it('ignores everything after the close delimiter (the epilogue), parts and all', async () => {
    const afterField = await post(`${field('a', '1')}${end}${field('after', 'X')}${end}`)
    expect(afterField.status).toBe(200)
    expect(await afterField.json()).toEqual({ fields: [['a', '1']], files: [] })
    const afterFile = await post(`${file('f', 'x.txt', 'DATA')}${end}${field('after', 'X')}--${B}XY\r\n`)
    expect(afterFile.status).toBe(200)
    expect(await afterFile.json()).toMatchObject({
      fields: [],
      files: [{ field: 'f', name: 'x.txt', size: 4, text: 'DATA' }],
    })
  })

  it('answers 400 to a boundary line that does not end with CRLF, so no part is smuggled', async () => {
    const message = 'boundary line that does not end with CRLF'
    const smuggled = `x\r\n--${B}XYContent-Disposition: form-data; name="evil"\r\n\r\nsmuggled`
    await refused(await post(`${field('a', smuggled)}${end}`), message)
    // RFC 2046 transport padding, which no HTTP client sends
    await refused(
      await post(`--${B}  \r\nContent-Disposition: form-data; name="a"\r\n\r\nv\r\n${end}`),
      message,
    )
    // LF line endings throughout
    await refused(await post(`--${B}\nContent-Disposition: form-data; name="a"\n\nv\n--${B}--\n`), message)
    // the same text under another boundary is content
    const res = await post(`${field('a', smuggled.replaceAll(B, 'other'))}${end}`)
    expect(await res.json()).toEqual({ fields: [['a', smuggled.replaceAll(B, 'other')]], files: [] })
  })

  it('says CRLF is required when part headers end their lines with LF', async () => {
    const res = await post(`--${B}\r\nContent-Disposition: form-data; name="a"\n\nv\r\n${end}`)
    await refused(res, 'each must be a &quot;Name: value&quot; line ending with CRLF')
  })

  it('answers 400 to text before the first boundary, glued to it or on a line of its own', async () => {
    const message = 'does not start with its boundary'
    await refused(await post(`garbage${field('a', '1')}${end}`), message)
    await refused(await post(`preamble\r\n${field('a', '1')}${end}`), message)
    await refused(await post(`preamble\r\n${end}`), message)
  })

  it('skips blank lines before the first boundary', async () => {
    const res = await post(`\r\n \t\r\n${field('a', '1')}${end}`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ fields: [['a', '1']], files: [] })
  })

  it('parses a close delimiter that arrives cut after its first dash, and refuses one cut short', async () => {
    const body = `${field('a', '1')}${file('f', 'x.txt', 'DATA')}`
    const res = await postChunks([`${body}--${B}-`, '-\r\n'])
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ fields: [['a', '1']], files: [{ field: 'f', text: 'DATA' }] })
    const split = await postChunks([`${body}--`, `${B}-`, '-'])
    expect(await split.json()).toMatchObject({ fields: [['a', '1']], files: [{ field: 'f', text: 'DATA' }] })
    await refused(await postChunks([`${body}--${B}-`]), 'ended before its closing boundary')
  })

  it('makes a part a file only when it has a filename, whatever its Content-Type (RFC 7578 §4.2)', async () => {
    const octets = `--${B}\r\nContent-Disposition: form-data; name="a"\r\nContent-Type: application/octet-stream\r\n\r\nbytes\r\n`
    const text = `--${B}\r\nContent-Disposition: form-data; name="f"; filename="n.txt"\r\nContent-Type: text/plain\r\n\r\nfile\r\n`
    const res = await post(`${octets}${text}${end}`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      fields: [['a', 'bytes']],
      files: [
        {
          field: 'f',
          fieldName: 'f',
          name: 'n.txt',
          type: 'text/plain',
          size: 4,
          isFile: true,
          text: 'file',
        },
      ],
    })
  })
})
