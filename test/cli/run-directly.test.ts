// The "run directly" check the examples end with (docs/cli.md): it holds in a folder whose path has a
// space and through a symlink, where `import.meta.url === \`file://${process.argv[1]}\`` was false
// and the example exited without serving.
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type Child, ROOT, startChild } from '../runtimes/_children.ts'

const dir = mkdtempSync(join(tmpdir(), 'phial-guard-'))
const starting: Array<Promise<Child<string>>> = []
afterAll(async () => {
  // Every child that started, even when another failed first.
  const settled = await Promise.allSettled(starting)
  await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.kill() : undefined)))
  rmSync(dir, { recursive: true, force: true })
})

describe('examples/runtimes/node.ts, run directly', () => {
  it('serves from a path with a space and through a symlink to it', async () => {
    const folder = join(dir, 'my app')
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }')
    mkdirSync(join(dir, 'node_modules'))
    symlinkSync(ROOT, join(dir, 'node_modules/phial'))
    cpSync(join(ROOT, 'examples/runtimes'), folder, {
      recursive: true,
      filter: (f) => !f.includes('workerd'),
    })
    symlinkSync(folder, join(dir, 'link'))
    const tsx = join(ROOT, 'node_modules/.bin/tsx')
    const start = (file: string) =>
      startChild<string>(tsx, ['--conditions=phial-source', file], {
        cwd: dir,
        env: { PORT: '0' },
        timeout: 15_000,
        match: (line) => /Running on (http:\/\/\S+) /.exec(line)?.[1],
      })
    starting.push(start(join(folder, 'node.ts')), start(join(dir, 'link/node.ts')))
    const started = await Promise.all(starting)
    for (const child of started) {
      const res = await fetch(`${child.report}/hello/ada`)
      expect([res.status, await res.json()]).toEqual([200, { hello: 'ada' }])
    }
  })
})
