import { App, formatEvent, PhialError, type ServerSentEvent, sse } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('formatEvent', () => {
  it('writes one field per line and one data line per line of data', () => {
    expect(formatEvent({ event: 'update', id: 7, retry: 3000, data: 'line 1\nline 2\r\nline 3' })).toBe(
      'event: update\nid: 7\nretry: 3000\ndata: line 1\ndata: line 2\ndata: line 3\n\n',
    )
    expect(formatEvent({ data: { a: [1, 2] } })).toBe('data: {"a":[1,2]}\n\n')
    expect(formatEvent({ comment: 'hi' })).toBe(': hi\n\n')
  })

  it('refuses a line break in event or id, NUL in id, and a bad retry with a PhialError', () => {
    const bad: ServerSentEvent[] = [
      { event: 'a\nid: 1' },
      { event: 'a\rb' },
      { id: '1\ndata: injected' },
      { id: 'a\u0000b' },
      { retry: -1 },
      { retry: 1.5 },
    ]
    for (const event of bad) expect(() => formatEvent(event), JSON.stringify(event)).toThrow(PhialError)
  })

  it('refuses a retry past the safe integers, which would be written as 1e+21', () => {
    expect(() => formatEvent({ retry: 1e21 })).toThrow(PhialError)
    expect(() => formatEvent({ retry: 1e21 })).toThrow(
      'sse: retry must be a non-negative safe integer of milliseconds, not 1e+21',
    )
    expect(formatEvent({ retry: Number.MAX_SAFE_INTEGER })).toBe('retry: 9007199254740991\n\n')
  })

  it('refuses data JSON cannot hold and a comment that is not a string with a PhialError', () => {
    const cases: Array<[ServerSentEvent, string]> = [
      [{ data: () => 1 }, "sse: the event's data must be a string or a JSON value, not a function"],
      [{ data: Symbol('x') }, "sse: the event's data must be a string or a JSON value, not a symbol"],
      [{ comment: 42 as unknown as string }, "sse: the event's comment must be a string, not number"],
    ]
    for (const [event, message] of cases) {
      expect(() => formatEvent(event)).toThrow(PhialError)
      expect(() => formatEvent(event)).toThrow(message)
    }
  })
})

describe.each(gateways)('server-sent events through $name', (gateway) => {
  let served: Served
  let cleaned: Promise<void> = Promise.resolve()
  let markCleaned: () => void = () => {}
  let ticks = 0
  beforeAll(async () => {
    const app = new App({ logger: { error() {}, warn() {}, info() {}, debug() {} } })
    app.get('/finite', () => sse([{ data: 'one' }, { event: 'end', data: 'two\nthree', id: '2' }]))
    app.get('/slow', () =>
      sse(
        (async function* () {
          yield { data: 'start' }
          await sleep(120)
          yield { data: 'later' }
        })(),
        { keepAlive: 25 },
      ),
    )
    app.get('/ticks', (req) => {
      cleaned = new Promise((resolve) => {
        markCleaned = resolve
      })
      return sse(
        (async function* () {
          try {
            while (!req.signal.aborted) {
              ticks++
              yield { event: 'tick', data: String(ticks) }
              await sleep(10)
            }
          } finally {
            markCleaned()
          }
        })(),
      )
    })
    app.get('/inject', () => sse([{ data: 'ok' }, { id: 'x\ndata: evil' }]))
    served = await gateway.serve(app)
  })
  afterAll(() => served.close())

  it('sends text/event-stream, no-cache, and the events in the wire format', async () => {
    const res = await served.fetch('/finite')
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    expect(res.headers.get('cache-control')).toBe('no-cache')
    expect(await res.text()).toBe('data: one\n\nevent: end\nid: 2\ndata: two\ndata: three\n\n')
  })

  it('sends keep-alive comments while the source is idle', async () => {
    const text = await (await served.fetch('/slow')).text()
    expect(text.startsWith('data: start\n\n')).toBe(true)
    expect(text.endsWith('data: later\n\n')).toBe(true)
    expect(text.match(/: keep-alive\n\n/g)?.length ?? 0).toBeGreaterThanOrEqual(2)
  })

  it('stops the source when the client goes away', async () => {
    const controller = new AbortController()
    const res = await served.fetch('/ticks', { signal: controller.signal })
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: tick')
    if (gateway.name === 'app.request') await reader.cancel()
    else controller.abort()
    await cleaned
    const at = ticks
    await sleep(60)
    expect(ticks - at).toBeLessThanOrEqual(1)
  })

  it('ends the stream, without the injected field, when an event has a line break in its id', async () => {
    // The error comes after the headers were queued: the client sees a truncated stream or a reset.
    const text = await served
      .fetch('/inject')
      .then((res) => res.text())
      .catch(() => 'stream failed')
    expect(text).not.toContain('evil')
  })
})
