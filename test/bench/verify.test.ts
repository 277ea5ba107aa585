// The HTTP bench refuses to time servers that do different work: raw's echo must answer bad bodies
// exactly as phial's `req.json()` does, or `verify` throws before any timing.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
// @ts-expect-error a plain .mjs bench module, no types
import { BAD_ECHOES, verify } from '../../bench/http/_servers.mjs'
import { toNodeListener } from '../../src/adapters/node.ts'
import { App } from '../../src/index.ts'

const servers: Server[] = []
afterEach(() => {
  for (const s of servers.splice(0)) s.close()
})

async function serve(listener: Parameters<typeof createServer>[1]): Promise<number> {
  const server = createServer(listener)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

function phialEcho(): Promise<number> {
  const app = new App()
  app.post('/echo', async (req) => await req.json())
  return serve(toNodeListener(app))
}

// An echo that trusts its input: parses what it can, never refuses a type or a size.
function bareEcho(): Promise<number> {
  return serve((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      let body: string
      try {
        body = JSON.stringify(JSON.parse(Buffer.concat(chunks).toString()))
      } catch {
        body = 'null'
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body)
    })
  })
}

describe('bench/http verify: the same work on bad input', () => {
  it('lists every refusal phial makes, with its status', () => {
    expect(BAD_ECHOES.map((b: { status: number }) => b.status)).toEqual([415, 400, 400, 400, 400, 413])
  })

  it('passes phial beside itself', async () => {
    const port = await phialEcho()
    await expect(verify([{ name: 'phial', port }], ['echo'])).resolves.toBeUndefined()
  })

  it('refuses a raw echo that does less work, naming each bad body', async () => {
    const [phial, raw] = [await phialEcho(), await bareEcho()]
    const error: Error = await verify(
      [
        { name: 'phial', port: phial },
        { name: 'raw', port: raw },
      ],
      ['echo'],
    ).catch((e: Error) => e)
    expect(error).toBeInstanceOf(Error)
    expect(error.message).toContain('echo raw, not JSON: status 200, want 415')
    expect(error.message).toContain('echo raw, over 1 MiB: status 200, want 413')
    expect(error.message).not.toContain('echo phial')
  })
})
