import { get as httpGet, type IncomingMessage } from 'node:http'
import type { Transform } from 'node:stream'
import { createBrotliDecompress, createGunzip } from 'node:zlib'
import { App } from 'phial'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'

const quiet = { error() {}, warn() {}, info() {}, debug() {} }

/** Chunks a generator may not yield: each ends the body in an error on every gateway. */
const BAD: Array<{ chunk: string; type: string; value: unknown }> = [
  { chunk: 'a number', type: 'number', value: 42 },
  { chunk: 'null', type: 'null', value: null },
  { chunk: 'an ArrayBuffer', type: 'ArrayBuffer', value: new ArrayBuffer(4) },
]

describe.each(gateways)(
  'a streamed body with a chunk that is not text or bytes, through $name',
  (gateway) => {
    for (const compress of [false, true]) {
      describe(`compress: ${compress}`, () => {
        let served: Served
        let stopped = 0
        beforeAll(async () => {
          const app = new App({ compress, logger: quiet })
          app.get('/bad/<int:i>', async function* bad(req) {
            try {
              yield '<p>ok</p>'
              yield BAD[req.params.i as number]?.value as string
              yield 'never'
            } finally {
              stopped++
            }
          })
          served = await gateway.serve(app)
        })
        afterAll(() => served.close())

        BAD.forEach(({ chunk, type }, i) => {
          it(`ends the body in an error on ${chunk} and stops the generator`, async () => {
            const before = stopped
            const init = { headers: { 'accept-encoding': 'gzip' } }
            if (gateway.name === 'app.request') {
              // In-process the error reaches the client as phial raised it.
              const res = await served.fetch(`/bad/${i}`, init)
              expect([res.status, res.headers.get('content-encoding')]).toEqual([
                200,
                compress ? 'gzip' : null,
              ])
              await expect(res.text()).rejects.toThrow(
                `a streamed body yields strings or Uint8Arrays, not ${type}`,
              )
            } else {
              // Over a socket the connection is dropped, before or after the headers left.
              await expect(served.fetch(`/bad/${i}`, init).then((res) => res.text())).rejects.toThrow()
            }
            await vi.waitFor(() => expect(stopped).toBe(before + 1))
          }, 5000)
        })
      })
    }
  },
)

/** A GET over node:http whose body is decoded as it arrives, chunk by chunk. */
function decoded(port: number, path: string, coding: 'gzip' | 'br'): Promise<Transform> {
  return new Promise((resolve, reject) => {
    httpGet(
      { port, host: '127.0.0.1', path, headers: { 'accept-encoding': coding } },
      (res: IncomingMessage) => {
        expect(res.headers['content-encoding']).toBe(coding)
        const decoder = coding === 'gzip' ? createGunzip() : createBrotliDecompress()
        resolve(res.pipe(decoder))
      },
    ).on('error', reject)
  })
}

/** Resolves with the next piece of text a decoder gives. */
const nextText = (decoder: Transform) =>
  new Promise<string>((resolve) => decoder.once('data', (chunk: Buffer) => resolve(chunk.toString())))

describe('a compressed stream on Node', () => {
  let served: Served
  let release: () => void = () => {}
  beforeAll(async () => {
    const app = new App({ compress: true })
    app.get('/page', async function* page() {
      yield '<!doctype html><title>report</title><p>working…</p>\n'
      // The rest waits for the test, which first reads the chunk above: nothing may hold it back.
      await new Promise<void>((resolve) => {
        release = resolve
      })
      yield '<p>done</p>\n'
    })
    served = await (gateways.find((g) => g.name === 'node:http') as (typeof gateways)[number]).serve(app)
  })
  afterAll(() => served.close())

  for (const coding of ['gzip', 'br'] as const) {
    it(`sends each chunk decodable as it is written (${coding})`, async () => {
      const decoder = await decoded(served.port as number, '/page', coding)
      expect(await nextText(decoder)).toBe('<!doctype html><title>report</title><p>working…</p>\n')
      release()
      let rest = ''
      for await (const chunk of decoder) rest += String(chunk)
      expect(rest).toBe('<p>done</p>\n')
    }, 5000)
  }
})
