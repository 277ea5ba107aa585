import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sendFile } from '../../src/static.ts'
import { gateways } from '../_gateways.ts'
import { useStaticApp } from './_files.ts'

/** Extensions added to the table, with their IANA types (7z has none registered: its usual one). */
const TYPES: Array<[extension: string, type: string]> = [
  ['vtt', 'text/vtt; charset=utf-8'],
  ['ics', 'text/calendar; charset=utf-8'],
  ['xhtml', 'application/xhtml+xml'],
  ['m4a', 'audio/mp4'],
  ['aac', 'audio/aac'],
  ['flac', 'audio/flac'],
  ['ogv', 'video/ogg'],
  ['mov', 'video/quicktime'],
  ['jxl', 'image/jxl'],
  ['7z', 'application/x-7z-compressed'],
]

describe.each(gateways)('static response headers through $name', (gateway) => {
  const files = {
    'alphabet.txt': 'abcdefghijklmnopqrstuvwxyz',
    ...Object.fromEntries(TYPES.map(([extension]) => [`file.${extension}`, extension])),
  }
  const s = useStaticApp(gateway, files, {}, (app, dir) => {
    const alphabet = join(dir, 'alphabet.txt')
    app.get('/plain', (req) => sendFile(req, alphabet, { conditional: false }))
    // A lone high surrogate, as a name cut in the middle of an emoji would have it.
    app.get('/cut', (req) => sendFile(req, alphabet, { downloadName: 'smile\uD83D.txt' }))
    app.get('/emoji', (req) =>
      sendFile(req, alphabet, { asAttachment: true, downloadName: '\uD83D\uDE00.txt' }),
    )
  })

  it('does not advertise byte ranges when it does not honour them (conditional: false)', async () => {
    const res = await s.served.fetch('/plain', { headers: { range: 'bytes=0-3' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('accept-ranges')).toBeNull()
    expect(res.headers.get('content-range')).toBeNull()
    expect(await res.text()).toBe('abcdefghijklmnopqrstuvwxyz')
  })

  it('sends a download name with a lone surrogate with U+FFFD in its place', async () => {
    const res = await s.served.fetch('/cut')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toBe(
      `inline; filename="smile_.txt"; filename*=UTF-8''smile%EF%BF%BD.txt`,
    )
    expect(await res.text()).toBe('abcdefghijklmnopqrstuvwxyz')
    const emoji = await s.served.fetch('/emoji')
    expect(emoji.headers.get('content-disposition')).toBe(
      `attachment; filename="__.txt"; filename*=UTF-8''%F0%9F%98%80.txt`,
    )
    await emoji.text()
  })

  it.each(TYPES)('serves .%s as %s', async (extension, type) => {
    const res = await s.served.fetch(`/static/file.${extension}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(type)
    expect(await res.text()).toBe(extension)
  })
})
