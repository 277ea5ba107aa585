/**
 * The JSON API beside the pages: `GET /api/posts` and `GET /api/posts/<int:id>`, with JSON errors.
 */
import { Blueprint, HTTPError, json, NotFound, type PhialRequest } from 'phial'
import type { BlogContext } from './blog.ts'
import type { Post } from './models.ts'

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

  api.get('/posts', function list(req) {
    return posts.all().map((post) => toJSON(req, post))
  })

  api.get('/posts/<int:id>', function post(req) {
    const found = posts.byId(req.params.id)
    if (found === undefined) throw new NotFound(`There is no post ${req.params.id}.`)
    return toJSON(req, found)
  })

  return api
}
