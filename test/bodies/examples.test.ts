import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../examples/uploads.ts'
import { gateways, type Served } from '../_gateways.ts'

describe('examples/uploads.ts', () => {
  it('serves the form and digests the uploaded files', async () => {
    expect(await (await app.request('/')).text()).toContain('enctype="multipart/form-data"')
    const form = new FormData()
    form.append('title', 'Holiday <3')
    form.append('files', new File(['abc'], 'a.txt', { type: 'text/plain' }))
    form.append('files', new File(['hello'], '../b.txt', { type: 'text/plain' }))
    const res = await app.request('/upload', {
      method: 'POST',
      body: form,
      headers: { accept: 'application/json' },
    })
    expect(await res.json()).toEqual({
      title: 'Holiday <3',
      files: [
        {
          name: 'a.txt',
          type: 'text/plain',
          size: 3,
          sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
        },
        {
          name: 'b.txt',
          type: 'text/plain',
          size: 5,
          sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
        },
      ],
    })
    const page = await app.request('/upload', {
      method: 'POST',
      body: form,
      headers: { accept: 'text/html' },
    })
    expect(await page.text()).toContain('<h1>Holiday &lt;3</h1>')
  })
})

describe.each(gateways)('examples/uploads.ts through $name', (gateway) => {
  let served: Served
  beforeAll(async () => {
    served = await gateway.serve(app)
  })
  afterAll(() => served.close())

  it('skips a file input left empty, as Flask checks filename == ""', async () => {
    // What a browser sends for <input type="file"> with nothing chosen: filename="", no bytes.
    const b = 'empty-input'
    const body = [
      `--${b}\r\nContent-Disposition: form-data; name="title"\r\n\r\nNone\r\n`,
      `--${b}\r\nContent-Disposition: form-data; name="files"; filename=""\r\n`,
      'Content-Type: application/octet-stream\r\n\r\n\r\n',
      `--${b}--\r\n`,
    ].join('')
    const res = await served.fetch('/upload', {
      method: 'POST',
      body,
      headers: { 'content-type': `multipart/form-data; boundary=${b}`, accept: 'application/json' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await res.json()).toEqual({ title: 'None', files: [] })
  })
})
