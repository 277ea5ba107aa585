// Starts the benchmark servers pinned to core 0, and checks they all answer alike.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { pin } from './_load.mjs'

const ECHO = JSON.stringify({
  name: 'phial',
  version: 1,
  tags: ['flask', 'typescript'],
  nested: { ok: true },
})

/** The benchmarked requests, by scenario name. */
export const SCENARIOS = {
  hello: { path: '/' },
  param: { path: '/user/42' },
  query: { path: '/search?q=x&page=2' },
  echo: { method: 'POST', path: '/echo', body: ECHO },
  deep: { path: '/repos/octocat/hello-world/issues/1347/comments' },
  render: { path: '/render?name=x%20%26%20%3Cy%3E' },
  missing: { path: '/missing/route', status: 404 },
}

export const FRAMEWORKS = ['raw', 'raw-routed', 'phial', 'fastify', 'hono', 'h3', 'koa', 'express']
/**
 * raw's server with the work every framework here does: each request routed by phial's Router among the
 * same 208 routes (raw.mjs matches its six paths by hand), and the echo's body read through a promise an
 * async handler awaits (raw.mjs reads it with callbacks). Not a peer.
 */
export const ROUTED = 'raw-routed'
/**
 * The A/A control: a second raw `node:http` server, measured like the others. Its ratio to raw is the
 * noise floor of the run: a difference smaller than its distance from 1.00 is not a difference.
 */
export const CONTROL = 'raw-again'
export const PEERS = ['fastify', 'hono', 'h3', 'koa', 'express']

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Spawns `bench/http/<name>.mjs` (or `file`) on `port` and resolves once it answers. */
export const startServer = async (
  name,
  port,
  file = fileURLToPath(new URL(`${name === CONTROL ? 'raw' : name}.mjs`, import.meta.url)),
) => {
  const [cmd, ...args] = [...pin(0), process.execPath, file, String(port)]
  const child = spawn(cmd, args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  })
  let exited = null
  child.on('exit', (code) => (exited = code))
  for (let i = 0; i < 100; i++) {
    if (exited !== null) throw new Error(`${name} server exited with ${exited} before listening`)
    try {
      await fetch(`http://127.0.0.1:${port}/`)
      return { name, port, child }
    } catch {
      await sleep(100)
    }
  }
  child.kill()
  throw new Error(`${name} did not answer on port ${port} within 10 s`)
}

// RFC 8259 §11 defines no charset parameter for JSON (it is always UTF-8), so Express's
// `application/json; charset=utf-8` and phial's `application/json` name the same type.
const normaliseType = (type) =>
  (type ?? '')
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/^(application\/json);charset=utf-8$/, '$1')

const answer = async (port, { method = 'GET', path, body }) => {
  const headers = body ? { 'content-type': 'application/json' } : {}
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, body, headers })
  const text = await res.text()
  return { status: res.status, type: normaliseType(res.headers.get('content-type')), body: text }
}

// Each framework words its own 404 page, so only the status is compared, except that raw (and
// raw-routed, its server) sends phial's page byte for byte (the same work), which is checked; so is
// raw's echo (below).
const SAME_WORK = new Set(['raw', ROUTED, 'phial', CONTROL])

/**
 * Bad bodies for the echo, and the status phial gives each. Raw's echo validates like phial's
 * `req.json()` (the same work), and this proves it before timing: a raw echo that skipped the checks
 * would be measuring less work, and would crash on the first malformed body.
 */
export const BAD_ECHOES = [
  { why: 'not JSON', type: 'text/plain', body: '{}', status: 415 },
  { why: 'malformed', type: 'application/json', body: '{"a":', status: 400 },
  { why: 'empty', type: 'application/json', body: '', status: 400 },
  { why: '__proto__ key', type: 'application/json', body: '{"a":{"__proto__":{"x":1}}}', status: 400 },
  { why: 'too deep', type: 'application/json', body: `${'['.repeat(65)}${']'.repeat(65)}`, status: 400 },
  { why: 'over 1 MiB', type: 'application/json', body: `"${'x'.repeat(1024 * 1024)}"`, status: 413 },
]

const badEchoes = async (srv, problems) => {
  for (const bad of BAD_ECHOES) {
    const res = await fetch(`http://127.0.0.1:${srv.port}/echo`, {
      method: 'POST',
      body: bad.body,
      headers: { 'content-type': bad.type },
    }).catch((error) => ({ status: error.message }))
    await res.text?.().catch(() => {})
    if (res.status !== bad.status)
      problems.push(`echo ${srv.name}, ${bad.why}: status ${res.status}, want ${bad.status}`)
  }
}

/** Requests every scenario from every server; throws, naming each difference, unless all agree. */
export const verify = async (servers, scenarios) => {
  const problems = []
  for (const name of scenarios) {
    const s = SCENARIOS[name]
    const got = await Promise.all(servers.map((srv) => answer(srv.port, s)))
    const same = name === 'missing' ? servers.findIndex((srv) => SAME_WORK.has(srv.name)) : 0
    const want = { ...got[Math.max(same, 0)], status: s.status ?? 200 }
    got.forEach((g, i) => {
      const whole = name !== 'missing' || SAME_WORK.has(servers[i].name)
      for (const k of whole ? ['status', 'type', 'body'] : ['status']) {
        if (g[k] !== want[k])
          problems.push(
            `${name} ${servers[i].name}: ${k} ${JSON.stringify(g[k])}, want ${JSON.stringify(want[k])} (from ${servers[Math.max(same, 0)].name})`,
          )
      }
    })
    if (name === 'echo')
      for (const srv of servers) if (SAME_WORK.has(srv.name)) await badEchoes(srv, problems)
  }
  if (problems.length) throw new Error(`servers disagree, not timing:\n  ${problems.join('\n  ')}`)
}
