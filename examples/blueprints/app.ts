/**
 * A multi-blueprint app: a site, an admin area and a JSON API, each with its own error handlers,
 * and every link built with urlFor. Run it with `npx tsx --conditions=phial-source examples/blueprints/app.ts`.
 */
import { realpathSync } from 'node:fs'
import {
  App,
  Blueprint,
  type Handler,
  HTTPError,
  html,
  json,
  MethodView,
  makeResponse,
  NotFound,
  type PhialRequest,
} from 'phial'

interface Post {
  id: number
  title: string
}
const posts: Post[] = [
  { id: 1, title: 'Hello, phial' },
  { id: 2, title: 'Blueprints in practice' },
]

export const app = new App()

// The site: pages that link to each other through urlFor.
const site = new Blueprint('site')
site.get('/', function index(req) {
  const items = posts.map((p) => `<li><a href="${req.urlFor('.post', { id: p.id })}">${p.title}</a></li>`)
  return html(
    `<h1>Posts</h1><ul>${items.join('')}</ul><p><a href="${req.urlFor('admin.dashboard')}">admin</a></p>`,
  )
})
site.get('/posts/<int:id>', function post(req) {
  const found = posts.find((p) => p.id === req.params.id)
  if (found === undefined) throw new NotFound(`There is no post ${req.params.id}.`)
  return html(`<h1>${found.title}</h1><a href="${req.urlFor('.index')}">back</a>`)
})

// The admin area: its own prefix, a guard hook and a friendlier 403.
const admin = new Blueprint('admin', { urlPrefix: '/admin' })
admin.beforeRequest((req) => {
  if (req.header('x-admin-token') !== 'let-me-in') throw new HTTPError(403, 'Admins only.')
})
admin.errorHandler(403, (error: HTTPError) => html(`<h1>Forbidden</h1><p>${error.message}</p>`))
// Its URL map is kept apart from its views, which are bound by endpoint name (Flask's
// add_url_rule(rule, endpoint) with @bp.endpoint): useful once an area has many files.
admin.addRoute('/', ['GET'], null, { endpoint: 'dashboard' })
admin.endpoint('dashboard', () => html(`<h1>Dashboard</h1><p>${posts.length} posts</p>`))

// The API: JSON errors, a class-based resource, nested under /api/v1.
const api = new Blueprint('api', { urlPrefix: '/api' })
api.errorHandler(404, (error: HTTPError) => json({ error: error.message }, 404))
api.errorHandler(HTTPError, (error: HTTPError) => json({ error: error.message }, error.status))

/** A view decorator: every answer it wraps is marked uncacheable. */
function noStore(view: Handler): Handler {
  return async (req) => {
    const res = makeResponse(await view(req))
    res.setHeader('cache-control', 'no-store')
    return res
  }
}

class PostAPI extends MethodView {
  // Flask's View.decorators: wrap the handler asView makes; the endpoint stays 'post'.
  static override readonly decorators = [noStore]
  get(req: PhialRequest<{ id: number }>) {
    const found = posts.find((p) => p.id === req.params.id)
    if (found === undefined) throw new NotFound(`There is no post ${req.params.id}.`)
    return { ...found, url: req.urlFor('site.post', { id: found.id }) }
  }
  async put(req: PhialRequest<{ id: number }>) {
    const body = await req.json<{ title?: unknown }>()
    if (typeof body.title !== 'string') throw new HTTPError(422, 'title must be a string')
    return { id: req.params.id, title: body.title }
  }
}
const v1 = new Blueprint('v1', { urlPrefix: '/v1' })
v1.route('/posts/<int:id>', PostAPI.asView('post'))
v1.get('/posts', function list(req) {
  return posts.map((p) => ({ ...p, url: req.urlFor('.post', { id: p.id }) }))
})
api.registerBlueprint(v1)

app.registerBlueprint(site)
app.registerBlueprint(admin)
app.registerBlueprint(api)

// App-wide: a 404 page for URLs no blueprint owns.
app.errorHandler(404, () => html('<h1>Page not found</h1>'))

if (realpathSync(process.argv[1] ?? '.') === realpathSync(import.meta.filename)) await app.listen(8000)
