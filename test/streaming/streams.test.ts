import { connect } from 'node:net'
import { Readable } from 'node:stream'
import { App } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A probe of one streamed response: how much it produced and whether its cleanup ran. */
class Probe {
  produced = 0
  cleaned = false
  #done: () => void = () => {}
  readonly done = new Promise<void>((resolve) => {
    this.#done = resolve
  })
  clean(): void {
    this.cleaned = true
    this.#done()
  }
}

function createApp(probes: Map<string, Probe>): App {
  const app = new App()
  const probe = (name: string) => {
    const p = new Probe()
    probes.set(name, p)
    return p
  }
  app.get('/web', () => {
    const parts = ['a', 'b', 'c']
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = parts.shift()
        if (next === undefined) controller.close()
        else controller.enqueue(new TextEncoder().encode(next))
      },
    })
  })
  app.get('/iterable', async function* iterable() {
    yield 'x'
    yield new TextEncoder().encode('y')
  })
  app.get('/readable', () => Readable.from(['r', 's']))
  app.get('/sync-generator', function* syncGenerator() {
    yield 'a'
    yield new TextEncoder().encode('b')
  })
  app.get('/forever-sync-generator', function* foreverSync() {
    const p = probe('sync generator')
    try {
      for (;;) {
        p.produced++
        yield `chunk ${p.produced}\n`
      }
    } finally {
      p.clean()
    }
  })
  app.get('/forever-generator', async function* forever() {
    const p = probe('generator')
    try {
      for (;;) {
        p.produced++
        yield `chunk ${p.produced}\n`
        await sleep(5)
      }
    } finally {
      p.clean()
    }
  })
  app.get('/idle-web', () => {
    const p = probe('web')
    return new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('first'))
      },
      pull: () => new Promise<void>(() => {}), // a source that never produces again
      cancel: () => p.clean(),
    })
  })
  app.get('/forever-readable', () => {
    const p = probe('readable')
    const stream = new Readable({
      read() {
        p.produced++
        setTimeout(() => stream.push(`chunk ${p.produced}\n`), 5)
      },
    })
    stream.on('close', () => p.clean())
    return stream
  })
  return app
}

describe.each(gateways)('streamed responses through $name', (gateway) => {
  let served: Served
  const probes = new Map<string, Probe>()
  beforeAll(async () => {
    served = await gateway.serve(createApp(probes))
  })
  afterAll(() => served.close())

  it('streams a ReadableStream, an async iterable and a Node Readable', async () => {
    const web = await served.fetch('/web')
    expect([web.headers.get('content-type'), await web.text()]).toEqual(['application/octet-stream', 'abc'])
    const iter = await served.fetch('/iterable')
    expect([iter.headers.get('content-type'), await iter.text()]).toEqual(['text/html; charset=utf-8', 'xy'])
    expect(await (await served.fetch('/readable')).text()).toBe('rs')
  })

  it('streams a sync generator as text/html, like an async one', async () => {
    const res = await served.fetch('/sync-generator')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-length')).toBeNull()
    expect(await res.text()).toBe('ab')
  })

  for (const [path, name] of [
    ['/forever-generator', 'generator'],
    ['/forever-sync-generator', 'sync generator'],
    ['/idle-web', 'web'],
    ['/forever-readable', 'readable'],
  ] as const) {
    it(`stops a ${name} source the client abandons halfway and runs its cleanup`, async () => {
      const controller = new AbortController()
      const res = await served.fetch(path, { signal: controller.signal })
      const reader = (res.body as ReadableStream<Uint8Array>).getReader()
      expect((await reader.read()).done).toBe(false)
      // In-process the client cancels the body; over a socket it drops the connection.
      if (gateway.name === 'app.request') await reader.cancel()
      else controller.abort()
      const p = probes.get(name) as Probe
      await p.done
      const at = p.produced
      await sleep(60)
      expect(p.cleaned).toBe(true)
      expect(p.produced - at).toBeLessThanOrEqual(1)
    })
  }
})

describe('back-pressure on Node', () => {
  it('pulls a ReadableStream only as fast as the client reads', async () => {
    const { serve } = await import('phial/node')
    const app = new App()
    let pulled = 0
    const chunk = new Uint8Array(64 * 1024)
    app.get('/big', () => {
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled++
          if (pulled > 1000) controller.close()
          else controller.enqueue(chunk)
        },
      })
    })
    const handle = await serve(app, { port: 0 })
    const socket = connect(handle.port, '127.0.0.1')
    socket.write('GET /big HTTP/1.1\r\nHost: a\r\n\r\n')
    socket.pause()
    await sleep(300)
    expect(pulled).toBeGreaterThan(0)
    expect(pulled).toBeLessThan(200) // 1000 chunks are 64 MB; socket buffers hold a few MB
    socket.destroy()
    await handle.close()
  })
})
