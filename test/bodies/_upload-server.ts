// A child process for the 100 MB upload: it serves one app and samples its own RSS, so the
// measurement sees the server alone, not the test runner or the client.
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { App } from 'phial'
import { serve } from 'phial/node'

const dir = await mkdtemp(join(tmpdir(), 'phial-big-'))
const app = new App({
  maxContentLength: 200 * 1024 * 1024,
  maxFileSize: 150 * 1024 * 1024,
  uploadTempDir: dir,
})
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {})
let base = 0
let peak = 0
setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss)
}, 5).unref()

app.post('/upload', async (req) => {
  const file = (await req.files()).get('file')
  if (file === undefined) return { size: -1 }
  const saved = await file.save(dir)
  const size = (await stat(saved)).size
  await rm(saved)
  peak = Math.max(peak, process.memoryUsage().rss)
  return { size, fileSize: file.size, name: file.name }
})
app.post('/reset', () => {
  gc()
  base = process.memoryUsage().rss
  peak = base
  return { base }
})
app.get('/peak', () => ({ base, peak }))
// The folder goes before the answer: the test kills this process as soon as it has read it.
app.post('/exit', async () => {
  await rm(dir, { recursive: true, force: true })
  setTimeout(() => process.exit(0), 10)
  return 'bye'
})

const handle = await serve(app, { port: 0 })
process.stdout.write(`${JSON.stringify({ url: handle.url })}\n`)
