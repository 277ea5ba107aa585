import { createReadStream } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { App, makeResponse, sse } from 'phial'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'

/** How many sources of one kind were started, and how many of them were stopped again. */
class Count {
  started = 0
  stopped = 0
}

const FILE = fileURLToPath(import.meta.url)

/** Routes whose streamed bodies count themselves: a body never sent must still be stopped. */
function createApp(counts: Record<string, Count>): App {
  const app = new App()
  const count = (name: string) => {
    counts[name] ??= new Count()
    return counts[name]
  }
  const events = (c: Count) =>
    (async function* ticks() {
      c.started++
      try {
        for (let i = 0; ; i++) yield { data: String(i) }
      } finally {
        c.stopped++
      }
    })()
  app.get('/sse', () => sse(events(count('sse')), { keepAlive: 20 }))
  // WHATWG's "stop reconnecting": a 204 to an EventSource.
  app.get('/sse-204', () => sse(events(count('sse-204')), { status: 204, keepAlive: 20 }))
  app.get('/file', () => {
    const c = count('file')
    c.started++
    return createReadStream(FILE).on('close', () => c.stopped++)
  })
  const web = (c: Count) =>
    new ReadableStream<Uint8Array>({
      start: () => void c.started++,
      pull: (controller) => controller.enqueue(new Uint8Array(8)),
      cancel: () => void c.stopped++,
    })
  app.get('/web', () => web(count('web')))
  app.get('/web-304', () => makeResponse(web(count('web-304')), 304, { etag: '"1"' }))
  app.get('/generator', async function* generator() {
    yield 'never sent'
  })
  return app
}

describe.each(gateways)('a streamed body that is never sent, through $name', (gateway) => {
  let served: Served
  const counts: Record<string, Count> = {}
  beforeAll(async () => {
    served = await gateway.serve(createApp(counts))
  })
  afterAll(() => served.close())

  const settled = (name: string, expected: number) =>
    vi.waitFor(() => expect(counts[name]).toMatchObject({ started: expected, stopped: expected }))

  for (const [path, name] of [
    ['/sse', 'server-sent events'],
    ['/file', 'file stream'],
    ['/web', 'web stream'],
  ] as const) {
    it(`answers HEAD with the headers and stops the ${name}`, async () => {
      for (let i = 0; i < 3; i++) {
        const res = await served.fetch(path, { method: 'HEAD' })
        expect([res.status, res.headers.get('content-length'), await res.text()]).toEqual([200, null, ''])
      }
      // An SSE generator may be stopped before it ever ran (Node cancels at once): started ≤ 3.
      if (path === '/sse') await vi.waitFor(() => expect(counts.sse?.stopped).toBe(counts.sse?.started))
      else await settled(path.slice(1), 3)
    })
  }

  it('answers HEAD to a generator route without a length', async () => {
    const res = await served.fetch('/generator', { method: 'HEAD' })
    expect([res.status, res.headers.get('content-type'), res.headers.get('content-length')]).toEqual([
      200,
      'text/html; charset=utf-8',
      null,
    ])
    expect(await res.text()).toBe('')
  })

  it('sends a 204 or 304 without the stream it was given, and stops that stream', async () => {
    const noContent = await served.fetch('/sse-204')
    expect([noContent.status, noContent.headers.get('content-type'), await noContent.text()]).toEqual([
      204,
      'text/event-stream',
      '',
    ])
    await vi.waitFor(() => expect(counts['sse-204']?.stopped).toBe(counts['sse-204']?.started))
    const notModified = await served.fetch('/web-304')
    expect([notModified.status, notModified.headers.get('etag'), await notModified.text()]).toEqual([
      304,
      '"1"',
      '',
    ])
    await settled('web-304', 1)
  })
})
