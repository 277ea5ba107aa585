/**
 * The posts blueprint: the list, one post, and create, edit and delete for the post's author.
 * Flask's tutorial `flaskr/blog.py`, in phial.
 */
import { abort, Blueprint, flash, type PhialRequest, redirect } from 'phial'
import { currentUser, loginRequired } from './auth.ts'
import type { BlogContext } from './blog.ts'
import type { Post } from './models.ts'

const MAX_TITLE = 200
const MAX_BODY = 20_000
/** Posts per page of the list. */
export const PAGE_SIZE = 10

/** Builds the posts blueprint over one blog's database. */
export function createPostsBlueprint({ posts, templates }: BlogContext): Blueprint {
  const bp = new Blueprint('posts')

  // The post, or 404; with `forEdit`, 403 unless the logged-in user wrote it.
  function getPost(req: PhialRequest, id: number, forEdit = false): Post {
    const post = posts.byId(id)
    if (post === undefined) abort(404, `There is no post ${id}.`)
    if (forEdit && post.author_id !== currentUser(req)?.id) abort(403, 'Only its author can change a post.')
    return post
  }

  // Page 1 lives at '/': its defaults give the handler `page`, and '/page/1' redirects there (308).
  function index(req: PhialRequest<{ page: number }>) {
    const page = req.params.page
    const pages = Math.max(1, Math.ceil(posts.count() / PAGE_SIZE))
    if (page > pages) abort(404, `There is no page ${page}; the last is ${pages}.`)
    return templates.render(req, 'posts/index.eta', { posts: posts.page(page, PAGE_SIZE), page, pages })
  }
  bp.get('/', { defaults: { page: 1 } }, index)
  bp.get('/page/<int(min=1):page>', index)

  bp.get('/posts/<int:id>', function show(req) {
    return templates.render(req, 'posts/show.eta', { post: getPost(req, req.params.id) })
  })

  bp.route(
    '/posts/new',
    { methods: ['GET', 'POST'] },
    loginRequired(async function create(req: PhialRequest) {
      const values = { title: '', body: '' }
      if (req.method === 'GET') return templates.render(req, 'posts/form.eta', { post: undefined, values })
      const { title, body, error } = readPost(await req.form())
      if (error !== undefined) {
        flash(req, error, 'error')
        return templates.render(
          req,
          'posts/form.eta',
          { post: undefined, values: { title, body } },
          { status: 422 },
        )
      }
      const id = posts.add(currentUser(req)!.id, title, body)
      flash(req, `Published “${title}”.`, 'success')
      return redirect(req.urlFor('.show', { id }), 303)
    }),
  )

  bp.route(
    '/posts/<int:id>/edit',
    { methods: ['GET', 'POST'] },
    loginRequired(async function update(req: PhialRequest<{ id: number }>) {
      const post = getPost(req, req.params.id, true)
      if (req.method === 'GET') return templates.render(req, 'posts/form.eta', { post, values: post })
      const { title, body, error } = readPost(await req.form())
      if (error !== undefined) {
        flash(req, error, 'error')
        return templates.render(req, 'posts/form.eta', { post, values: { title, body } }, { status: 422 })
      }
      posts.update(post.id, title, body)
      flash(req, 'Your changes are saved.', 'success')
      return redirect(req.urlFor('.show', { id: post.id }), 303)
    }),
  )

  bp.post(
    '/posts/<int:id>/delete',
    loginRequired(function remove(req: PhialRequest<{ id: number }>) {
      const post = getPost(req, req.params.id, true)
      posts.remove(post.id)
      flash(req, `Deleted “${post.title}”.`, 'success')
      return redirect(req.urlFor('.index'), 303)
    }),
  )

  return bp
}

function readPost(form: URLSearchParams): { title: string; body: string; error?: string } {
  const title = (form.get('title') ?? '').trim()
  const body = (form.get('body') ?? '').trim()
  if (title === '') return { title, body, error: 'A post needs a title.' }
  if (title.length > MAX_TITLE) return { title, body, error: `A title has at most ${MAX_TITLE} characters.` }
  if (body === '') return { title, body, error: 'A post needs some text.' }
  if (body.length > MAX_BODY) return { title, body, error: `A post has at most ${MAX_BODY} characters.` }
  return { title, body }
}
