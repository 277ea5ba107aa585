/**
 * `createBlog(options)` builds the whole blog: a fresh app over its own database, so each test gets
 * its own. `app.ts` calls it with a file under `data/` and serves it.
 */
import { App, HTTPError, json, type PhialRequest } from 'phial'
import { createTemplates, type Templates } from 'phial/eta'
import { serveStatic } from 'phial/static'
import { API_PREFIX, apiError, createAPIBlueprint } from './api.ts'
import { createAuthBlueprint, currentUser } from './auth.ts'
import { csrfProtect, csrfToken } from './csrf.ts'
import { Database } from './db.ts'
import { createPosts, createUsers, type Posts, type Users } from './models.ts'
import { DEFAULT_ITERATIONS, hashPassword } from './passwords.ts'
import { createPostsBlueprint } from './posts.ts'

/** Options of {@link createBlog}. */
export interface BlogOptions {
  /** The SQLite file, created if missing. @default ':memory:' (a fresh, empty database) */
  database?: string
  /** Signs the session cookie. @default a random key: sessions end when the process does */
  secretKey?: string | readonly string[] | undefined
  /** PBKDF2 iterations for new password hashes; tests lower it. @default 600_000 */
  passwordIterations?: number
  /** Adds a user (`ada`, password `lovelace1843`) and a first post to an empty database. @default true */
  seed?: boolean
  /** phial's debug mode: tracebacks in the browser, templates re-read on every request. @default false */
  debug?: boolean
}

/** What the blueprints share: one blog's tables and templates. */
export interface BlogContext {
  users: Users
  posts: Posts
  templates: Templates
  passwordIterations: number
}

/** The seeded account, printed when the blog starts. */
export const SEED_USER = { username: 'ada', password: 'lovelace1843' }

/** Builds a blog app over its own database. */
export async function createBlog(options: BlogOptions = {}): Promise<App> {
  const db = await Database.open(options.database ?? ':memory:')
  const context: BlogContext = {
    users: createUsers(db),
    posts: createPosts(db),
    templates: createTemplates({ root: import.meta.dirname, globals: { formatDate } }),
    passwordIterations: options.passwordIterations ?? DEFAULT_ITERATIONS,
  }
  if (options.seed !== false) await seed(context)

  const app = new App({ secretKey: options.secretKey ?? randomKey(), debug: options.debug ?? false })
  serveStatic(app, { root: import.meta.dirname })
  app.beforeRequest(csrfProtect)
  context.templates.contextProcessor((req) => ({
    user: currentUser(req),
    csrfToken: () => csrfToken(req),
  }))

  app.registerBlueprint(createAuthBlueprint(context))
  app.registerBlueprint(createPostsBlueprint(context))
  app.registerBlueprint(createAPIBlueprint(context))

  // Pages answer errors with the layout; the API blueprint has its own JSON handler. A URL under /api
  // that matches no route (404, 405, a converter that does not match) fails in routing, before any
  // blueprint is chosen, so it reaches these app handlers: they answer JSON there too (Flask's recipe).
  const inAPI = (req: PhialRequest) => req.path === API_PREFIX || req.path.startsWith(`${API_PREFIX}/`)
  const errorPage = (status: number, message: string, req: PhialRequest, headers?: Record<string, string>) =>
    context.templates.render(req, 'error.eta', { status, message }, { status, headers: headers ?? {} })
  app.errorHandler(HTTPError, (error: HTTPError, req) =>
    inAPI(req) ? apiError(error) : errorPage(error.status, error.message, req, error.headers),
  )
  app.errorHandler(500, (_error: unknown, req) => {
    const message = 'Something went wrong on our side.'
    return inAPI(req) ? json({ error: message }, 500) : errorPage(500, message, req)
  })
  return app
}

async function seed({ users, posts, passwordIterations }: BlogContext): Promise<void> {
  if (users.count() > 0) return
  const id = users.add(SEED_USER.username, await hashPassword(SEED_USER.password, passwordIterations))
  posts.add(
    id,
    'Hello from phial',
    'This blog is the showcase of phial, Flask for TypeScript: two blueprints, eta templates, ' +
      'signed-cookie sessions, flash messages, CSRF-protected forms and a JSON API, on SQLite.\n\n' +
      `Log in as ${SEED_USER.username} (password ${SEED_USER.password}), or register, and write the next post.`,
  )
}

function randomKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  )
}

function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })
}
