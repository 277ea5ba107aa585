import { App, type AppOptions } from 'phial'
import { createLogger } from './_sessions.ts'

/** The default permanentSessionLifetime, in seconds (31 days, as in Flask). */
export const LIFETIME = 31 * 24 * 60 * 60

/**
 * The app the gateway session tests serve, keyed with 'new-key', and the logger it records errors in:
 * routes that set, read, clear, make permanent, log in again, overflow and Vary the session.
 * `options` override the App's (cookie attributes, lifetime, keys).
 */
export function createApp(options: AppOptions = {}) {
  const logger = createLogger()
  const app = new App({ secretKey: 'new-key', logger, ...options })
  app.get('/set', (req) => {
    for (const [key, value] of req.query) req.session.set(key, value)
    return { ok: true }
  })
  app.get('/get', (req) => ({
    data: req.session.toJSON(),
    new: req.session.new,
    permanent: req.session.permanent,
  }))
  app.get('/untouched', () => 'plain')
  app.get('/clear', (req) => {
    req.session.clear()
    return 'cleared'
  })
  app.get('/permanent', (req) => {
    req.session.permanent = true
    req.session.set('user', 'ada')
    return 'ok'
  })
  app.get('/relogin', (req) => {
    req.session.clear()
    req.session.set('user', 'bob')
    return 'ok'
  })
  app.get('/big', (req) => {
    req.session.set('big', 'x'.repeat(4000))
    return 'never sent'
  })
  app.get('/vary', (req) => {
    const res = new Response(String(req.session.get('user') ?? 'anonymous'), {
      headers: { vary: 'Accept-Encoding' },
    })
    return res
  })
  return { app, logger }
}

/** Request options sending a session cookie (`name` defaults to `session`). */
export const cookie = (value: string, name = 'session') => ({ headers: { cookie: `${name}=${value}` } })
