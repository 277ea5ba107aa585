// File uploads: a form, multipart parsing with limits, and a digest of each file, on every runtime.
// Run: npx tsx --conditions=phial-source examples/uploads.ts, then open http://127.0.0.1:8000/
import { realpathSync } from 'node:fs'
import { App, escapeHTML, html } from 'phial'

export const app = new App({
  maxContentLength: 20 * 1024 * 1024, // the whole body
  maxFileSize: 10 * 1024 * 1024, // each file
})

const FORM = `<!doctype html>
<title>Upload</title>
<form method="post" action="/upload" enctype="multipart/form-data">
  <input name="title" placeholder="Title">
  <input type="file" name="files" multiple>
  <button>Upload</button>
</form>`

app.get('/', () => html(FORM))

app.post('/upload', async (req) => {
  const form = await req.form()
  const files = []
  for (const file of (await req.files()).getAll('files')) {
    // A file input left empty still sends a part, named '' and empty (Flask: `file.filename == ''`).
    if (file.name === '') continue
    // crypto.subtle is on every runtime; file.save(dir) would keep it on disk (Node).
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()))
    const sha256 = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')
    files.push({ name: file.name, type: file.type, size: file.size, sha256 })
  }
  const result = { title: form.get('title') ?? '', files }
  if (req.accepts('json', 'html') === 'json') return result
  const rows = files.map((f) => `<li>${escapeHTML(f.name)}: ${f.size} bytes, sha256 ${f.sha256}</li>`)
  return html(`<h1>${escapeHTML(result.title)}</h1><ul>${rows.join('')}</ul><a href="/">Again</a>`)
})

if (realpathSync(process.argv[1] ?? '.') === realpathSync(import.meta.filename)) await app.listen(8000)
