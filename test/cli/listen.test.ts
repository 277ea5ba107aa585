// app.listen() outside the phial command: a server that cannot start is a PhialError with the sentence
// `phial run` prints, not a bare system error. test/cli/cli.test.ts has the command's own.
import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { App, PhialError } from '../../src/index.ts'

describe('app.listen()', () => {
  it('rejects a port in use with a PhialError naming the port and the fix, the system error as cause', async () => {
    const busy = createServer()
    await new Promise<void>((done) => busy.listen(0, '127.0.0.1', done))
    const { port } = busy.address() as { port: number }
    try {
      const error = await new App().listen(port).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(PhialError)
      expect(error).toMatchObject({
        message: `app.listen(): port ${port} on 127.0.0.1 is in use: stop the other server or pick another port`,
        code: 'EADDRINUSE',
        cause: { code: 'EADDRINUSE', syscall: 'listen' },
      })
    } finally {
      busy.close()
    }
  })

  it('rejects a host that is not an address of this machine likewise', async () => {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737), assigned to no machine.
    const error = await new App().listen(0, '192.0.2.1').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PhialError)
    expect(error).toMatchObject({
      message: 'app.listen(): cannot listen on 192.0.2.1: it is not an address of this machine',
      code: 'EADDRNOTAVAIL',
    })
  })

  it('logs the URL it serves on exactly as the handle gives it, which a path appends to', async () => {
    const lines: unknown[] = []
    const logger = { error() {}, warn() {}, info: (line: unknown) => lines.push(line), debug() {} }
    const app = new App({ logger })
    app.get('/posts/<int:id>', (req) => ({ id: req.params.id }))
    const server = await app.listen(0)
    try {
      expect(lines).toEqual([` * Running on ${server.url} (Ctrl+C to quit)`])
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
      expect(await (await fetch(`${server.url}/posts/41`)).json()).toEqual({ id: 41 })
    } finally {
      await server.close()
    }
  })
})
