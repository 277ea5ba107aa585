/**
 * The JSON API beside the pages: `GET /api/posts` (20 a page, `?page=`) and `GET /api/posts/<int:id>`,
 * with JSON errors.
 */
import { BadRequest, Blueprint, HTTPError, json, NotFound, type PhialRequest } from 'phial'
import type { BlogContext } from './blog.ts'
import type { Post } from './models.ts'

/** Posts per page of `GET /api/posts`. */
export const API_PAGE_SIZE = 20

/** Where the API lives: the app's own error handlers answer JSON under it too (see blog.ts). */
export const API_PREFIX = '/api'

/** An API error as JSON: `{ "error": message }` with the error's status and headers (`Allow`). */
export const apiError = (error: HTTPError) => json({ error: error.message }, error.status, error.headers)

/** Builds the API blueprint over one blog's database. */
export function createAPIBlueprint({ posts }: BlogContext): Blueprint {
  const api = new Blueprint('api', { urlPrefix: API_PREFIX })

  api.errorHandler(HTTPError, apiError)

  const toJSON = (req: PhialRequest, post: Post) => ({
    id: post.id,
    title: post.title,
    body: post.body,
    author: post.author,
    created: post.created,
    url: req.urlFor('posts.show', { id: post.id }),
  })

  // Paged as the HTML list is, so no request builds an answer as large as the whole database: a
  // `Link` header names the next page (GitHub's convention), and `?page=` past the end is `[]`.
  api.get('/posts', function list(req) {
    const raw = req.query.get('page') ?? '1'
    const page = /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : 0
    if (page === 0) throw new BadRequest('page must be a whole number from 1 to 999999.')
    const found = posts.page(page, API_PAGE_SIZE).map((post) => toJSON(req, post))
    const res = json(found)
    if (page * API_PAGE_SIZE < posts.count())
      res.setHeader('link', `<${req.urlFor('api.list', { page: page + 1 })}>; rel="next"`)
    return res
  })

  api.get('/posts/<int:id>', function post(req) {
    const found = posts.byId(req.params.id)
    if (found === undefined) throw new NotFound(`There is no post ${req.params.id}.`)
    return toJSON(req, found)
  })

  return api
}
