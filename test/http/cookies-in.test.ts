// The Cookie header as Werkzeug's parse_cookie reads it (werkzeug/http.py, werkzeug/sansio/http.py):
// bytes past ASCII are UTF-8, quoted values are unescaped, a piece without "=" is a name.
import { App } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'
import { parseRaw, rawRequest } from '../adapters/_raw.ts'

/** A header value as every runtime hands it over: one Latin-1 character per byte of the UTF-8. */
const asBytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1')

function createApp(): App {
  const app = new App()
  app.get('/cookies', (req) => req.cookies)
  return app
}

describe.each(gateways)('incoming cookies through $name', (gateway) => {
  let served: Served
  beforeAll(async () => {
    served = await gateway.serve(createApp())
  })
  afterAll(() => served.close())

  async function cookiesOf(header: string): Promise<unknown> {
    const res = await served.fetch('/cookies', { headers: { cookie: header } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    return res.json()
  }

  it('reads UTF-8 bytes as UTF-8, losing none of them (Werkzeug decodes the header first)', async () => {
    // "à" is C3 A0 in UTF-8, and String#trim would strip the A0.
    expect(await cookiesOf(asBytes('name=café; b=voilà; c=x'))).toEqual({ name: 'café', b: 'voilà', c: 'x' })
    expect(await cookiesOf(asBytes('nö=1; z=日本'))).toEqual({ nö: '1', z: '日本' })
  })

  it('keeps bytes that are not UTF-8 as Latin-1, and trims only spaces and tabs', async () => {
    expect(await cookiesOf('a=caf\u00e9; b=\u00a0x\u00a0;\tc=1\t; d=ok')).toEqual({
      a: 'café',
      b: '\u00a0x\u00a0',
      c: '1',
      d: 'ok',
    })
  })

  it('unquotes quoted values and undoes \\NNN and \\X as Werkzeug does (what dump_cookie writes)', async () => {
    // Werkzeug 3.1 dump_cookie('name', 'café'), ('q', 'x"y'), ('s', 'a b;c'), ('p', 'c:\\d').
    const header = asBytes('name="caf\\303\\251"; q="x\\"y"; s="a b\\073c"; p="c:\\\\d"; u="été"')
    expect(await cookiesOf(header)).toEqual({ name: 'café', q: 'x"y', s: 'a b;c', p: 'c:\\d', u: 'été' })
    // Python's http.cookies escapes Latin-1 as octal: not UTF-8, so read as Latin-1 (Werkzeug: U+FFFD).
    expect(await cookiesOf('a="\\351t\\351"; b="\\4x"; c="x\\"; d=" sp "')).toEqual({
      a: 'été',
      b: '4x',
      c: 'x\\',
      d: ' sp ',
    })
  })

  it('reads a piece without "=" as a name with an empty value, as Werkzeug does', async () => {
    expect(await cookiesOf('novalue; a=1; =x; ; b')).toEqual({ novalue: '', a: '1', b: '' })
  })

  it('ends a value at every ";", inside quotes too (RFC 6265 §4.1.1; Werkzeug keeps a quoted ";")', async () => {
    expect(await cookiesOf('a="x;y"; b=1')).toEqual({ a: '"x', 'y"': '', b: '1' })
  })
})

describe('incoming cookies through a raw node:http socket', () => {
  it('reads the UTF-8 bytes a client sends as UTF-8', async () => {
    const { serve } = await import('phial/node')
    const handle = await serve(createApp(), { port: 0 })
    try {
      const raw = await rawRequest(
        handle.port,
        'GET /cookies HTTP/1.1\r\nHost: x\r\nCookie: name=café; b=voilà; q="caf\\303\\251"; c=x; n\r\nConnection: close\r\n\r\n',
      )
      const res = parseRaw(raw)
      expect(res.status).toBe(200)
      expect(res.headers).toContain('content-type: application/json')
      // rawRequest reads Latin-1: the body's UTF-8 bytes, one character each.
      expect(JSON.parse(Buffer.from(res.body, 'latin1').toString('utf8'))).toEqual({
        name: 'café',
        b: 'voilà',
        q: 'café',
        c: 'x',
        n: '',
      })
    } finally {
      await handle.close()
    }
  })
})
