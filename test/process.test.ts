// Behaviour that only a fresh process can show: Node flags, and what phial loads at import. Each test
// runs a fixture under tsx in a child process and reads the JSON line it prints.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

async function runFixture(...args: string[]): Promise<string> {
  const file = args.pop() as string
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...args, '--import', 'tsx', '--conditions=phial-source', file],
    { cwd: fileURLToPath(new URL('..', import.meta.url)), timeout: 30_000 },
  )
  return stdout
}

describe('a fresh process', () => {
  it('answers a 4xx under frozen intrinsics, where the stack limit cannot be lowered', async () => {
    const stdout = await runFixture('--frozen-intrinsics', 'test/_frozen-intrinsics.ts')
    expect(JSON.parse(stdout)).toEqual({ status: 400, writable: false, stacked: true })
  }, 30_000)

  it('serves strings, JSON, headers and bodies on node:http without loading undici', async () => {
    // The first read of the `Headers` or `Response` global loads undici with http2, tls and crypto
    // behind it: 30 ms of import and 2.6 MB of heap that an app which never builds one should not pay.
    const stdout = await runFixture('test/_no-undici.ts')
    expect(JSON.parse(stdout)).toEqual({ statuses: [200, 200, 201, 200, 404, 400], undici: false })
  }, 30_000)
})
