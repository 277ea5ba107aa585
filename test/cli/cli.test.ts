// The `phial` command in-process (src/cli.ts's main): app discovery, `routes`, `run`, and mistakes
// answered with exit status 2 and a message. test/package.test.ts runs bin/phial.mjs for real.
import { createServer } from 'node:net'
import { PassThrough } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { type CLIOptions, main } from '../../src/cli.ts'

const apps = fileURLToPath(new URL('./_apps/', import.meta.url))
const GUARD =
  "if (realpathSync(process.argv[1] ?? '.') === realpathSync(import.meta.filename)) await app.listen(8000)"
const root = fileURLToPath(new URL('../../', import.meta.url))

/** Runs the command and collects what it printed. */
async function phial(
  argv: string[],
  options: Pick<CLIOptions, 'cwd' | 'env' | 'signal' | 'input' | 'output'> = {},
) {
  const out: string[] = []
  const err: string[] = []
  const status = await main(argv, {
    cwd: apps,
    env: {},
    ...options,
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
  })
  return { status, out: out.join('\n'), err: err.join('\n') }
}

/** A port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => done(port))
    })
  })
}

describe('phial routes', () => {
  it("prints Flask's table, sorted by endpoint, HEAD and OPTIONS hidden", async () => {
    const { status, out } = await phial(['routes', '--app', 'examples/blueprints/app.ts'], { cwd: root })
    expect(status).toBe(0)
    expect(out).toBe(
      [
        'Endpoint         Methods   Rule',
        '---------------  --------  ----------------------',
        'admin.dashboard  GET       /admin/',
        'api.v1.list      GET       /api/v1/posts',
        'api.v1.post      GET, PUT  /api/v1/posts/<int:id>',
        'site.index       GET       /',
        'site.post        GET       /posts/<int:id>',
      ].join('\n'),
    )
  })

  it('adds a Subdomain column when some rule has one', async () => {
    const { out } = await phial(['routes', '--app', 'examples/tenants.ts', '--sort', 'endpoint'], {
      cwd: root,
    })
    expect(out.split('\n')).toEqual([
      'Subdomain  Endpoint   Methods  Rule',
      '---------  ---------  -------  ----',
      '           index      GET      /',
      '<tenant>   shop.home  GET      /',
    ])
  })

  it('sorts by registration with --sort match and shows every method with --all-methods', async () => {
    const { out } = await phial(['routes', '--app', 'factory.ts', '--sort', 'match', '--all-methods'])
    expect(out.split('\n').slice(2)).toEqual([
      'index     GET, HEAD, OPTIONS  /',
      'users     GET, HEAD, OPTIONS  /users/',
      'users     GET, HEAD, OPTIONS  /users/page/<int:page>',
      'ping      HEAD, OPTIONS       /ping',
      'hook      POST                /hook',
      'any       *                   /any',
      'debug     GET, HEAD, OPTIONS  /debug',
    ])
  })

  it('finds the app by name, as a factory call, as the default export, or in PHIAL_APP', async () => {
    const named = await phial(['routes', '--app', 'default-export.ts:empty'])
    expect([named.status, named.out]).toEqual([0, 'No routes were registered.'])
    const called = await phial(['routes', '--app', 'factory.ts:createApp()', '--sort', 'rule'])
    expect(called.out.split('\n')[2]).toMatch(/^index +GET +\/$/)
    const fallback = await phial(['routes'], { env: { PHIAL_APP: 'default-export.ts' } })
    expect(fallback.out.split('\n').at(-1)).toMatch(/^GET \/ +GET +\/$/)
  })

  it('answers mistakes with status 2 and what to do', async () => {
    const cases: Array<[string[], string]> = [
      [['routes'], 'Error: could not find an app: pass --app path/to/app.ts (or set PHIAL_APP)'],
      [['routes', '--app', 'missing.ts'], 'Error: --app: there is no file'],
      [['routes', '--app', 'nothing.ts'], 'Error: nothing.ts exports no phial App'],
      [['routes', '--app', 'factory.ts:notAnApp'], 'Error: factory.ts: "notAnApp" is not a phial App'],
      [
        ['routes', '--app', 'factory.ts', '--sort', 'size'],
        'Error: --sort must be endpoint, methods, rule or match',
      ],
      [['run', '--app', 'factory.ts', '--port', '80x'], 'Error: --port must be 0 to 65535, not "80x"'],
      [['serve'], 'Error: no command "serve"'],
      [['routes', '--colour'], "Error: Unknown option '--colour'"],
      [['routes', 'extra'], 'Error: unexpected argument "extra"'],
      [['routes', '--app', '.'], "is a directory; name the app's module file in it"],
      [['run', '--app', 'factory.ts', '--port', '-1'], "Error: Option '--port"],
      [['run', '--app'], "Error: Option '--app"],
      [['routes', '--app', 'factory.ts', '--sort'], "Error: Option '--sort"],
      [
        ['routes', '--app', 'factory.ts', '--all-methods=yes'],
        "Error: Option '--all-methods' does not take an argument",
      ],
    ]
    for (const [argv, message] of cases) {
      const { status, err } = await phial(argv)
      expect([argv, status]).toEqual([argv, 2])
      expect(err).toContain(message)
    }
  })

  it('ignores app.listen() in the module with a warning, and lists the routes (Flask ignores app.run())', async () => {
    const { status, out, err } = await phial(['routes', '--app', 'listens.ts'])
    expect([status, out.split('\n').at(-1)]).toEqual([0, 'index     GET      /'])
    expect(err).toBe(
      [
        " * Ignoring a call to app.listen() under the 'phial routes' command, which starts no server.",
        `   Only call app.listen() when the file is run directly, as docs/cli.md shows: ${GUARD}`,
      ].join('\n'),
    )
    // It resolved to a handle for the address asked for, where nothing listens and close() does nothing.
    const { server } = await import('./_apps/listens.ts')
    expect([server.port, server.host, server.url]).toEqual([8000, '127.0.0.1', 'http://127.0.0.1:8000'])
    await expect(server.close()).resolves.toBeUndefined()
  })

  it('prints help and the version', async () => {
    expect((await phial(['--help'])).out).toContain('Usage: phial <command> [options]')
    const bare = await phial([])
    expect([bare.status, bare.out.startsWith('Usage:')]).toEqual([2, true])
    expect((await phial(['--version'])).out).toMatch(/^phial \d+\.\d+\.\d+/)
  })
})

describe('phial shell', () => {
  it('opens a Node REPL with the app as app, where await works (flask shell)', async () => {
    const input = new PassThrough()
    const output = new PassThrough()
    let text = ''
    output.on('data', (chunk) => {
      text += String(chunk)
    })
    const shell = phial(['shell', '--app', 'factory.ts'], { input, output })
    input.write('app.urlMap.length * 10\n')
    input.write("(await app.request('/users/page/3')).status + 1000\n")
    // Once the app is loaded, app.listen() in the REPL serves as asked.
    input.write(
      'await (async () => { app.logger = { ...console, info() {} }; const s = await app.listen(0); ' +
        "const res = await fetch(s.url + '/users/page/4'); await s.close(); return res.status + 2000 })()\n",
    )
    for (let i = 0; i < 100 && !(text.includes('1200') && text.includes('2200')); i++)
      await new Promise((r) => setTimeout(r, 20))
    input.end()
    const { status, out } = await shell
    expect([status, out]).toEqual([
      0,
      "phial shell: 'factory.ts' is loaded as `app`; .exit or Ctrl+D to leave",
    ])
    expect(text).toContain('70')
    expect(text).toContain('1200')
    expect(text).toContain('2200')
  })
})

describe('phial run', () => {
  it('serves the app on --host and --port with --debug, until stopped', async () => {
    const port = await freePort()
    const stop = new AbortController()
    const running = phial(['run', '--app', 'factory.ts', '--port', String(port), '--debug'], {
      signal: stop.signal,
    })
    let res: Response | undefined
    for (let i = 0; i < 100 && res === undefined; i++) {
      res = await fetch(`http://127.0.0.1:${port}/debug`).catch(() => new Promise((r) => setTimeout(r, 50)))
    }
    expect(res?.status).toBe(200)
    expect(await res?.json()).toEqual({ debug: true })
    stop.abort()
    const { status, out } = await running
    expect(status).toBe(0)
    expect(out).toBe(" * Serving phial app 'factory.ts'\n * Debug mode: on")
    await expect(fetch(`http://127.0.0.1:${port}/debug`)).rejects.toThrow()
  })

  it('warns on stderr that a development server on every interface is reachable from other machines', async () => {
    const port = await freePort()
    const { status, out, err } = await phial(
      ['run', '--app', 'factory.ts', '--host', '0.0.0.0', '--port', String(port)],
      {
        signal: AbortSignal.abort(),
      },
    )
    expect([status, out]).toEqual([0, " * Serving phial app 'factory.ts'\n * Debug mode: off"])
    expect(err).toBe(
      ' * Warning: this is a development server listening on every interface, reachable from other machines; do not use it in production (docs/deployment.md)',
    )
    const local = await phial(['run', '--app', 'factory.ts', '--port', String(port)], {
      signal: AbortSignal.abort(),
    })
    expect([local.status, local.err]).toEqual([0, ''])
  })

  it("serves the app whose module calls app.listen(), which resolves to the command's server", async () => {
    const port = await freePort()
    const stop = new AbortController()
    const running = phial(['run', '--app', 'listens-too.ts', '--port', String(port)], { signal: stop.signal })
    let res: Response | undefined
    for (let i = 0; i < 100 && res === undefined; i++) {
      res = await fetch(`http://127.0.0.1:${port}/`).catch(() => new Promise((r) => setTimeout(r, 50)))
    }
    expect([res?.status, await res?.text()]).toEqual([200, 'listens too'])
    const { server } = await import('./_apps/listens-too.ts')
    expect([server.port, server.url]).toEqual([port, `http://127.0.0.1:${port}`])
    stop.abort()
    const { status, err } = await running
    expect(status).toBe(0)
    expect(err.split('\n')[0]).toBe(
      " * Ignoring a call to app.listen() under the 'phial run' command, which serves the app itself.",
    )
    await server.close() // the command's own server, closed once already: a second close is no error
  })

  it('answers a port in use or an unknown host with status 1 and a sentence, not a stack', async () => {
    const busy = createServer()
    await new Promise<void>((done) => busy.listen(0, '127.0.0.1', done))
    const { port } = busy.address() as { port: number }
    try {
      const taken = await phial(['run', '--app', 'factory.ts', '--port', String(port)])
      expect([taken.status, taken.err]).toEqual([
        1,
        `Error: port ${port} on 127.0.0.1 is in use: stop the other server or pick another --port`,
      ])
    } finally {
      busy.close()
    }
    const unknown = await phial([
      'run',
      '--app',
      'factory.ts',
      '--host',
      'no-such-host.invalid',
      '--port',
      '0',
    ])
    expect(unknown.status).toBe(1)
    expect(unknown.err.split('\n').at(-1)).toMatch(
      /^Error: cannot listen on no-such-host\.invalid: the host name (does not resolve|could not be resolved) \(--host\)$/,
    )
  })
})
