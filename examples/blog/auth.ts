/**
 * The auth blueprint: register, log in, log out, the logged-in user on `req.state.user`, and
 * `loginRequired` for the views that need one. Flask's tutorial `flaskr/auth.py`, in phial.
 */
import { Blueprint, flash, type PhialRequest, redirect } from 'phial'
import type { BlogContext } from './blog.ts'
import type { User } from './models.ts'
import { hashPassword, needsRehash, verifyPassword } from './passwords.ts'

const USERNAME = /^[A-Za-z0-9_.-]{3,32}$/
const MIN_PASSWORD = 8

/** The logged-in user, loaded by the auth blueprint's `beforeAppRequest` hook. */
export function currentUser(req: PhialRequest): User | undefined {
  return req.state.user as User | undefined
}

/** Wraps a view so that visitors who are not logged in are sent to the login page first. */
export function loginRequired<R extends PhialRequest>(view: (req: R) => unknown) {
  const wrapped = (req: R) => {
    if (currentUser(req) !== undefined) return view(req)
    flash(req, 'Please log in first.', 'error')
    return redirect(req.urlFor('auth.login', { next: req.rootPath + req.path }), 303)
  }
  // Keep the view's name: it is the route's endpoint (Flask's functools.wraps).
  Object.defineProperty(wrapped, 'name', { value: view.name })
  return wrapped
}

/** Builds the auth blueprint over one blog's database. */
export function createAuthBlueprint({ users, templates, passwordIterations }: BlogContext): Blueprint {
  const auth = new Blueprint('auth', { urlPrefix: '/auth' })
  let dummyHash: Promise<string> | undefined

  auth.beforeAppRequest((req) => {
    const id = req.session.get('userId')
    if (typeof id === 'number') req.state.user = users.byId(id)
  })

  auth.route('/register', { methods: ['GET', 'POST'] }, async function register(req) {
    if (req.method === 'GET') return templates.render(req, 'auth/register.eta', { username: '' })
    const form = await req.form()
    const username = (form.get('username') ?? '').trim()
    const password = form.get('password') ?? ''
    let error: string | undefined
    if (!USERNAME.test(username))
      error = 'A username is 3 to 32 letters, digits, dots, dashes or underscores.'
    else if (password.length < MIN_PASSWORD) error = `A password needs at least ${MIN_PASSWORD} characters.`
    else if (users.byName(username) !== undefined) error = `The username ${username} is taken.`
    if (error === undefined) {
      const hash = await hashPassword(password, passwordIterations)
      // Checked again after the await: another request may have taken the name meanwhile.
      if (users.byName(username) === undefined) {
        users.add(username, hash)
        flash(req, 'Your account is ready. Please log in.', 'success')
        return redirect(req.urlFor('.login'), 303)
      }
      error = `The username ${username} is taken.`
    }
    flash(req, error, 'error')
    return templates.render(req, 'auth/register.eta', { username }, { status: 422 })
  })

  auth.route('/login', { methods: ['GET', 'POST'] }, async function login(req) {
    const next = safeNext(req.query.get('next'))
    if (req.method === 'GET') return templates.render(req, 'auth/login.eta', { username: '', next })
    const form = await req.form()
    const username = (form.get('username') ?? '').trim()
    const user = users.byName(username)
    // Hash even for an unknown name, so the answer's timing does not tell which names exist.
    dummyHash ??= hashPassword('', passwordIterations)
    const ok = await verifyPassword(form.get('password') ?? '', user?.password_hash ?? (await dummyHash))
    if (user === undefined || !ok) {
      flash(req, 'Wrong username or password.', 'error')
      return templates.render(req, 'auth/login.eta', { username, next }, { status: 422 })
    }
    // A hash made before the cost was raised is upgraded now, the one time the password is known
    // (passlib's needs_update): old accounts get the new cost and no longer answer faster.
    if (needsRehash(user.password_hash, passwordIterations))
      users.setPassword(user.id, await hashPassword(form.get('password') ?? '', passwordIterations))
    req.session.clear() // a fresh session (and CSRF token) on login
    req.session.set('userId', user.id)
    req.session.permanent = true
    flash(req, `Welcome back, ${user.username}.`, 'success')
    return redirect(next ?? req.urlFor('posts.index'), 303)
  })

  auth.post('/logout', function logout(req) {
    req.session.clear()
    flash(req, 'You have logged out.', 'success')
    return redirect(req.urlFor('posts.index'), 303)
  })

  return auth
}

// Only a path on this site: `//evil.example` and `/\evil.example` are other hosts to a browser.
function safeNext(next: string | null): string | undefined {
  if (next === null || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return undefined
  // A control character (a tab browsers drop, a CR or LF redirect() refuses) is never a real path.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(next)) return undefined
  return next
}
