// The phial command as a process (bin/phial.mjs over a bundle of src/, see _package.ts), for what only
// a process shows: how plain Node loads a TypeScript app through tsx, and when the command ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPackage, createProject, startPhial } from './_package.ts'

const running = /Running on (http:\/\/\S+?)\/ /

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
})
