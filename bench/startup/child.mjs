// One start-up measurement in a fresh process: node --expose-gc bench/startup/child.mjs <routes>
// Prints JSON: milliseconds to import phial, register the routes, answer the first request; memory after.
const n = Number(process.argv[2] ?? 0)
// Node loads its WHATWG classes (undici) on first touch, ~50 ms that any fetch-style app pays once;
// timed apart so the phial columns show phial's own cost.
const tw = performance.now()
new Response('')
const t0 = performance.now()
const { App } = await import('phial')
const t1 = performance.now()

const app = new App()
// Shapes of a real API: shared prefixes, one or two params. The endpoint keeps 10,000 names unique.
const rule = (i) => `/g${i % 100}/r${i}/:id${i % 2 ? '/items/:item' : ''}`
for (let i = 0; i < n; i++) app.route(rule(i), { methods: ['GET'], endpoint: `r${i}` }, (req) => req.params)
app.get('/', () => 'Hello, World!')
const t2 = performance.now()

// The first request seals the app and compiles the router.
const path = n
  ? rule(n - 1)
      .replace(':id', '7')
      .replace(':item', '9')
  : '/'
const res = await app.request(path)
const body = await res.text()
const t3 = performance.now()
if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${body}`)

globalThis.gc?.()
const { heapUsed, rss } = process.memoryUsage()
const result = {
  whatwg: t0 - tw,
  import: t1 - t0,
  register: t2 - t1,
  first: t3 - t2,
  total: t3,
  heap: heapUsed / 2 ** 20,
  rss: rss / 2 ** 20,
}
process.stdout.write(`${JSON.stringify(result)}\n`)
