// A cached view over each gateway of test/_gateways.ts (in-process, node:http, Express under /mnt):
// the stored page is written by every adapter as the view's own was.
import { App, makeResponse } from 'phial'
import { Cache } from 'phial/cache'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'

for (const gateway of gateways) {
  describe(`cached views through ${gateway.name}`, () => {
    let served: Served
    let runs = 0
    beforeAll(async () => {
      const app = new App()
      const cache = new Cache()
      app.get(
        '/page',
        cache.cached((req) =>
          makeResponse(`<p>page ${++runs} at ${req.rootPath}</p>`, 200, { 'x-page': 'yes' }),
        ),
      )
      served = await gateway.serve(app)
    })
    afterAll(() => served.close())

    it('answers GET twice and HEAD with the same status, headers and body, the view run once', async () => {
      const first = await served.fetch('/page')
      const second = await served.fetch('/page')
      const head = await served.fetch('/page', { method: 'HEAD' })
      const body = `<p>page 1 at ${served.prefix}</p>`
      for (const res of [first, second, head]) {
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
        expect(res.headers.get('x-page')).toBe('yes')
      }
      // Over a socket each answer has its length; in-process a GET's WHATWG Response has none.
      const length = served.port === undefined ? null : String(Buffer.byteLength(body))
      expect([first, second].map((res) => res.headers.get('content-length'))).toEqual([length, length])
      expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(body)))
      expect(await first.text()).toBe(body)
      expect(await second.text()).toBe(body)
      expect(await head.text()).toBe('')
      expect(runs).toBe(1)
    })
  })
}
