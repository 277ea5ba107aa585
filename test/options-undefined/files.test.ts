// File options passed as `undefined` keep their defaults: `sendFile`, `sendFromDirectory`,
// `serveStatic`, `createTemplates`, `render` and `contextProcessor`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { App, flash, PhialError } from 'phial'
import { createTemplates, type RenderOptions, type TemplatesOptions } from 'phial/eta'
import {
  type SendFileOptions,
  type StaticOptions,
  sendFile,
  sendFromDirectory,
  serveStatic,
} from 'phial/static'
import { afterAll, describe, expect, it } from 'vitest'
import { eachUnset, type Unset } from './_unset.ts'

const dir = mkdtempSync(join(tmpdir(), 'phial-unset-'))
mkdirSync(join(dir, 'static'))
mkdirSync(join(dir, 'templates'))
writeFileSync(join(dir, 'static', 'hello.txt'), 'hello, file')
writeFileSync(join(dir, 'templates', 'hello.eta'), 'Hello, <%= it.name %>!')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('sendFile options passed as undefined', () => {
  const send: Unset<SendFileOptions> = {
    contentType: undefined,
    asAttachment: undefined,
    downloadName: undefined,
    maxAge: undefined,
    conditional: undefined,
  }
  const rows = new Map(eachUnset(send))
  // A config max-age shows that `maxAge: undefined` falls back to it, as an absent maxAge does.
  const app = new App({ sendFileMaxAge: 60 })
  app.get('/file', (req) =>
    sendFile(req, join(dir, 'static', 'hello.txt'), rows.get(req.query.get('option') ?? '')),
  )
  app.get('/dir', (req) =>
    sendFromDirectory(req, join(dir, 'static'), 'hello.txt', rows.get(req.query.get('option') ?? '')),
  )

  describe.each(['/file', '/dir'])('%s', (path) => {
    it.each([...rows.keys()])(
      'with %s undefined sends the file inline, cached by the config, conditionally',
      async (key) => {
        const res = await app.request(`${path}?option=${key}`)
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
        expect(res.headers.get('content-disposition')).toBeNull()
        expect(res.headers.get('cache-control')).toBe('public, max-age=60')
        expect(res.headers.get('accept-ranges')).toBe('bytes')
        expect(await res.text()).toBe('hello, file')
        const etag = res.headers.get('etag') ?? ''
        expect(etag).not.toBe('')
        const fresh = await app.request(`${path}?option=${key}`, { headers: { 'if-none-match': etag } })
        expect(fresh.status).toBe(304)
        const range = await app.request(`${path}?option=${key}`, { headers: { range: 'bytes=0-4' } })
        expect(range.status).toBe(206)
        expect(range.headers.get('content-range')).toBe('bytes 0-4/11')
        expect(await range.text()).toBe('hello')
      },
    )
  })
})

describe('serveStatic options passed as undefined', () => {
  const serving: Unset<StaticOptions> = {
    root: undefined,
    folder: undefined,
    urlPath: undefined,
    endpoint: undefined,
    maxAge: undefined,
  }
  const { root: _, ...withRoot } = serving

  it.each(eachUnset(withRoot))(
    'with %s undefined serves ./static at /static as "static"',
    async (_, options) => {
      const app = new App({ sendFileMaxAge: 60 })
      serveStatic(app, { root: dir, ...options })
      const res = await app.request('/static/hello.txt')
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
      expect(res.headers.get('cache-control')).toBe('public, max-age=60')
      expect(await res.text()).toBe('hello, file')
      expect(app.urlFor('static', { filename: 'hello.txt' })).toBe('/static/hello.txt')
    },
  )

  it('refuses a relative folder without a root, as when root is absent', () => {
    const message =
      'serveStatic: the folder "static" is relative; pass { root: import.meta.dirname } or an absolute folder'
    expect(() => serveStatic(new App())).toThrow(new PhialError(message))
    for (const [, options] of eachUnset(serving))
      expect(() => serveStatic(new App(), options)).toThrow(new PhialError(message))
  })
})

describe('template options passed as undefined', () => {
  const templates: Unset<TemplatesOptions> = {
    root: undefined,
    folder: undefined,
    blueprints: undefined,
    templates: undefined,
    globals: undefined,
    autoReload: undefined,
    getFlashedMessages: undefined,
  }
  const render: Unset<RenderOptions> = { status: undefined, headers: undefined }
  const { root: _root, ...withRoot } = templates
  const { templates: _map, ...withMap } = templates

  /** Renders hello.eta with each RenderOptions row: 200, HTML, the greeting. */
  async function expectRendered(options: TemplatesOptions): Promise<void> {
    const app = new App()
    const renderer = createTemplates(options)
    const rows = new Map(eachUnset(render))
    app.get('/', (req) =>
      renderer.render(req, 'hello.eta', { name: 'Ada' }, rows.get(req.query.get('option') ?? '')),
    )
    app.get('/string', (req) =>
      renderer.renderString(
        req,
        'Hi <%= it.name %>',
        { name: 'Bo' },
        rows.get(req.query.get('option') ?? ''),
      ),
    )
    for (const key of rows.keys()) {
      const res = await app.request(`/?option=${key}`)
      expect(res.status, key).toBe(200)
      expect(res.headers.get('content-type'), key).toBe('text/html; charset=utf-8')
      expect(await res.text(), key).toBe('Hello, Ada!')
      const string = await app.request(`/string?option=${key}`)
      expect(string.status, key).toBe(200)
      expect(await string.text(), key).toBe('Hi Bo')
    }
  }

  it.each(eachUnset(withRoot))('from folders, with %s undefined, reads ./templates', async (_, options) => {
    await expectRendered({ root: dir, ...options })
  })

  it.each(eachUnset(withMap))('from a map, with %s undefined, reads the map', async (_, options) => {
    await expectRendered({ templates: { 'hello.eta': 'Hello, <%= it.name %>!' }, ...options })
  })

  it('refuses a relative folder without a root, as when root is absent', () => {
    const message =
      'createTemplates: the folder "templates" is relative; pass { root: import.meta.dirname } or an absolute folder'
    expect(() => createTemplates()).toThrow(new PhialError(message))
    expect(() => createTemplates(templates)).toThrow(new PhialError(message))
  })

  it('reloads as the app’s debug says when autoReload is undefined', async () => {
    const file = join(dir, 'templates', 'reload.eta')
    writeFileSync(file, 'v1')
    const renderer = createTemplates({ root: dir, autoReload: undefined })
    const app = new App({ debug: true })
    app.get('/', (req) => renderer.render(req, 'reload.eta'))
    expect(await (await app.request('/')).text()).toBe('v1')
    writeFileSync(file, 'v2')
    expect(await (await app.request('/')).text()).toBe('v2')
  })

  it('reads the flashed messages and runs every context processor when theirs are undefined', async () => {
    const renderer = createTemplates({
      templates: { 'page.eta': '<%= it.user %>: <%= it.getFlashedMessages().join(", ") %>' },
      getFlashedMessages: undefined,
    })
    renderer.contextProcessor(() => ({ user: 'ada' }), { blueprint: undefined })
    const app = new App({ secretKey: 'k'.repeat(32) })
    app.get('/flash', (req) => {
      flash(req, 'saved')
      return 'ok'
    })
    app.get('/', (req) => renderer.render(req, 'page.eta'))
    const client = app.testClient()
    await client.get('/flash')
    const res = await client.get('/')
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('ada: saved')
  })
})
