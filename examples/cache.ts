// Caching: a slow page cached whole, a memoized lookup, a value kept by key, and server-side sessions. In this process by
// default; shared by every worker with REDIS_URL=redis://127.0.0.1:6379 or MEMCACHED=127.0.0.1:11211.
// Run: npx tsx --conditions=phial-source examples/cache.ts, then open http://127.0.0.1:8000/report
import { realpathSync } from 'node:fs'
import { App, json } from 'phial'
import {
  Cache,
  CacheSessionInterface,
  type CacheStore,
  MemcachedStore,
  MemoryStore,
  RedisStore,
} from 'phial/cache'

/** The store the environment asks for (Redis, Memcached, or this process's memory), and how to close its client. */
export async function storeFromEnv(
  env = process.env,
): Promise<{ store: CacheStore; close(): Promise<unknown> }> {
  if (env.REDIS_URL) {
    const { createClient } = await import('redis')
    // Without the offline queue, a Redis that is down fails a command at once instead of holding it.
    const redis = createClient({ url: env.REDIS_URL, disableOfflineQueue: true })
    redis.on('error', (error) => console.error('redis:', error.message)) // it reconnects by itself
    await redis.connect()
    return { store: new RedisStore(redis), close: () => redis.close() }
  }
  if (env.MEMCACHED) {
    const { default: memjs } = await import('memjs')
    const client = memjs.Client.create(env.MEMCACHED)
    return { store: new MemcachedStore(client), close: async () => client.close() }
  }
  return { store: new MemoryStore(), close: async () => {} }
}

const { store, close } = await storeFromEnv()
export const cache = new Cache({ store, keyPrefix: 'example:', defaultTimeout: 30 })
// Sessions in the same store: only a random id goes in the cookie.
export const sessions = new CacheSessionInterface(cache)
export const app = new App({ sessionInterface: sessions })

/** Stands for a slow query: each call takes 200 ms and is counted. */
export const slow = { calls: 0 }
async function slowQuery<T>(value: T): Promise<T> {
  slow.calls++
  await new Promise((resolve) => setTimeout(resolve, 200))
  return value
}

// The whole response is cached for 10 s per URL (query string included): the view does not run.
app.get(
  '/report',
  cache.cached({ timeout: 10 }, async (req) => {
    const region = req.query.get('region') ?? 'all'
    return { region, total: await slowQuery(42), builtAt: new Date().toISOString() }
  }),
)

// A function's results cached by its arguments; forget() drops one after a change.
const priceOf = cache.memoize(async function priceOf(sku: string) {
  return slowQuery(sku.length * 10)
})
app.get('/price/<sku>', async (req) => ({ sku: req.params.sku, price: await priceOf(req.params.sku) }))
app.post('/price/<sku>/changed', async (req) => json({ forgot: await priceOf.forget(req.params.sku) }))

// A value by key, computed once (concurrent requests share the computation).
app.get('/visitors', async () => ({ visitors: await cache.getOrSet('visitors', () => slowQuery(1000)) }))

// A server-side session: every worker sees it; logging out deletes it on the server.
app.post('/login/<name>', (req) => {
  sessions.regenerate(req) // a new id at login (session fixation)
  req.session.set('user', req.params.name)
  return json({ user: req.params.name })
})
app.get('/whoami', (req) => {
  const visits = Number(req.session.get('visits') ?? 0) + 1
  req.session.set('visits', visits)
  return { user: req.session.get('user') ?? null, visits }
})
app.post('/logout', (req) => {
  req.session.clear()
  return { user: null }
})

if (realpathSync(process.argv[1] ?? '.') === realpathSync(import.meta.filename)) {
  const server = await app.listen(8000)
  process.once('SIGTERM', async () => {
    await server.close()
    await close()
  })
}
