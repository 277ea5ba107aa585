import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { App } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'
import { createUploadApp, multipart, type Part } from './_multipart.ts'

// Names and filenames as browsers and undici send them (WHATWG HTML's multipart/form-data encoding):
// raw UTF-8, with `"`, CR and LF as %22, %0D, %0A. Characters above U+00FF used to lose the part's name.

const _quiet = { error() {}, warn() {}, info() {}, debug() {} }
let seen = 0
let tempDir = ''

function createApp(): App {
  return createUploadApp({ uploadTempDir: tempDir }, () => seen++)
}

beforeAll(async () => {
  tempDir = await mkdtemp(join(tmpdir(), 'phial-names-'))
})
afterAll(async () => {
  await rm(tempDir, { recursive: true, force: true })
})

describe.each(gateways)('multipart names and filenames through $name', (gateway) => {
  let served: Served
  beforeAll(async () => {
    served = await gateway.serve(createApp())
  })
  afterAll(() => served.close())

  const send = (body: FormData) => served.fetch('/upload', { method: 'POST', body })
  const raw = (parts: Part[]) => {
    const { body, type } = multipart(parts)
    return served.fetch('/upload', { method: 'POST', body, headers: { 'content-type': type } })
  }
  async function refused(res: Response, message: string | RegExp) {
    const before = seen
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8') // phial's error page
    expect(await res.text()).toMatch(message)
    expect(seen).toBe(before)
  }

  it('keeps Japanese and emoji field names and filenames from a FormData body', async () => {
    const form = new FormData()
    form.append('f', new File(['file content'], '日本.pdf', { type: 'application/pdf' }))
    form.append('名前', 'value')
    form.append('😀', 'smile')
    form.append('写真', new File(['png'], 'emoji😀.png', { type: 'image/png' }))
    const res = await send(form)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await res.json()).toMatchObject({
      fields: [
        ['名前', 'value'],
        ['😀', 'smile'],
      ],
      files: [
        { field: 'f', name: '日本.pdf', type: 'application/pdf', size: 12, text: 'file content' },
        { field: '写真', name: 'emoji😀.png', type: 'image/png', size: 3, text: 'png' },
      ],
    })
  })

  it('takes a file larger than maxFormMemorySize under such a filename as a file, not a 413 field', async () => {
    const bytes = new Uint8Array(5000).fill(7)
    const form = new FormData()
    form.append('scan', new File([bytes], '日本.pdf', { type: 'image/png' }))
    form.append('scan', new File([bytes], 'emoji😀.png', { type: 'image/png' }))
    const res = await send(form)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      fields: [],
      files: [
        { field: 'scan', name: '日本.pdf', type: 'image/png', size: 5000 },
        { field: 'scan', name: 'emoji😀.png', type: 'image/png', size: 5000 },
      ],
    })
  })

  it('decodes the WHATWG escapes %22, %0D and %0A in names and filenames, and keeps backslashes', async () => {
    const form = new FormData()
    form.append('a"b', new File(['q'], 'a"b.txt', { type: 'text/plain' }))
    form.append('two\nlines', 'v') // FormData sends LF as CRLF: %0D%0A
    form.append('doc', new File(['d'], 'C:\\dir\\日本"x".txt', { type: 'text/plain' }))
    form.append('secret', new File(['s'], '../日本/\n秘密.txt', { type: 'text/plain' }))
    const res = await send(form)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      fields: [['two\r\nlines', 'v']],
      files: [
        { field: 'a"b', name: 'a"b.txt', type: 'text/plain', size: 1, text: 'q' },
        { field: 'doc', name: '日本"x".txt', type: 'text/plain', size: 1, text: 'd' },
        // the basename, control characters removed, as for any filename
        { field: 'secret', name: '秘密.txt', type: 'text/plain', size: 1, text: 's' },
      ],
    })
  })

  it("prefers filename*=UTF-8'' to filename, in any order and any case", async () => {
    const res = await raw([
      {
        name: '',
        value: 'one',
        disposition: `form-data; name="書類"; filename="fallback.txt"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.txt`,
      },
      {
        name: '',
        value: 'two',
        disposition: `form-data; FILENAME*=utf-8''r%C3%A9sum%C3%A9.pdf; Name="履歴書"; FileName="resume.pdf"`,
      },
      { name: '', value: 'three', disposition: 'form-data; name=token; filename="日本.txt"; ' },
    ])
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      fields: [],
      files: [
        { field: '書類', name: '日本.txt', type: 'application/octet-stream', size: 3, text: 'one' },
        { field: '履歴書', name: 'résumé.pdf', type: 'application/octet-stream', size: 3, text: 'two' },
        { field: 'token', name: '日本.txt', type: 'application/octet-stream', size: 5, text: 'three' },
      ],
    })
  })

  it('reads backslash-escaped quotes and backslashes in quoted names and filenames', async () => {
    const res = await raw([
      { name: '', value: 'q', disposition: 'form-data; name="日\\"本"; filename="\\"日本\\".txt"' },
      { name: '', value: 'b', disposition: 'form-data; name="a\\\\b日本"' },
    ])
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      fields: [['a\\b日本', 'b']],
      files: [{ field: '日"本', name: '"日本".txt', type: 'application/octet-stream', size: 1, text: 'q' }],
    })
  })

  it('answers 400 to a part without Content-Disposition: form-data', async () => {
    const none = 'no Content-Disposition: form-data header'
    // (a part with no header at all is refused by multipasta already, as malformed headers)
    await refused(await raw([{ name: 'a', value: 'x', type: 'text/plain', disposition: null }]), none)
    await refused(await raw([{ name: 'a', value: 'x', disposition: 'attachment; name="日本"' }]), none)
  })

  it('answers 400 to a part with an empty or missing name', async () => {
    await refused(await raw([{ name: '', value: 'x' }]), 'without a name')
    await refused(
      await raw([{ name: '', value: 'x', disposition: 'form-data; filename="日本.pdf"' }]),
      'without a name',
    )
  })

  it('answers 400 to a malformed Content-Disposition, or to two of them', async () => {
    const bad = [
      'form-data; name="日本', // unterminated quoted string
      'form-data; name="日本"; name="b"', // RFC 6266 §4.1: a repeated parameter
      'form-data; name=日本', // not a token
      'form-data; name="日本" filename="a"', // no `;`
      `form-data; name="日本"; filename*=UTF-8''%E0%A4%A`, // bad percent-encoding
      `form-data; name="日本"; filename*=ISO-8859-1''caf%E9.txt`, // not UTF-8
    ]
    for (const disposition of bad) {
      await refused(await raw([{ name: '', value: 'x', disposition }]), 'malformed Content-Disposition')
    }
    const twice = { name: 'a', value: 'x', headers: 'Content-Disposition: form-data; name="b"\r\n' }
    await refused(await raw([twice]), 'malformed Content-Disposition')
  })
})
