// The built package, as a user installs it: `npm run build` bundles src/ into a few files in dist/
// (.ci/bundle.mjs). The rest of the suite runs the TypeScript sources, so this is what checks that the
// bundles link, share one copy of every class, keep node:* out of what Workers load, and still serve.
import { execFile } from 'node:child_process'
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { build } from 'esbuild'
import { beforeAll, describe, expect, it } from 'vitest'
import { binaryOf } from './runtimes/_children.ts'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
const dist = join(root, 'dist')
const MINUTE = 60_000

const page = (status: number, title: string, message: string) =>
  `<!doctype html>\n<html lang="en">\n<title>${status} ${title}</title>\n<h1>${title}</h1>\n<p>${message}</p>\n</html>\n`

describe('the built package (dist/)', () => {
  beforeAll(async () => {
    await run('npm', ['run', '--silent', 'build'], { cwd: root, timeout: 2 * MINUTE })
  }, 2 * MINUTE)

  it('is one module per entry point plus core.js, and what Workers load imports no node:*', () => {
    const modules = readdirSync(dist, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.js'))
      .sort()
    expect(modules).toEqual([
      'adapters/no-node.js',
      'adapters/node.js',
      'cache.js',
      'cli.js',
      'core.js',
      'eta.js',
      'index.js',
      'static.js',
    ])
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
    for (const target of Object.values(pkg.exports) as Array<string | { default: string }>) {
      if (typeof target === 'string') continue // ./package.json
      expect(modules).toContain(target.default.replace('./dist/', ''))
    }
    // @internal members (adapters' `handle`, `assertOpen`, …) stay out of users' autocomplete.
    for (const file of ['app.d.ts', 'scaffold.d.ts', 'request.d.ts', 'blueprint.d.ts']) {
      expect(readFileSync(join(dist, file), 'utf8'), file).not.toMatch(/\b(assertOpen|useSession|addView)\b/)
    }
    for (const file of ['core.js', 'index.js', 'adapters/no-node.js', 'cache.js']) {
      expect(readFileSync(join(dist, file), 'utf8'), file).not.toMatch(/from ["']node:/)
    }
  })

  it('serves through every entry point with plain node, one class per name', async () => {
    const { stdout } = await run(process.execPath, ['test/_package.mjs'], { cwd: root, timeout: 30_000 })
    const out = JSON.parse(stdout.trim().split('\n').at(-1) as string)
    const html = 'text/html; charset=utf-8'
    expect(out).toEqual({
      results: {
        user: { status: 200, type: 'application/json', body: '{"id":42}' },
        identity: { status: 200, type: 'application/json', body: '{"phialRequest":true,"nodeRequest":true}' },
        teapot: { status: 418, type: html, body: page(418, 'Error 418', 'HTTP 418') },
        page: { status: 200, type: html, body: '<p>a &lt; b</p>' },
        missing: {
          status: 404,
          type: html,
          body: page(404, 'Not Found', 'The requested URL was not found on the server.'),
        },
        file: { status: 200, type: 'text/plain; charset=utf-8', body: 'hello from a file\n' },
        cached: { status: 200, type: 'application/json', body: '{"built":1}' },
        // multipasta is imported on the first multipart body; from the bundle it must still resolve.
        form: { status: 200, type: 'application/json', body: '{"name":"Ada","file":"file body"}' },
        badForm: {
          status: 400,
          type: html,
          body: page(
            400,
            'Bad Request',
            'A multipart part has malformed headers: each must be a &quot;Name: value&quot; line ending with CRLF.',
          ),
        },
      },
      staticError: true,
      listener: 'function',
    })
  }, 30_000)

  it(
    'gives a consumer typed params and every entry point from dist/*.d.ts, without the phial-source condition',
    async () => {
      // A project of its own in a temporary folder, phial linked in as an installed package would be.
      const dir = mkdtempSync(join(tmpdir(), 'phial-consumer-'))
      try {
        mkdirSync(join(dir, 'node_modules'))
        symlinkSync(root, join(dir, 'node_modules', 'phial'))
        symlinkSync(join(root, 'node_modules', '@types'), join(dir, 'node_modules', '@types'))
        writeFileSync(join(dir, 'package.json'), '{"type":"module"}')
        const base = { strict: true, noEmit: true, target: 'ES2022', types: ['node'] }
        // The tsconfigs users have: NodeNext with the DOM lib; a Node-only lib with the declarations
        // checked (no `BodyInit` there); CommonJS, whose node10 resolution reads `types` and
        // `typesVersions`, not the exports map (skipLibCheck, as eta's own types need exports).
        const configs = {
          'tsconfig.json': { ...base, module: 'NodeNext', lib: ['ES2023', 'DOM'] },
          'tsconfig.node-lib.json': { ...base, module: 'NodeNext', lib: ['ES2023'], skipLibCheck: false },
          'tsconfig.commonjs.json': {
            ...base,
            module: 'CommonJS',
            esModuleInterop: true,
            skipLibCheck: true,
          },
        }
        for (const [file, compilerOptions] of Object.entries(configs))
          writeFileSync(join(dir, file), JSON.stringify({ compilerOptions, files: ['app.ts'] }))
        const app = [
          "import { App } from 'phial'",
          "import { createTemplates } from 'phial/eta'",
          "import { toNodeListener } from 'phial/node'",
          "import { serveStatic } from 'phial/static'",
          "import { Cache, RedisStore } from 'phial/cache'",
          'const app = new App()',
          "app.get('/user/<int:id>', (req) => ({ next: req.params.id + 1 }))",
          "serveStatic(app, { root: '.' })",
          'const cache = new Cache({ store: new RedisStore({ sendCommand: async () => null }) })',
          "app.get('/cached/<int:n>', cache.cached((req: import('phial').PhialRequest<{ n: number }>) => req.params.n + 1))",
          "const templates = createTemplates({ templates: { page: 'x' } })",
          "app.get('/page', (req) => templates.render(req, 'page'))",
          "app.testClient().post('/user/1', { body: new Uint8Array(1) })",
          'export const listener = toNodeListener(app)',
        ]
        writeFileSync(join(dir, 'app.ts'), app.join('\n'))
        const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
        const check = (config: string) =>
          run(process.execPath, [tsc, '-p', join(dir, config)], { timeout: MINUTE }).then(
            () => 'compiles',
            (e) => String(e.stdout),
          )
        for (const config of Object.keys(configs)) expect(await check(config), config).toBe('compiles')
        // And the types still bite: `<int:id>` is a number, so reading it as a string must not compile.
        const wrong = "app.get('/n/<int:id>', (req) => { const id: string = req.params.id; return id })"
        writeFileSync(join(dir, 'app.ts'), [...app, wrong].join('\n'))
        for (const config of Object.keys(configs)) {
          expect(await check(config), config).toMatch(
            new RegExp(
              `app\\.ts\\(${app.length + 1},\\d+\\): error TS2322: Type 'number' is not assignable to type 'string'`,
            ),
          )
        }
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
    2 * MINUTE,
  )

  it("runs the phial command: TypeScript through the project's tsx, JavaScript with plain node", async () => {
    const bin = join(root, 'bin', 'phial.mjs')
    const ts = await run(process.execPath, [bin, 'routes', '--app', 'examples/hello.ts'], { cwd: root })
    expect(ts.stdout.split('\n').slice(0, 3)).toEqual([
      'Endpoint             Methods  Rule',
      '-------------------  -------  ---------------',
      'GET /                GET      /',
    ])
    // A project of its own with no tsx: app.mjs is found and listed, app.ts is refused with the fix.
    const dir = mkdtempSync(join(tmpdir(), 'phial-cli-'))
    try {
      mkdirSync(join(dir, 'node_modules'))
      symlinkSync(root, join(dir, 'node_modules', 'phial'))
      writeFileSync(join(dir, 'package.json'), '{"type":"module"}')
      const source =
        "import { App } from 'phial'\nexport const app = new App()\napp.get('/', function home() { return 'hi' })\n"
      writeFileSync(join(dir, 'app.mjs'), source)
      const js = await run(process.execPath, [bin, 'routes'], { cwd: dir })
      expect(js.stdout.trim().split('\n').at(-1)).toBe('home      GET      /')
      writeFileSync(join(dir, 'typed.ts'), source)
      const refused = await run(process.execPath, [bin, 'routes', '--app', 'typed.ts'], { cwd: dir }).catch(
        (e) => e,
      )
      expect(refused.code).toBe(2)
      expect(refused.stderr).toContain(
        'Error: typed.ts is TypeScript, which this Node cannot import by itself: npm install --save-dev tsx',
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 30_000)

  it('stops quietly when the reader of its output has gone (phial routes | head)', async () => {
    const command = `set -o pipefail; "${process.execPath}" bin/phial.mjs routes --app examples/blueprints/app.ts | true`
    const piped = await run('bash', ['-c', command], { cwd: root, timeout: 30_000 })
    expect(piped.stderr).toBe('')
  }, 30_000)

  it(
    'runs the phial command on Bun and Deno, which import the TypeScript app themselves',
    async () => {
      const bin = join(root, 'bin', 'phial.mjs')
      const args = ['routes', '--app', 'examples/blueprints/app.ts', '--sort', 'rule']
      const bun = await run(binaryOf('bun'), [bin, ...args], { cwd: root, timeout: MINUTE })
      const deno = await run(binaryOf('deno'), ['run', '-A', bin, ...args], { cwd: root, timeout: MINUTE })
      for (const { stdout } of [bun, deno]) {
        expect(stdout.trim().split('\n').slice(2)).toEqual([
          'site.index       GET       /',
          'admin.dashboard  GET       /admin/',
          'api.v1.list      GET       /api/v1/posts',
          'api.v1.post      GET, PUT  /api/v1/posts/<int:id>',
          'site.post        GET       /posts/<int:id>',
        ])
      }
    },
    MINUTE,
  )

  it('bundles for Workers from dist/ with the #node-serve stub and no node:* import', async () => {
    const result = await build({
      stdin: {
        contents:
          "import { App } from 'phial'\nconst app = new App()\napp.get('/', () => 'hi')\nexport default app\n",
        resolveDir: root,
      },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      conditions: ['workerd', 'worker'],
      mainFields: ['module', 'main'],
      external: ['node:*'],
      logLevel: 'silent',
    })
    const code = result.outputFiles[0]?.text ?? ''
    expect(code).toContain('app.listen() needs Node, Bun or Deno')
    expect(code).not.toMatch(/from ["']node:|import\(["']node:/)
    expect(code).not.toContain('createServer')
  })
})
