// What a hook's outcome does to the answer. An error raised while the response is finished is a 500
// whatever was raised, answered by the 500 handlers and finished again (Flask's handle_exception);
// a before hook goes on after undefined or null, and false is a mistake made visible.
import { App, abort } from 'phial'
import { describe, expect, it } from 'vitest'
import { gateways } from '../_gateways.ts'
import { recordingLogger, useGateway } from './_parity.ts'

describe.each(gateways)('an after hook that fails, through $name', (gateway) => {
  const serve = useGateway(gateway)

  function createApp(fail: () => never) {
    const logger = recordingLogger()
    const app = new App({ logger })
    const torn: unknown[] = []
    // After hooks run in reverse: this one runs last, so it sees whatever the failing one left.
    app.afterRequest((res) => {
      res.setHeader('x-frame-options', 'DENY')
    })
    // It fails on the view's answer, and (on /always) on the 500 too.
    app.afterRequest((res, req) => {
      if (req.path === '/always' || (req.path === '/fails' && res.status === 200)) fail()
      return res
    })
    app.teardownRequest((error) => {
      torn.push(error)
    })
    app.get('/fails', () => 'never sent')
    app.get('/always', () => 'never sent')
    app.get('/ok', () => 'ok')
    return { app, logger, torn }
  }

  it('answers 500 with the headers the other after hooks add, logs once, and tears down with the error', async () => {
    const { app, logger, torn } = createApp(() => {
      throw new Error('hook broke')
    })
    const served = await serve(app)
    const res = await served.fetch('/fails')
    expect([res.status, res.headers.get('x-frame-options')]).toEqual([500, 'DENY'])
    expect(await res.text()).not.toContain('hook broke')
    expect(logger.errors.map((args) => String(args[0]))).toEqual([
      'GET /fails: finishing the response (after-request hooks, session) failed:',
    ])
    expect(String(torn[0])).toBe('Error: hook broke')
    const ok = await served.fetch('/ok')
    expect([ok.status, ok.headers.get('x-frame-options'), await ok.text()]).toEqual([200, 'DENY', 'ok'])
  })

  it('sends the 500 as it is when the hook fails on it too, logging both failures', async () => {
    const { app, logger } = createApp(() => {
      throw new Error('hook broke')
    })
    const served = await serve(app)
    const res = await served.fetch('/always')
    expect([res.status, await res.text()]).toEqual([500, expect.stringContaining('Internal Server Error')])
    expect(logger.errors.map((args) => String(args[0]))).toEqual([
      'GET /always: finishing the response (after-request hooks, session) failed:',
      'GET /always: finishing the 500 failed too:',
    ])
  })

  it('makes an abort() in an after hook a 500, not its own status', async () => {
    const { app } = createApp(() => abort(403))
    const served = await serve(app)
    const res = await served.fetch('/fails')
    expect(res.status).toBe(500)
    await res.body?.cancel()
  })
})

describe.each(gateways)('what a before hook returns, through $name', (gateway) => {
  const serve = useGateway(gateway)

  it('goes on after undefined or null (Flask: None), and makes false a logged 500', async () => {
    const logger = recordingLogger()
    const app = new App({ logger })
    app.beforeRequest((req) => {
      const kind = req.query.get('kind')
      if (kind === 'null') return null
      // The usual slip: `cond && redirect(…)` with a false condition.
      if (kind === 'false') return req.query.has('login') && 'go and log in'
      return undefined
    })
    app.get('/', () => 'the view')
    const served = await serve(app)
    for (const kind of ['undefined', 'null']) {
      const res = await served.fetch(`/?kind=${kind}`)
      expect([kind, res.status, await res.text()]).toEqual([kind, 200, 'the view'])
    }
    const slip = await served.fetch('/?kind=false')
    expect(slip.status).toBe(500)
    await slip.body?.cancel()
    expect(String(logger.errors[0]?.[1])).toContain('a before-request hook returned false for GET /')
    expect(await (await served.fetch('/?kind=false&login')).text()).toBe('go and log in')
  })
})
