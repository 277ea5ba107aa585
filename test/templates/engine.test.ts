import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { App, type FlashedMessagesOptions, flash, PhialError, type PhialRequest, redirect } from 'phial'
import { afterAll, describe, expect, it, vi } from 'vitest'
import {
  createTemplates,
  precompileTemplates,
  type TemplateFunction,
  TemplateNotFound,
} from '../../src/eta.ts'

const fixtures = join(import.meta.dirname, '_fixtures')
const src = join(import.meta.dirname, '../../src')
const temp: string[] = []
afterAll(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'phial-templates-'))
  temp.push(dir)
  return dir
}

/** The fixture templates as a name → source map, the way a build step would gather them. */
function fixtureSources(): Record<string, string> {
  const folder = join(fixtures, 'templates')
  const out: Record<string, string> = {}
  for (const name of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
    if (name.endsWith('.eta')) out[name.split('\\').join('/')] = readFileSync(join(folder, name), 'utf8')
  }
  return out
}

describe('reloading', () => {
  function setup(debug: boolean, autoReload?: boolean) {
    const root = tempDir()
    mkdirSync(join(root, 'templates'))
    writeFileSync(join(root, 'templates/v.eta'), 'version one')
    const app = new App({ debug })
    const templates = createTemplates(autoReload === undefined ? { root } : { root, autoReload })
    app.get('/', (req) => templates.render(req, 'v'))
    const edit = () => writeFileSync(join(root, 'templates/v.eta'), 'version two')
    return { app, edit }
  }

  it('caches compiled templates when debug is off', async () => {
    const { app, edit } = setup(false)
    expect(await (await app.request('/')).text()).toBe('version one')
    edit()
    expect(await (await app.request('/')).text()).toBe('version one')
  })

  it('re-reads templates on every render when debug is on', async () => {
    const { app, edit } = setup(true)
    expect(await (await app.request('/')).text()).toBe('version one')
    edit()
    expect(await (await app.request('/')).text()).toBe('version two')
  })

  it('lets autoReload override debug', async () => {
    const { app, edit } = setup(false, true)
    await (await app.request('/')).text()
    edit()
    expect(await (await app.request('/')).text()).toBe('version two')
  })
})

