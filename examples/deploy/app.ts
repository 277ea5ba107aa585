// The app of the deployment recipes in docs/deployment.md; test/deploy serves it behind nginx, under
// a path prefix, and in node:cluster workers. Run: SECRET_KEY=… npx tsx --conditions=phial-source examples/deploy/cluster.ts
import { realpathSync } from 'node:fs'
import { App, redirect } from 'phial'

// The same secretKey in every process, or a session cookie one worker signed is void in the others.
export const app = new App({ secretKey: process.env.SECRET_KEY, trustProxy: true })

app.get('/', function index(req) {
  return { pid: process.pid, ip: req.ip, url: req.url, user: req.session.get('user') ?? null }
})

app.post('/login', function login(req) {
  req.session.set('user', 'ada')
  return redirect(req.urlFor('index'))
})

app.get('/posts/', function posts(req) {
  return { self: req.urlFor('posts', {}, { external: true }) }
})

if (realpathSync(process.argv[1] ?? '.') === realpathSync(import.meta.filename)) await app.listen(8000)
