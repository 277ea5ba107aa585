// req.header(name) is a string or undefined for any name on every gateway, as Werkzeug's
// request.headers.get returns a str or None: no inherited member of Node's header object, and no
// TypeError from WHATWG Headers for a name that is not a token.
import { App } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'
import { parseRaw, rawRequest } from '../adapters/_raw.ts'

function createApp(): App {
  const app = new App()
  app.get('/header', (req) => {
    const value = req.header(req.query.get('name') as string)
    return { type: typeof value, value: value ?? null }
  })
  return app
}

const ABSENT = { type: 'undefined', value: null }
const NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'bad name', 'x\u0100', '']

describe.each(gateways)('req.header() through $name', (gateway) => {
  let served: Served
  beforeAll(async () => {
    served = await gateway.serve(createApp())
  })
  afterAll(() => served.close())

  async function headerOf(name: string, headers: Record<string, string> = {}): Promise<unknown> {
    const res = await served.fetch(`/header?name=${encodeURIComponent(name)}`, { headers })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    return res.json()
  }

  it.each(NAMES)('is undefined for %j, a name no client sent', async (name) => {
    expect(await headerOf(name)).toEqual(ABSENT)
  })

  it('finds a header named like an Object member, in any case', async () => {
    const headers = { tostring: 'sent', constructor: 'also' }
    expect(await headerOf('toString', headers)).toEqual({ type: 'string', value: 'sent' })
    expect(await headerOf('TOSTRING', headers)).toEqual({ type: 'string', value: 'sent' })
    expect(await headerOf('constructor', headers)).toEqual({ type: 'string', value: 'also' })
    expect(await headerOf('X-Custom', { 'x-custom': 'v' })).toEqual({ type: 'string', value: 'v' })
  })
})

describe('req.header() through a raw node:http socket', () => {
  it('joins a repeated header and leaves Object members out', async () => {
    const { serve } = await import('phial/node')
    const handle = await serve(createApp(), { port: 0 })
    try {
      const get = async (name: string, extra = '') => {
        const raw = await rawRequest(
          handle.port,
          `GET /header?name=${name} HTTP/1.1\r\nHost: x\r\n${extra}Connection: close\r\n\r\n`,
        )
        const res = parseRaw(raw)
        expect(res.status).toBe(200)
        expect(res.headers).toContain('content-type: application/json')
        return JSON.parse(res.body)
      }
      expect(await get('__proto__')).toEqual(ABSENT)
      expect(await get('Constructor')).toEqual(ABSENT)
      // Node keeps a repeated Set-Cookie as an array; other repeated headers are joined by Node itself.
      expect(await get('Set-Cookie', 'Set-Cookie: a=1\r\nSet-Cookie: b=2\r\n')).toEqual({
        type: 'string',
        value: 'a=1, b=2',
      })
    } finally {
      await handle.close()
    }
  })
})
