// What a cached view costs and saves, per request, without sockets: the Node listener is called with
// mock `req`/`res` objects (as bench/overhead does) and each request is awaited until `res.end`.
// Rows: a trivial view (the floor), a page that does real work (a list of 200 escaped rows), and
// that page through `cache.cached` answered from the cache: in memory, and with REDIS_URL set, from
// Redis (a round trip over loopback on every hit). Run `npm run build` first.
// Usage: node bench/cache/run.mjs [--requests N] [--rounds R]   (REDIS_URL=redis://127.0.0.1:6379 for the Redis row)
import { parseArgs } from 'node:util'
import { App, escapeHTML } from 'phial'
import { Cache, MemoryStore, RedisStore } from 'phial/cache'
import { toNodeListener } from 'phial/node'

const { values } = parseArgs({ options: { requests: { type: 'string' }, rounds: { type: 'string' } } })
const requests = Number(values.requests ?? 20_000)
const rounds = Number(values.rounds ?? 5)

const ROWS = Array.from({ length: 200 }, (_, i) => ({ id: i, title: `Post <${i}> & "friends"` }))
const page = () =>
  `<ul>${ROWS.map((r) => `<li><a href="/posts/${r.id}">${escapeHTML(r.title)}</a></li>`).join('')}</ul>`

async function redisStore() {
  if (!process.env.REDIS_URL) return undefined
  const { createClient } = await import('redis')
  const client = await createClient({ url: process.env.REDIS_URL }).connect()
  return { store: new RedisStore(client), close: () => client.close() }
}

const app = new App()
app.get('/trivial', () => ({ ok: true }))
app.get('/page', page)
app.get('/cached/memory', { endpoint: 'memory' }, new Cache({ store: new MemoryStore() }).cached(page))
const redis = await redisStore()
if (redis) app.get('/cached/redis', { endpoint: 'redis' }, new Cache({ store: redis.store }).cached(page))
const listener = toNodeListener(app)

const request = (url) => ({
  url,
  method: 'GET',
  rawHeaders: ['Host', 'localhost:3000'],
  headers: { host: 'localhost:3000' },
  socket: { remoteAddress: '127.0.0.1' },
  complete: false,
  readableEnded: false,
})
let bytes = 0
// One request, resolved when phial ends the response (at once for a sync view, later for the cache).
const once = (req) =>
  new Promise((resolve) => {
    listener(req, {
      headersSent: false,
      writeHead() {
        return this
      },
      end(body) {
        bytes += body ? body.length : 0
        resolve()
      },
      once() {},
      on() {
        return this
      },
    })
  })

const paths = ['/trivial', '/page', '/cached/memory', ...(redis ? ['/cached/redis'] : [])]
const best = Object.fromEntries(paths.map((p) => [p, Number.POSITIVE_INFINITY]))
const cpu = Object.fromEntries(paths.map((p) => [p, Number.POSITIVE_INFINITY]))
for (let round = 0; round < rounds; round++) {
  for (const path of paths) {
    const req = request(path)
    for (let i = 0; i < Math.min(2000, requests); i++) await once(req) // warm-up (and fills the cache)
    const t0 = process.hrtime.bigint()
    const c0 = process.cpuUsage()
    for (let i = 0; i < requests; i++) await once(req)
    const used = process.cpuUsage(c0)
    best[path] = Math.min(best[path], Number(process.hrtime.bigint() - t0) / requests / 1000)
    cpu[path] = Math.min(cpu[path], (used.user + used.system) / requests)
  }
}
await redis?.close()

// Wall time includes waiting for Redis; CPU time is this process's own work (Redis's is not counted).
console.log(
  `| view | µs per request, wall (best of ${rounds} × ${requests}) | CPU µs of this process | wall ÷ the page uncached |`,
)
console.log('| --- | --- | --- | --- |')
for (const path of paths) {
  const ratio = (best[path] / best['/page']).toFixed(2)
  console.log(`| \`${path}\` | ${best[path].toFixed(2)} | ${cpu[path].toFixed(2)} | ${ratio} |`)
}
if (bytes === 0) console.log('(nothing was written)')
