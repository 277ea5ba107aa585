import type { Config } from './config.ts'
import type { CookieOptions } from './cookies.ts'
import { PhialError } from './errors.ts'
import type { PhialRequest } from './request.ts'
import type { PhialResponse } from './response.ts'

/**
 * The values a session holds, keyed by name. Augment it to type your keys:
 * `declare module 'phial' { interface SessionData { userId: number } }`.
 */
export interface SessionData {
  [key: string]: unknown
}

type Key = keyof SessionData & string

/** Options of `new Session()`, for session interfaces. */
export interface SessionOptions {
  /** Whether the session did not come from the request (no cookie, or an invalid one). @default true */
  new?: boolean | undefined
  /** Whether the cookie outlives the browser session. @default false */
  permanent?: boolean | undefined
}

/**
 * The session: a dict-like store kept across requests, in a signed cookie by default. Values must be
 * JSON-serializable; after mutating a nested value in place, set `modified = true`. Flask: `session`.
 *
 * @example
 * req.session.set('userId', user.id)
 * const id = req.session.get('userId')
 */
export class Session implements Iterable<[string, unknown]> {
  /** Whether the session changed and must be saved; set it after mutating a nested value. Flask: `session.modified`. */
  modified = false
  /** Whether the request brought no valid session. Flask: `session.new`. */
  readonly new: boolean
  #accessed = false
  #permanent: boolean
  readonly #data: Map<string, unknown>

  constructor(data: Readonly<Record<string, unknown>> = {}, options: SessionOptions = {}) {
    this.#data = new Map(Object.entries(data))
    this.new = options.new ?? true
    this.#permanent = options.permanent ?? false
  }

  /** Whether the session was read or written: the response then varies on `Cookie`. Flask: `session.accessed`. */
  get accessed(): boolean {
    return this.#accessed
  }

  /** Whether the cookie lasts `permanentSessionLifetime` instead of the browser session. Flask: `session.permanent`. */
  get permanent(): boolean {
    this.#accessed = true
    return this.#permanent
  }
  set permanent(value: boolean) {
    this.#update()
    this.#permanent = value
  }

  /** The number of keys. */
  get size(): number {
    return this.#read().size
  }
  /** A value, or `undefined`. Flask: `session.get(key)`. */
  get<K extends Key>(key: K): SessionData[K] | undefined {
    return this.#read().get(key) as SessionData[K] | undefined
  }
  /** Whether a key is set. Flask: `key in session`. */
  has(key: Key): boolean {
    return this.#read().has(key)
  }
  /** Sets a value and marks the session modified. Flask: `session[key] = value`. */
  set<K extends Key>(key: K, value: SessionData[K]): this {
    this.#update().set(key, value)
    return this
  }
  /** Removes a key; whether it was there. Flask: `del session[key]`. */
  delete(key: Key): boolean {
    if (!this.#read().has(key)) return false
    return this.#update().delete(key)
  }
  /** Removes a key and returns its value. Flask: `session.pop(key, None)`. */
  pop<K extends Key>(key: K): SessionData[K] | undefined {
    const value = this.get(key)
    this.delete(key)
    return value
  }
  /**
   * Removes every key and makes the session non-permanent again (Flask keeps `permanent` among the
   * keys it clears); a cleared session deletes its cookie. Flask: `session.clear()`.
   */
  clear(): void {
    this.#update().clear()
    this.#permanent = false
  }
  /** The keys. */
  keys(): IterableIterator<string> {
    return this.#read().keys()
  }
  /** The values. */
  values(): IterableIterator<unknown> {
    return this.#read().values()
  }
  /** The `[key, value]` pairs. Flask: `session.items()`. */
  entries(): IterableIterator<[string, unknown]> {
    return this.#read().entries()
  }
  [Symbol.iterator](): IterableIterator<[string, unknown]> {
    return this.entries()
  }
  /** The data as a plain object, as session interfaces store it. */
  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this.#read())
  }

  #read(): Map<string, unknown> {
    this.#accessed = true
    return this.#data
  }
  #update(): Map<string, unknown> {
    this.#accessed = true
    this.modified = true
    return this.#data
  }
}

/**
 * The session of an app without sessions: empty, readable, and any write is a `PhialError` that says
 * to set `secretKey`. Flask: `NullSession`.
 */
export class NullSession extends Session {
  override get permanent(): boolean {
    return false
  }
  override set permanent(_value: boolean) {
    unavailable()
  }
  override set(): never {
    unavailable()
  }
  override delete(): never {
    unavailable()
  }
  override pop(): never {
    unavailable()
  }
  override clear(): never {
    unavailable()
  }
}

function unavailable(): never {
  throw new PhialError(
    'the session is unavailable because the app has no secretKey: set one with new App({ secretKey: … }) ' +
      '(a long random string kept out of the code), or pass a sessionInterface',
  )
}

/**
 * Where sessions are kept: `open` loads the request's session before the hooks run (a missing or
 * invalid one is a new empty `Session`, never an error), `save` writes it after the after-request
 * hooks. Flask: `SessionInterface`.
 *
 * @example
 * const app = new App({ sessionInterface: new RedisSessions(redis) })
 */
export interface SessionInterface {
  /** Loads the session of a request. Flask: `open_session`. */
  open(req: PhialRequest): Session | Promise<Session>
  /** Stores the session and sets its cookie on the response. Flask: `save_session`. */
  save(req: PhialRequest, session: Session, res: PhialResponse): void | Promise<void>
}

/**
 * The attributes of the session cookie from the config; permanent sessions get `Max-Age` and
 * `Expires` from `permanentSessionLifetime`. For custom session interfaces.
 */
export function sessionCookieOptions(config: Config, permanent: boolean): CookieOptions {
  const options: CookieOptions = {
    path: config.sessionCookiePath,
    httpOnly: config.sessionCookieHttpOnly,
    secure: config.sessionCookieSecure,
    sameSite: config.sessionCookieSameSite,
    partitioned: config.sessionCookiePartitioned,
  }
  if (config.sessionCookieDomain !== undefined) options.domain = config.sessionCookieDomain
  if (permanent) {
    options.maxAge = config.permanentSessionLifetime
    options.expires = new Date(Date.now() + config.permanentSessionLifetime * 1000)
  }
  return options
}

/** Adds `Cookie` to the response's `Vary`: caches must not share a page built from a session. */
export function varyOnCookie(res: PhialResponse): void {
  const vary = res.headers.get('vary')
  if (vary === null || vary === '') res.headers.set('vary', 'Cookie')
  else if (!/(?:^|,)\s*(?:cookie|\*)\s*(?:,|$)/i.test(vary)) res.headers.set('vary', `${vary}, Cookie`)
}

/** @internal Opens the request's session (dispatch calls it before the hooks). */
export function openSession(sessions: SessionInterface, req: PhialRequest): void | Promise<void> {
  const session = sessions.open(req)
  if (session instanceof Promise) return session.then((opened) => req.useSession(opened))
  req.useSession(session)
}

/** @internal Saves the request's session (dispatch calls it after the after-request hooks). */
export function saveSession(
  sessions: SessionInterface,
  req: PhialRequest,
  res: PhialResponse,
): void | Promise<void> {
  const session = req.session
  // Flask skips saving a null session: opening failed, and that error was answered already.
  if (session instanceof NullSession) return
  return sessions.save(req, session, res)
}
