/**
 * The smallest phial app. Run it with `npx tsx --conditions=phial-source examples/hello.ts`, then open
 * http://127.0.0.1:8000/.
 */
import { realpathSync } from 'node:fs'
import { App, json } from 'phial'

export const app = new App()

app.get('/', () => 'Hello, World!')
app.get('/users/:id', (req) => ({ id: req.params.id }))
app.get('/posts/<int:id>', (req) => ({ id: req.params.id, next: req.params.id + 1 }))
app.post('/echo', async (req) => json(await req.json(), 201))

class Pages {
  @app.get('/about')
  static about() {
    return '<h1>About</h1><p>phial is Flask for TypeScript.</p>'
  }
}
void Pages

// Serve only when run directly (`npm start`), not when a test imports the app.
if (realpathSync(process.argv[1] ?? '.') === realpathSync(import.meta.filename)) await app.listen(8000)
