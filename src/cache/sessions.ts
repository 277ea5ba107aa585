// Server-side sessions: the data in a Cache's store, a random id in the cookie (Flask-Session).
import type { Cache } from '../cache.ts'
import type { Config } from '../config.ts'
import type { PhialRequest } from '../request.ts'
import type { PhialResponse } from '../response.ts'
import { Session, type SessionInterface, sessionCookieOptions, varyOnCookie } from '../sessions.ts'

/** Options of {@link CacheSessionInterface}. */
export interface CacheSessionOptions {
  /** Put before each session id in the cache's keys. @default 'session:' */
  prefix?: string | undefined
}

/** What is stored under a session's id. */
interface Stored {
  /** The data. */
  d: Record<string, unknown>
  /** Permanent. */
  p?: true
}

// 32 random bytes in base64url: 43 characters. A cookie of any other form is never looked up.
const ID = /^[A-Za-z0-9_-]{43}$/

/** A session loaded from the store, with the id it was found under. */
class StoredSession extends Session {
  constructor(
    data: Record<string, unknown>,
    permanent: boolean,
    readonly id: string,
  ) {
    super(data, { new: false, permanent })
  }
}

/**
 * Sessions kept on the server, in a {@link Cache}'s store (Redis or Memcached to share them between
 * workers), with only a random 256-bit id in the cookie: a session can hold more than a cookie's 4 KB,
 * is not readable by the client, and is gone everywhere once cleared (logout), which a signed cookie
 * cannot promise. Flask-Session's `RedisSessionInterface` and its siblings.
 *
 * A new id is made for every new session (an id the client sent that the store does not know is
 * never adopted) and by {@link regenerate}, which a login should call (session fixation). Entries
 * live `permanentSessionLifetime` from their last save. Opening a session reads the store only when
 * the request has a session cookie; a store that fails then makes the request a logged 500, as a
 * failing `open()` does.
 *
 * @example
 * const cache = new Cache({ store: new RedisStore(redis) })
 * const sessions = new CacheSessionInterface(cache)
 * const app = new App({ sessionInterface: sessions })
 * app.post('/login', async (req) => { sessions.regenerate(req); req.session.set('userId', id); … })
 */
export class CacheSessionInterface implements SessionInterface {
  /** The cache the sessions are kept in. */
  readonly cache: Cache
  readonly #prefix: string
  readonly #regenerate = new WeakSet<Session>()

  constructor(cache: Cache, options: CacheSessionOptions = {}) {
    this.cache = cache
    this.#prefix = options.prefix ?? 'session:'
  }

  /** Loads the session the cookie names; no cookie, a malformed one or an unknown id is a new session. */
  open(req: PhialRequest): Session | Promise<Session> {
    const id = req.cookies[req.app.config.sessionCookieName]
    if (id === undefined || !ID.test(id)) return new Session()
    return this.cache.get<Stored>(this.#prefix + id).then((stored) => {
      const data = typeof stored === 'object' && stored !== null ? stored.d : undefined
      // Anything but {d: {…}} was not written here: no session rather than a 500.
      if (typeof data !== 'object' || data === null || Array.isArray(data)) return new Session()
      return new StoredSession(data, stored?.p === true, id)
    })
  }

  /**
   * Stores a modified session (and a permanent one each request, with `sessionRefreshEachRequest`),
   * sets the cookie when the id is new, and deletes both when the session was cleared.
   */
  async save(req: PhialRequest, session: Session, res: PhialResponse): Promise<void> {
    const config = req.app.config
    const name = config.sessionCookieName
    const id = session instanceof StoredSession ? session.id : undefined
    if (session.accessed) varyOnCookie(res)
    const permanent = session.permanent
    if (session.size === 0) {
      if (!session.modified) return
      if (id !== undefined) await this.cache.delete(this.#prefix + id)
      if (req.cookies[name] !== undefined) expireCookie(res, config)
      return
    }
    const refresh = permanent && config.sessionRefreshEachRequest
    if (!session.modified && !refresh) return
    const newId = id === undefined || this.#regenerate.has(session) ? randomId() : id
    const stored: Stored = { d: session.toJSON() }
    if (permanent) stored.p = true
    const timeout = { timeout: config.permanentSessionLifetime }
    if (newId !== id) {
      await this.cache.set(this.#prefix + newId, stored, timeout)
      if (id !== undefined) await this.cache.delete(this.#prefix + id)
    } else if (!(await this.cache.replace(this.#prefix + id, stored, timeout))) {
      // Deleted since this request opened it (a logout in another request, or expiry): writing it
      // back would undo the logout, so the session stays gone, and so does the cookie.
      expireCookie(res, config)
      return
    }
    if (newId !== id || refresh) {
      res.setCookie(name, newId, sessionCookieOptions(config, permanent))
      varyOnCookie(res)
    }
  }

  /**
   * Gives the request's session a new id when it is saved, and deletes the old one: call it when a
   * user logs in, so an id planted before the login (session fixation) is worth nothing after it.
   */
  regenerate(req: PhialRequest): void {
    const session = req.session
    this.#regenerate.add(session)
    session.modified = true
  }
}

function expireCookie(res: PhialResponse, config: Config): void {
  res.setCookie(config.sessionCookieName, '', {
    ...sessionCookieOptions(config, false),
    maxAge: 0,
    expires: new Date(0),
  })
  varyOnCookie(res)
}

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}
