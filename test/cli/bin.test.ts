// The phial command as a process (bin/phial.mjs over a bundle of src/, see _package.ts), for what only
// a process shows: how plain Node loads a TypeScript app through tsx, and when the command ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPackage, createProject, startPhial } from './_package.ts'

const running = /Running on (http:\/\/\S+) /

let pkg: Awaited<ReturnType<typeof createPackage>>
beforeAll(async () => {
  pkg = await createPackage()
})
afterAll(() => pkg.remove())

const app = (body: string) => `import { App } from 'phial'\n\nexport const app = new App()\n${body}\n`

describe('phial, run as a process', () => {
  it('loads a TypeScript app in a "type": "commonjs" package, where tsx compiles it to CommonJS', async () => {
    const project = createProject(pkg.dir, 'commonjs', {
      'package.json': '{ "type": "commonjs" }',
      'app.ts': app("app.get('/', function home() {\n  return 'hi from CommonJS'\n})"),
      'default.ts':
        "import { App } from 'phial'\n\nconst app = new App()\napp.post('/hook', function hook() {\n  return ''\n})\nexport default app\n",
    })
    const named = await startPhial(project, ['routes']).ended
    expect([named.code, named.stderr]).toEqual([0, ''])
    expect(named.stdout.trim().split('\n').at(-1)).toBe('home      GET      /')
    const byDefault = await startPhial(project, ['routes', '--app', 'default.ts']).ended
    expect([byDefault.code, byDefault.stdout.trim().split('\n').at(-1)]).toEqual([
      0,
      'hook      POST     /hook',
    ])

    const served = startPhial(project, ['run', '--port', '0'])
    const [, url] = await served.waitFor(running)
    const res = await fetch(`${url}/`)
    expect([res.status, await res.text()]).toEqual([200, 'hi from CommonJS'])
    served.child.kill('SIGINT')
    const ended = await served.ended
    expect([ended.code, ended.signal, ended.stderr]).toEqual([0, null, ''])
  })

  it('ends once the routes are printed, though the module calls app.listen() and leaves a timer', async () => {
    const project = createProject(pkg.dir, 'listens', {
      'package.json': '{ "type": "module" }',
      'app.ts': app(
        "app.get('/', function home() {\n  return 'hello'\n})\nsetInterval(() => {}, 60_000)\nawait app.listen(8000)",
      ),
    })
    const routes = await startPhial(project, ['routes']).ended
    expect([routes.code, routes.signal]).toEqual([0, null])
    expect(routes.stdout.trim().split('\n').at(-1)).toBe('home      GET      /')
    expect(routes.stderr.split('\n')[0]).toBe(
      " * Ignoring a call to app.listen() under the 'phial routes' command, which starts no server.",
    )

    // `phial run` serves it on its own port, and the first SIGTERM closes the server and ends it.
    const served = startPhial(project, ['run', '--port', '0'])
    const [, url] = await served.waitFor(running)
    const res = await fetch(`${url}/`)
    expect([res.status, await res.text()]).toEqual([200, 'hello'])
    served.child.kill('SIGTERM')
    const ended = await served.ended
    expect([ended.code, ended.signal]).toEqual([0, null])
    expect(ended.stdout.match(/Running on/g)).toHaveLength(1)
  })

  it('ends at the first Ctrl+C while the app is still loading, as no server waits on it', async () => {
    const project = createProject(pkg.dir, 'loading', {
      'package.json': '{ "type": "module" }',
      'app.ts': app("console.log('loading')\nawait new Promise(() => setInterval(() => {}, 60_000))"),
    })
    for (const args of [['routes'], ['run', '--port', '0']]) {
      const loading = startPhial(project, args)
      await loading.waitFor(/loading/)
      loading.child.kill('SIGINT')
      const ended = await loading.ended
      expect([args[0], ended.code, ended.signal]).toEqual([args[0], null, 'SIGINT'])
    }
  })
})
