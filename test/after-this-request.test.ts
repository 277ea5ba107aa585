import { App, HTTPError } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from './_gateways.ts'

function createApp(withHooks: boolean): App {
  const app = new App()
  const order: string[] = []
  if (withHooks) {
    app.afterRequest((res) => {
      res.setHeader('x-order', [...order, 'app'].join(','))
    })
  }
  app.get('/sync', (req) => {
    order.length = 0
    req.afterThisRequest((res) => {
      order.push('first')
      res.setHeader('x-first', '1')
    })
    req.afterThisRequest(() => {
      order.push('second')
    })
    return 'body'
  })
  app.get('/async', async (req) => {
    req.afterThisRequest((res) => res.setCookie('seen', 'yes'))
    await Promise.resolve()
    return 'later'
  })
  app.get('/replace', (req) => {
    req.afterThisRequest(() => 'replaced')
    return 'original'
  })
  app.get('/error', (req) => {
    req.afterThisRequest((res) => {
      res.setHeader('x-error-seen', String(res.status))
    })
    throw new HTTPError(409, 'conflict')
  })
  return app
}

describe.each(gateways.slice(0, 2))('afterThisRequest through $name', (gateway) => {
  for (const withHooks of [false, true]) {
    describe(withHooks ? 'with app hooks' : 'on the fast path', () => {
      let served: Served
      beforeAll(async () => {
        served = await gateway.serve(createApp(withHooks))
      })
      afterAll(() => served.close())

      it('runs the request own functions in order, before the app hooks (Flask: after_this_request)', async () => {
        const res = await served.fetch('/sync')
        expect([res.status, res.headers.get('x-first'), await res.text()]).toEqual([200, '1', 'body'])
        if (withHooks) expect(res.headers.get('x-order')).toBe('first,second,app')
      })

      it('works after an await and may replace the response', async () => {
        expect((await served.fetch('/async')).headers.getSetCookie()[0]).toMatch(/^seen=yes/)
        expect(await (await served.fetch('/replace')).text()).toBe('replaced')
      })

      it('runs on the error response too', async () => {
        const res = await served.fetch('/error')
        expect([res.status, res.headers.get('x-error-seen')]).toEqual([409, '409'])
      })
    })
  }
})
