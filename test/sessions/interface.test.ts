import {
  App,
  type PhialRequest,
  type PhialResponse,
  Session,
  type SessionInterface,
  sessionCookieOptions,
  varyOnCookie,
} from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'
import { cookieValue, setCookieLine } from './_sessions.ts'

/** A session that remembers its id in the store. */
class StoredSession extends Session {
  constructor(
    data: Record<string, unknown>,
    readonly id: string,
  ) {
    super(data, { new: false })
  }
}

/** The server-side store of docs/sessions.md, on a Map where a real one would call Redis. */
class MemorySessions implements SessionInterface {
  readonly store = new Map<string, Record<string, unknown>>()

  async open(req: PhialRequest): Promise<Session> {
    const id = req.cookies[req.app.config.sessionCookieName]
    const data = id === undefined ? undefined : this.store.get(id)
    return data === undefined || id === undefined ? new Session() : new StoredSession(data, id)
  }

  async save(req: PhialRequest, session: Session, res: PhialResponse): Promise<void> {
    const config = req.app.config
    const id = session instanceof StoredSession ? session.id : undefined
    if (session.accessed) varyOnCookie(res)
    if (session.size === 0) {
      if (id !== undefined && session.modified) {
        this.store.delete(id)
        res.deleteCookie(config.sessionCookieName, { path: config.sessionCookiePath })
      }
      return
    }
    if (!session.modified) return
    const newId = id ?? crypto.randomUUID()
    this.store.set(newId, session.toJSON())
    if (id === undefined) res.setCookie(config.sessionCookieName, newId, sessionCookieOptions(config, false))
  }
}

describe.each(gateways)('a custom session interface through $name', (gateway) => {
  let served: Served
  const sessions = new MemorySessions()
  beforeAll(async () => {
    // No secretKey: the interface decides where sessions live.
    const app = new App({ sessionInterface: sessions })
    app.get('/login', (req) => {
      req.session.set('user', 'ada')
      return 'ok'
    })
    app.get('/me', (req) => ({ user: req.session.get('user') ?? null }))
    app.get('/logout', (req) => {
      req.session.clear()
      return 'bye'
    })
    served = await gateway.serve(app)
  })
  afterAll(() => served.close())

  it('keeps the data on the server and only an id in the cookie', async () => {
    const login = await served.fetch('/login')
    const id = cookieValue(login) as string
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    expect(sessions.store.get(id)).toEqual({ user: 'ada' })
    expect(login.headers.get('vary')).toBe('Cookie')
    const headers = { cookie: `session=${id}` }
    expect(await (await served.fetch('/me', { headers })).json()).toEqual({ user: 'ada' })
    expect(await (await served.fetch('/me', { headers: { cookie: 'session=unknown' } })).json()).toEqual({
      user: null,
    })
    const logout = await served.fetch('/logout', { headers })
    expect(setCookieLine(logout)).toMatch(/^session=; Max-Age=0;/)
    expect(sessions.store.has(id)).toBe(false)
  })
})
