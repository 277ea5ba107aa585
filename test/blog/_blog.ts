import type { App, TestClient } from 'phial'
import { createBlog } from '../../examples/blog/blog.ts'

/** A fresh blog on an in-memory database, with cheap password hashes. */
export function newBlog(): Promise<App> {
  return createBlog({ database: ':memory:', passwordIterations: 1_000 })
}

/** The CSRF token of the first form on a page. */
export function csrfFrom(html: string): string {
  const token = /name="csrf_token" value="([0-9a-f]{64})"/.exec(html)?.[1]
  if (token === undefined) throw new Error(`no csrf_token field in:\n${html}`)
  return token
}

/** The page a browser ends on after a form post. */
export interface Page {
  status: number
  /** The path of the final page (the test client's `Response.url` is empty). */
  path: string
  body: string
}

/** GETs a form page and POSTs its form with the page's CSRF token, following a redirect as a browser would. */
export async function submit(
  client: TestClient,
  page: string,
  fields: Record<string, string>,
  action = page,
): Promise<Page> {
  const token = csrfFrom(await (await client.get(page)).text())
  let path = new URL(action, 'http://localhost').pathname
  let res = await client.post(action, { form: { ...fields, csrf_token: token } })
  const location = res.headers.get('location')
  if (res.status === 303 && location !== null) {
    path = new URL(location, 'http://localhost').pathname
    res = await client.get(location)
  }
  return { status: res.status, path, body: await res.text() }
}

/** Registers a user and logs them in. */
export async function registerAndLogIn(
  client: TestClient,
  username: string,
  password: string,
): Promise<void> {
  await submit(client, '/auth/register', { username, password })
  const res = await submit(client, '/auth/login', { username, password })
  if (!res.body.includes(`Welcome back, ${username}.`)) throw new Error(`could not log in ${username}`)
}
