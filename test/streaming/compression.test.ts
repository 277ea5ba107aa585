import { request as httpRequest } from 'node:http'
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { App, type AppOptions, makeResponse, sse } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'

const PAGE = `<!doctype html><p>${'hello compression '.repeat(200)}</p>`

interface Raw {
  status: number
  headers: Headers
  body: Buffer
}

/** Fetches without decompressing (undici's fetch decodes bodies by itself). */
function rawFetch(
  served: Served,
  path: string,
  init: { method?: string; headers?: Record<string, string> } = {},
) {
  if (served.port === undefined) {
    return served.fetch(path, init).then(async (res): Promise<Raw> => {
      return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) }
    })
  }
  return new Promise<Raw>((resolve, reject) => {
    const req = httpRequest(
      {
        port: served.port,
        host: '127.0.0.1',
        path: served.prefix + path,
        method: init.method ?? 'GET',
        headers: init.headers,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const headers = new Headers()
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v)
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) })
        })
      },
    )
    req.on('error', reject)
    req.end()
  })
}

function decode(raw: Raw): string {
  const encoding = raw.headers.get('content-encoding')
  if (encoding === 'gzip') return gunzipSync(raw.body).toString()
  if (encoding === 'br') return brotliDecompressSync(raw.body).toString()
  return raw.body.toString()
}

function createApp(options: Pick<AppOptions, 'compress'>): App {
  const app = new App(options)
  app.get('/page', () => PAGE)
  app.get('/small', () => '<p>tiny</p>')
  app.get('/json', () => ({ items: Array.from({ length: 200 }, (_, i) => ({ i, name: `item ${i}` })) }))
  app.get('/png', () => makeResponse(new Uint8Array(4096), 200, { 'content-type': 'image/png' }))
  app.get('/encoded', () =>
    makeResponse(new Uint8Array(gzipSync(PAGE)), 200, {
      'content-type': 'text/html',
      'content-encoding': 'gzip',
    }),
  )
  app.get('/no-transform', () => makeResponse(PAGE, 200, { 'cache-control': 'no-transform' }))
  app.get('/empty', () => makeResponse(null, 204))
  app.get('/stream', async function* stream() {
    for (let i = 0; i < 50; i++) yield `<p>streamed ${i}</p>\n`
  })
  app.get('/events', () => sse([{ data: 'x'.repeat(4000) }]))
  app.get('/vary', () => makeResponse(PAGE, 200, { vary: 'Cookie' }))
  app.get('/etag', () => makeResponse(PAGE, 200, { etag: '"v1"' }))
  app.get('/partial', () =>
    makeResponse(PAGE.slice(0, 2000), 206, { 'content-range': `bytes 0-1999/${PAGE.length}` }),
  )
  return app
}