describe('the context', () => {
  it('gives templates the session and flashed messages, reading the session only when used', async () => {
    const app = new App()
    const flashes = vi.fn((_req: PhialRequest, options?: FlashedMessagesOptions) =>
      options?.withCategories === true ? [['info', 'Saved']] : ['Saved'],
    )
    const templates = createTemplates({ root: fixtures, getFlashedMessages: flashes })
    let reads = 0
    app.beforeRequest((req) => {
      Object.defineProperty(req, 'session', {
        get: () => {
          reads++
          return { user: 'ada' }
        },
      })
    })
    app.get('/with', (req) =>
      templates.renderString(
        req,
        '<%= it.session.user %> <%= it.getFlashedMessages().join() %> <%= it.getFlashedMessages({ withCategories: true })[0].join(":") %>',
      ),
    )
    app.get('/without', (req) => templates.renderString(req, 'plain'))
    expect(await (await app.request('/with')).text()).toBe('ada Saved info:Saved')
    expect(flashes).toHaveBeenCalledTimes(2)
    expect(reads).toBe(1)
    expect(await (await app.request('/without')).text()).toBe('plain')
    expect(reads).toBe(1)
  })

  it('lets values and context processors replace the session', async () => {
    const app = new App()
    const templates = createTemplates({ root: fixtures })
    app.get('/', (req) => templates.renderString(req, '<%= it.session %>', { session: 'given' }))
    expect(await (await app.request('/')).text()).toBe('given')
  })

  it('shows messages flashed by the previous request, once', async () => {
    const app = new App({ secretKey: 'test secret key for templates' })
    const templates = createTemplates({ root: fixtures })
    app.post('/save', (req) => {
      flash(req, 'Saved <1> post.', 'success')
      return redirect('/')
    })
    app.get('/', (req) =>
      templates.renderString(
        req,
        '<% for (const [c, m] of it.getFlashedMessages({ withCategories: true })) { %><p class="<%= c %>"><%= m %></p><% } %>|<%= it.getFlashedMessages().length %>',
      ),
    )
    const client = app.testClient()
    const res = await client.post('/save', { followRedirects: true })
    expect(await res.text()).toBe('<p class="success">Saved &lt;1&gt; post.</p>|1')
    expect(await (await client.get('/')).text()).toBe('|0')
  })

  it('varies on Cookie only when a template reads the session, layouts and partials included', async () => {
    const app = new App({ secretKey: 'test secret key for templates' })
    const templates = createTemplates({ root: fixtures })
    app.get('/page', (req) => templates.render(req, 'page.eta', { title: 't', items: ['a'] }))
    app.get('/reads', (req) => templates.renderString(req, '<%= it.session.get("user") ?? "nobody" %>'))
    const page = await app.request('/page')
    expect(await page.text()).toContain('<li>a</li>')
    expect(page.headers.get('vary') ?? '').not.toMatch(/cookie/i)
    const reads = await app.request('/reads')
    expect(await reads.text()).toBe('nobody')
    expect(reads.headers.get('vary')).toMatch(/cookie/i)
  })

  it('never lets values change how eta renders: __blocks is dropped, __proto__ is a plain key', async () => {
    const app = new App()
    const templates = createTemplates({ root: fixtures })
    app.post('/', async (req) => {
      const values = JSON.parse(await req.text()) as Record<string, unknown>
      return templates.renderString(req, "[<%~ block('content') %>]<%= typeof it.polluted %>", values)
    })
    const res = await app.request('/', {
      method: 'POST',
      body: '{"__blocks": {"content": "<script>x</script>"}, "__proto__": {"polluted": true}}',
    })
    expect(await res.text()).toBe('[]undefined')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('templates loaded ahead of time (Workers)', () => {
  it('renders precompiled functions, layouts and partials included, without new Function', async () => {
    const dir = tempDir()
    const file = join(dir, 'templates.gen.mjs')
    writeFileSync(file, precompileTemplates(fixtureSources()))
    const { default: compiled } = (await import(pathToFileURL(file).href)) as {
      default: Record<string, TemplateFunction>
    }
    const app = new App()
    const templates = createTemplates({ templates: compiled })
    app.get('/', (req) => templates.render(req, 'page.eta', { title: 'A & B', items: ['<x>'] }))
    // Workers refuse code generation from strings; so does this test while it renders.
    const RealFunction = globalThis.Function
    vi.stubGlobal('Function', function Refused() {
      throw new EvalError('Code generation from strings disallowed for this context')
    })
    try {
      const body = await (await app.request('/')).text()
      expect(body).toBe(
        '<!doctype html>\n<title>A &amp; B</title>\n<main><h1>A &amp; B</h1>\n<ul>\n<li>&lt;x&gt;</li>\n</ul>\n</main>\n',
      )
    } finally {
      vi.unstubAllGlobals()
    }
    expect(globalThis.Function).toBe(RealFunction)
  })

  it('renders a map of sources', async () => {
    const app = new App()
    const templates = createTemplates({
      templates: { 'a.eta': '<%~ include("b") %>!', './b.eta': '<%= it.x %>' },
    })
    app.get('/', (req) => templates.render(req, 'a', { x: '<y>' }))
    expect(await (await app.request('/')).text()).toBe('&lt;y&gt;!')
  })

  it('refuses names outside the map, prototype keys included', async () => {
    const app = new App()
    const templates = createTemplates({ templates: { 'a.eta': 'a' } })
    const refused: string[] = []
    app.errorHandler(TemplateNotFound, (e: TemplateNotFound) => {
      refused.push(e.template)
      return html404()
    })
    app.get('/', (req) => templates.render(req, req.header('x-name') ?? ''))
    const names = ['../a.eta', 'constructor', '__proto__', 'toString', '@a', '/a.eta', 'b.eta']
    for (const name of names) {
      const res = await app.request('/', { headers: { 'x-name': name } })
      expect(res.status, name).toBe(404)
    }
    expect(refused).toEqual(names)
  })
})

describe('setup', () => {
  it('needs a root for a relative folder, and one source of templates', () => {
    expect(() => createTemplates({ folder: 'templates' })).toThrow(/pass \{ root: import.meta.dirname \}/)
    expect(() => createTemplates({ root: fixtures, templates: {} })).toThrow(PhialError)
    expect(() => createTemplates({ templates: { '../x.eta': 'x' } })).toThrow(/not a safe relative name/)
  })

  it('keeps eta out of phial and node:fs out of phial/eta', () => {
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))
    for (const file of files) {
      const code = readFileSync(join(src, file), 'utf8')
      const isEta = file === 'eta.ts' || file.startsWith('templates')
      if (!isEta) expect(code, file).not.toMatch(/from 'eta/)
      // phial/eta reaches the file system through process.getBuiltinModule, never an import.
      if (isEta) expect(code, file).not.toMatch(/^import (?!type)[^\n]*'node:/m)
    }
  })
})

function html404() {
  return new Response('not found', { status: 404 })
}
