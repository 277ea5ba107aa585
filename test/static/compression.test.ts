import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { gateways } from '../_gateways.ts'
import { fetchRaw, useStaticApp } from './_files.ts'

const BIG = `body { color: teal; }\n${'.rule { margin: 0 auto; }\n'.repeat(200)}` // over the 1 KiB threshold
const HUGE = BIG.repeat(20) // over 64 KiB: streamed
const TINY = 'a { color: red; }\n' // under the threshold: never compressed
const GZIP = { 'accept-encoding': 'gzip' }

describe.each(gateways)('static files with compression on, through $name', (gateway) => {
  const s = useStaticApp(gateway, { 'big.css': BIG, 'huge.css': HUGE, 'tiny.css': TINY }, { compress: true })

  it.each(['big.css', 'huge.css'])(
    'answers a revalidation of %s with the ETag and Vary of its 200',
    async (name) => {
      const ok = await fetchRaw(s.served, `/static/${name}`, { headers: GZIP })
      expect(ok.status).toBe(200)
      expect(ok.headers.get('content-encoding')).toBe('gzip')
      expect(ok.headers.get('vary')).toBe('accept-encoding')
      const etag = ok.headers.get('etag') as string
      expect(etag).toMatch(/^W\/"/)
      expect(gunzipSync(ok.body).toString()).toBe(name === 'big.css' ? BIG : HUGE)
      // RFC 9110 §15.4.5: the 304 carries the ETag and Vary the 200 would have.
      for (const headers of [
        { ...GZIP, 'if-none-match': etag },
        { ...GZIP, 'if-modified-since': ok.headers.get('last-modified') as string },
      ]) {
        const res = await fetchRaw(s.served, `/static/${name}`, { headers })
        expect(res.status).toBe(304)
        expect(res.headers.get('etag')).toBe(etag)
        expect(res.headers.get('vary')).toBe('accept-encoding')
        expect(res.headers.get('content-encoding')).toBeNull()
        expect(res.body.byteLength).toBe(0)
      }
    },
  )

  it('answers a revalidation without gzip with the strong ETag and the Vary of that 200', async () => {
    const ok = await fetchRaw(s.served, '/static/big.css')
    expect(ok.headers.get('content-encoding')).toBeNull()
    const etag = ok.headers.get('etag') as string
    expect(etag).toMatch(/^"/)
    expect(ok.headers.get('vary')).toBe('accept-encoding')
    expect(ok.body.toString()).toBe(BIG)
    const res = await fetchRaw(s.served, '/static/big.css', { headers: { 'if-none-match': `W/${etag}` } })
    expect(res.status).toBe(304)
    expect(res.headers.get('etag')).toBe(etag)
    expect(res.headers.get('vary')).toBe('accept-encoding')
  })

  it('gives the 304 of a file too small to compress no Vary, as its 200 has none', async () => {
    const ok = await fetchRaw(s.served, '/static/tiny.css', { headers: GZIP })
    expect([ok.headers.get('content-encoding'), ok.headers.get('vary')]).toEqual([null, null])
    const etag = ok.headers.get('etag') as string
    const res = await fetchRaw(s.served, '/static/tiny.css', { headers: { ...GZIP, 'if-none-match': etag } })
    expect(res.status).toBe(304)
    expect([res.headers.get('etag'), res.headers.get('vary')]).toEqual([etag, null])
  })

  it('does not advertise byte ranges on a compressed 200, and answers a Range with identity bytes', async () => {
    const ok = await fetchRaw(s.served, '/static/big.css', { headers: GZIP })
    expect(ok.headers.get('content-encoding')).toBe('gzip')
    expect(ok.headers.get('accept-ranges')).toBeNull()
    const plain = await fetchRaw(s.served, '/static/big.css')
    expect(plain.headers.get('accept-ranges')).toBe('bytes')
    const part = await fetchRaw(s.served, '/static/big.css', { headers: { ...GZIP, range: 'bytes=0-3' } })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-encoding')).toBeNull()
    expect(part.body.toString()).toBe('body')
  })

  it('answers HEAD with the Vary of GET, and the identity length and ETag it describes', async () => {
    const res = await fetchRaw(s.served, '/static/big.css', { method: 'HEAD', headers: GZIP })
    expect(res.status).toBe(200)
    expect(res.headers.get('vary')).toBe('accept-encoding')
    expect(res.headers.get('content-encoding')).toBeNull()
    expect(res.headers.get('content-length')).toBe(String(BIG.length))
    expect(res.headers.get('etag')).toMatch(/^"/)
    expect(res.body.byteLength).toBe(0)
    const tiny = await fetchRaw(s.served, '/static/tiny.css', { method: 'HEAD', headers: GZIP })
    expect(tiny.headers.get('vary')).toBeNull()
  })
})