describe.each(gateways)('compression through $name', (gateway) => {
  let on: Served
  let off: Served
  beforeAll(async () => {
    on = await gateway.serve(createApp({ compress: true }))
    off = await gateway.serve(createApp({}))
  })
  afterAll(async () => {
    await on.close()
    await off.close()
  })
  const get = (path: string, acceptEncoding?: string, method = 'GET') =>
    rawFetch(on, path, {
      method,
      headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
    })

  it('never compresses a 206: the range names bytes of the unencoded body', async () => {
    const raw = await get('/partial', 'gzip')
    expect(raw.status).toBe(206)
    expect(raw.headers.get('content-encoding')).toBeNull()
    expect(raw.body.toString()).toBe(PAGE.slice(0, 2000))
  })

  it('weakens a strong ETag when it encodes the body', async () => {
    const raw = await get('/etag', 'gzip')
    expect(raw.headers.get('content-encoding')).toBe('gzip')
    expect(raw.headers.get('etag')).toBe('W/"v1"')
    expect(decode(raw)).toBe(PAGE)
    const plain = await get('/etag', 'identity')
    expect(plain.headers.get('etag')).toBe('"v1"')
  })

  it('is off by default', async () => {
    const raw = await rawFetch(off, '/page', { headers: { 'accept-encoding': 'gzip, br' } })
    expect(raw.headers.get('content-encoding')).toBeNull()
    expect(raw.headers.get('vary')).toBeNull()
    expect(raw.body.toString()).toBe(PAGE)
  })

  it('gzips an HTML body for a client that accepts gzip, with Vary', async () => {
    const raw = await get('/page', 'gzip')
    expect(raw.headers.get('content-encoding')).toBe('gzip')
    expect(raw.headers.get('vary')).toBe('accept-encoding')
    expect(raw.body.byteLength).toBeLessThan(PAGE.length / 5)
    expect(decode(raw)).toBe(PAGE)
    if (on.port !== undefined) expect(raw.headers.get('content-length')).toBe(String(raw.body.byteLength))
  })

  it('prefers brotli where the gateway has it (Node zlib) and honours q-values', async () => {
    const raw = await get('/json', 'gzip;q=0.8, br')
    // CompressionStream has no brotli on Node 20: the fetch path falls back to gzip there.
    const expected = gateway.name === 'app.request' ? ['br', 'gzip'] : ['br']
    expect(expected).toContain(raw.headers.get('content-encoding'))
    expect(JSON.parse(decode(raw)).items).toHaveLength(200)
    expect((await get('/json', 'br;q=0.1, gzip')).headers.get('content-encoding')).toBe('gzip')
    expect((await get('/json', '*')).headers.get('content-encoding')).not.toBeNull()
  })

  it('sends identity, still with Vary, to a client that accepts no coding it offers', async () => {
    for (const header of [undefined, 'identity', 'gzip;q=0, br;q=0', 'deflate']) {
      const raw = await get('/page', header)
      expect(raw.headers.get('content-encoding'), header).toBeNull()
      expect(raw.headers.get('vary')).toBe('accept-encoding')
      expect(raw.body.toString()).toBe(PAGE)
    }
  })

  it('leaves small bodies, images, encoded responses and no-transform alone', async () => {
    for (const path of ['/small', '/png', '/no-transform']) {
      expect((await get(path, 'gzip')).headers.get('content-encoding'), path).toBeNull()
    }
    const encoded = await get('/encoded', 'br')
    expect(encoded.headers.get('content-encoding')).toBe('gzip')
    expect(gunzipSync(encoded.body).toString()).toBe(PAGE)
  })

  it('never compresses a 204 or a HEAD', async () => {
    const empty = await get('/empty', 'gzip')
    expect([empty.status, empty.headers.get('content-encoding'), empty.body.byteLength]).toEqual([
      204,
      null,
      0,
    ])
    const head = await get('/page', 'gzip', 'HEAD')
    expect([head.status, head.headers.get('content-encoding'), head.body.byteLength]).toEqual([200, null, 0])
  })

  it('compresses a streamed body and keeps server-sent events uncompressed', async () => {
    const raw = await get('/stream', 'gzip')
    expect(raw.headers.get('content-encoding')).toBe('gzip')
    expect(decode(raw)).toContain('<p>streamed 49</p>')
    const events = await get('/events', 'gzip, br')
    expect(events.headers.get('content-encoding')).toBeNull()
    expect(events.body.toString()).toContain('data: xxx')
  })

  it('adds Accept-Encoding to an existing Vary', async () => {
    expect((await get('/vary', 'gzip')).headers.get('vary')).toBe('Cookie, accept-encoding')
  })
})

describe('compress options', () => {
  it('takes a threshold and a list of encodings', async () => {
    const app = new App({ compress: { threshold: 5, encodings: ['gzip'] } })
    app.get('/', () => '<p>tiny</p>')
    const res = await app.request('/', { headers: { 'accept-encoding': 'br, gzip' } })
    expect(res.headers.get('content-encoding')).toBe('gzip')
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()).toBe('<p>tiny</p>')
  })
})
