// The built package, as a user installs it: `npm run build` bundles src/ into a few files in dist/
// (.ci/bundle.mjs). The rest of the suite runs the TypeScript sources, so this is what checks that the
// bundles link, share one copy of every class, keep node:* out of what Workers load, and still serve.
import { execFile } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { build } from 'esbuild'
import { beforeAll, describe, expect, it } from 'vitest'

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
    for (const file of ['core.js', 'index.js', 'adapters/no-node.js']) {
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
        // multipasta is imported on the first multipart body; from the bundle it must still resolve.
        form: { status: 200, type: 'application/json', body: '{"name":"Ada","file":"file body"}' },
        badForm: {
          status: 400,
          type: html,
          body: page(400, 'Bad Request', 'A multipart part has malformed headers.'),
        },
      },
      staticError: true,
      listener: 'function',
    })
  }, 30_000)

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
