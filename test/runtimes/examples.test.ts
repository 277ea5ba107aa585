import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildWorker } from '../../examples/runtimes/workerd/build.ts'
import { binaryOf, type Child, ROOT, startChild } from './_children.ts'

// examples/runtimes: the commands the README lists (npm run example:*), each started for real.
const running = /Running on (http:\/\/\S+) /
const started = (line: string) => running.exec(line)?.[1]

const children: Array<Child<unknown>> = []
afterAll(async () => {
  await Promise.all(children.map((child) => child.kill()))
})

async function check(base: string) {
  const home = await fetch(`${base}/`)
  expect([home.status, await home.text()]).toEqual([200, '<h1>Hello from phial</h1>'])
  expect(await (await fetch(`${base}/hello/ada`)).json()).toEqual({ hello: 'ada' })
  const echo = await fetch(`${base}/echo`, {
    method: 'POST',
    body: '{"a":1}',
    headers: { 'content-type': 'application/json' },
  })
  expect([echo.status, await echo.json()]).toEqual([201, { a: 1 }])
}

const PORT0 = { env: { PORT: '0' }, match: started }

describe('examples/runtimes', () => {
  it('starts on Node with tsx', async () => {
    const tsx = join(ROOT, 'node_modules/.bin/tsx')
    const child = await startChild<string>(
      tsx,
      ['--conditions=phial-source', 'examples/runtimes/node.ts'],
      PORT0,
    )
    children.push(child)
    await check(child.report)
  })

  it('starts on Bun', async () => {
    const child = await startChild<string>(
      binaryOf('bun'),
      ['--conditions=phial-source', 'examples/runtimes/bun.ts'],
      PORT0,
    )
    children.push(child)
    await check(child.report)
  })

  it('starts on Deno', async () => {
    const args = ['run', '--allow-net', '--allow-env', '--allow-read', '--conditions=phial-source']
    const child = await startChild<string>(binaryOf('deno'), [...args, 'examples/runtimes/deno.ts'], PORT0)
    children.push(child)
    await check(child.report)
  })

  it('builds a Worker and starts on workerd with the text binding', async () => {
    const dir = join(ROOT, 'examples/runtimes/workerd')
    await buildWorker(join(dir, 'worker.ts'), join(dir, 'dist/worker.js'))
    const args = ['serve', 'config.capnp', '--socket-addr=http=127.0.0.1:0', '--control-fd=3']
    const child = await startChild<{ port: number }>(binaryOf('workerd'), args, { cwd: dir, reportFd: 3 })
    children.push(child)
    const base = `http://127.0.0.1:${child.report.port}`
    await check(base)
    expect(await (await fetch(`${base}/env`)).json()).toEqual({ greeting: 'hello from a text binding' })
  })
})
