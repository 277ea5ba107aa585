// Return values no response can be made of. JSON.stringify would send `null` for a function or a symbol
// and `{}` for a Map or a Set, a 200 that hides the bug; Flask refuses a function ("The view function
// did not return a valid response"). phial makes each a logged 500 naming the likely fix. A Blob is a
// body, as it is for `new Response(blob)`.
import { App } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'

const logged: unknown[][] = []
const logger = { error: (...args: unknown[]) => logged.push(args), warn() {}, info() {}, debug() {} }

function listUsers() {
  return [{ id: 1 }]
}

function createApp(): App {
  const app = new App({ logger })
  app.get('/function', () => listUsers) // forgot to call it
  app.get('/symbol', () => Symbol('x'))
  app.get('/map', () => new Map([['a', 1]]))
  app.get('/set', () => new Set([1, 2]))
  app.get('/weak-map', () => new WeakMap())
  app.get('/blob', () => new Blob(['a,b\n1,2\n'], { type: 'text/csv' }))
  app.get('/untyped-blob', () => new Blob([new Uint8Array([1, 2, 3])]))
  app.get('/entries', () => Object.fromEntries(new Map([['a', 1]])))
  app.errorHandler(404, () => listUsers) // an error handler's value goes through the same check
  return app
}

describe.each(gateways)('return values through $name', (gateway) => {
  let served: Served
  beforeAll(async () => {
    served = await gateway.serve(createApp())
  })
  afterAll(() => served.close())

  it.each([
    ['/function', 'the handler returned a function (did you mean to call it?); return a value or a response'],
    ['/symbol', 'the handler returned a symbol; return a value or a response'],
    [
      '/map',
      'the handler returned a Map, which JSON writes as {} (return Object.fromEntries(map)); return a value or a response',
    ],
    [
      '/set',
      'the handler returned a Set, which JSON writes as {} (return [...set]); return a value or a response',
    ],
    ['/weak-map', 'the handler returned a WeakMap, which JSON writes as {}; return a value or a response'],
  ])('answers %s with a logged 500 naming the mistake', async (path, message) => {
    logged.length = 0
    const res = await served.fetch(path)
    expect(res.status).toBe(500)
    const body = await res.text()
    expect(body).toContain('Internal Server Error')
    expect(body).not.toContain('handler returned')
    expect(logged).toHaveLength(1)
    expect(String(logged[0]?.[0])).toContain(`GET ${path}`)
    expect(String(logged[0]?.[1])).toBe(`PhialError: ${message}`)
  })

  it('answers a missing page with a logged 500 when the 404 handler returns a function', async () => {
    logged.length = 0
    const res = await served.fetch('/nowhere')
    expect(res.status).toBe(500)
    expect(String(logged.at(-1)?.[1])).toContain('the handler returned a function')
  })

  it('sends a Blob as its bytes with its type, or octet-stream without one', async () => {
    const csv = await served.fetch('/blob')
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toBe('text/csv')
    expect(await csv.text()).toBe('a,b\n1,2\n')
    const bytes = await served.fetch('/untyped-blob')
    expect(bytes.headers.get('content-type')).toBe('application/octet-stream')
    expect([...new Uint8Array(await bytes.arrayBuffer())]).toEqual([1, 2, 3])
  })

  it('sends the fix, Object.fromEntries(map), as JSON', async () => {
    const res = await served.fetch('/entries')
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(await res.json()).toEqual({ a: 1 })
  })
})
