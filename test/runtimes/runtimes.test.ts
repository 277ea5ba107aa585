import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Gateway, gateways, type Served } from './_gateways.ts'

// What the matrix cannot say with one table: Workers bindings and waitUntil, and app.listen()
// picking the runtime's own server on Bun and Deno.
const gateway = (name: string) => gateways.find((g) => g.name === name) as Gateway

function started(name: string): () => Served {
  let served: Served | undefined
  let failed: unknown
  // As in matrix.test.ts: a runtime that cannot start fails each test with the reason, never skips.
  beforeAll(async () => {
    served = await gateway(name)
      .start()
      .catch((error: unknown) => {
        failed = error
        return undefined
      })
  }, 60_000)
  afterAll(async () => {
    await served?.close()
  })
  return () => {
    if (served === undefined) throw failed
    return served
  }
}

describe('the Workers bundle', () => {
  it('imports no node:* module, so workerd needs no nodejs_compat', async () => {
    const { mkdtemp, readFile, rm } = await import('node:fs/promises')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const { buildWorker } = await import('../../examples/runtimes/workerd/build.ts')
    const dir = await mkdtemp(join(tmpdir(), 'phial-bundle-'))
    const out = join(dir, 'worker.js')
    await buildWorker(new URL('./worker-entry.ts', import.meta.url).pathname, out)
    const code = await readFile(out, 'utf8')
    await rm(dir, { recursive: true, force: true })
    expect(code).toContain('app.listen() needs Node, Bun or Deno')
    expect(code.match(/from\s*["']node:[^"']+["']|import\(\s*["']node:/g) ?? []).toEqual([])
  })
})

describe('the precompiled templates', () => {
  it('match their sources (regenerate with npx tsx --conditions=phial-source test/runtimes/_templates.ts)', async () => {
    const { readFile } = await import('node:fs/promises')
    const { precompileTemplates } = await import('phial/eta')
    const { TEMPLATE_SOURCES } = await import('./_templates.ts')
    const committed = await readFile(new URL('./_templates.gen.js', import.meta.url), 'utf8')
    expect(committed).toBe(precompileTemplates(TEMPLATE_SOURCES))
  })
})

describe('workerd', () => {
  const served = started('workerd')

  it('hands the bindings to the handler as req.env and the ExecutionContext as req.ctx', async () => {
    const res = await served().fetch('/env')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ greeting: 'hello from a text binding', waitUntil: 'function' })
  })

  it('runs work passed to req.ctx.waitUntil after the response is sent', async () => {
    const res = await served().fetch('/later/w1')
    expect(await res.json()).toEqual({ scheduled: true })
    // The promise settles 100 ms after the response; a later request sees what it did.
    let value: unknown = null
    for (let i = 0; i < 40 && value === null; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      value = ((await (await served().fetch('/later-seen/w1')).json()) as { value: unknown }).value
    }
    expect(value).toBe('done after the response')
  })
})

describe.each(['Bun', 'Deno'])('app.listen() on %s', (name) => {
  const served = started(name)

  it("serves with the runtime's own server and the fetch adapter", async () => {
    const { listen } = served().report!
    expect(listen.url).toBe(`http://127.0.0.1:${listen.port}`)
    const res = await fetch(`${listen.url}/info`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      runtime: expect.stringMatching(name === 'Bun' ? /^bun \d/ : /^deno \d/),
      adapter: 'fetch',
      ip: '127.0.0.1',
    })
  })

  it('closes the server with handle.close()', async () => {
    const { closed } = served().report!
    await expect(fetch(`http://127.0.0.1:${closed}/`)).rejects.toThrow()
  })

  it('sees no Workers bindings: req.env is empty and req.ctx undefined', async () => {
    expect(await (await served().fetch('/env')).json()).toEqual({ greeting: null, waitUntil: 'undefined' })
  })
})
