// Server-sent events: a clock that ticks until the client goes away.
// Run: npx tsx --conditions=phial-source examples/sse.ts, then open http://127.0.0.1:8000/
import { realpathSync } from 'node:fs'
import { App, html, sse } from 'phial'

export const app = new App()

const PAGE = `<!doctype html>
<title>Clock</title>
<p id="now">…</p>
<script>
  const source = new EventSource('/clock')
  source.addEventListener('tick', (e) => { document.getElementById('now').textContent = e.data })
</script>`

app.get('/', () => html(PAGE))

app.get('/clock', (req) => {
  const every = Number(req.query.get('every') ?? 1000)
  const count = Number(req.query.get('count') ?? Number.POSITIVE_INFINITY)
  async function* ticks() {
    for (let i = 0; i < count && !req.signal.aborted; i++) {
      yield { event: 'tick', id: i, data: new Date().toISOString() }
      await new Promise((resolve) => setTimeout(resolve, every))
    }
  }
  return sse(ticks(), { keepAlive: 15_000 })
})

if (realpathSync(process.argv[1] ?? '.') === realpathSync(import.meta.filename)) await app.listen(8000)
