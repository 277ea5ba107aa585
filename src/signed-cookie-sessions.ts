import type { Config } from './config.ts'
import { serializeCookie } from './cookies.ts'
import { PhialError } from './errors.ts'
import type { PhialRequest } from './request.ts'
import type { PhialResponse } from './response.ts'
import { Session, type SessionInterface, sessionCookieOptions, varyOnCookie } from './sessions.ts'

/** @internal The session interface an app uses by default: signed cookies once it has a `secretKey`. */
export function defaultSessionInterface(config: Config): SessionInterface | undefined {
  const key = config.secretKey as unknown
  const set = typeof key === 'string' ? key !== '' : Array.isArray(key) ? key.length > 0 : key != null
  return set ? new SignedCookieSessionInterface() : undefined
}

// RFC 6265bis's Set-Cookie steps: a browser ignores a cookie whose name and value together exceed 4096
// octets (its attributes do not count). Werkzeug warns past 4093 for the whole header and sends it.
const MAX_COOKIE_SIZE = 4096
const SALT = 'phial.session'
const HMAC = { name: 'HMAC', hash: 'SHA-256' } as const
const encoder = new TextEncoder()

interface Payload {
  /** The data. */
  d: Record<string, unknown>
  /** Issued at, in seconds since the epoch. */
  t: number
  /** Permanent. */
  p?: true
}

/**
 * Sessions in a cookie signed with HMAC-SHA256 through Web Crypto, so every runtime works: readable
 * by the client, but not forgeable. The first `secretKey` signs, every key verifies. Flask:
 * `SecureCookieSessionInterface`.
 *
 * @example
 * // The cookie: base64url(JSON {d: data, t: issued at, p?: permanent}) "." base64url(HMAC-SHA256)
 * new App({ secretKey: [newKey, oldKey] }) // rotation: new cookies use newKey, old ones still read
 */
export class SignedCookieSessionInterface implements SessionInterface {
  readonly #keys = new Map<string, Promise<CryptoKey>>()

  /** Verifies the cookie (only when the request has one); a bad, foreign or expired one is an empty session. */
  open(req: PhialRequest): Session | Promise<Session> {
    const value = req.cookies[req.app.config.sessionCookieName]
    if (value === undefined || value === '') return new Session()
    return this.#load(req.app.config, value)
  }

  /**
   * Signs the session into the cookie when modified (or permanent), deletes it when cleared. A cookie
   * whose name and value pass 4096 bytes, which browsers refuse, is a `PhialError` (a logged 500).
   */
  async save(req: PhialRequest, session: Session, res: PhialResponse): Promise<void> {
    const config = req.app.config
    const name = config.sessionCookieName
    if (session.accessed) varyOnCookie(res)
    const permanent = session.permanent
    if (session.size === 0) {
      if (session.modified && req.cookies[name] !== undefined) {
        res.setCookie(name, '', { ...sessionCookieOptions(config, false), maxAge: 0, expires: new Date(0) })
        varyOnCookie(res)
      }
      return
    }
    // Flask: a permanent session's cookie is re-sent each request so its expiry slides.
    if (!session.modified && !(permanent && config.sessionRefreshEachRequest)) return
    const payload: Payload = { d: session.toJSON(), t: Math.floor(Date.now() / 1000) }
    if (permanent) payload.p = true
    const body = toBase64Url(encoder.encode(JSON.stringify(payload)))
    const [first] = secretKeys(config)
    const signature = await crypto.subtle.sign('HMAC', await this.#key(first as string), encoder.encode(body))
    const value = `${body}.${toBase64Url(new Uint8Array(signature))}`
    // Measured as browsers measure (the name is a token and the value base64url: one byte a
    // character), so making a session permanent, which adds Max-Age and Expires, changes nothing. Too
    // big is a loud 500: a browser would drop the cookie, and with it the session, silently.
    const size = name.length + value.length
    if (size > MAX_COOKIE_SIZE) {
      throw new PhialError(
        `the session cookie's name and value are ${size} bytes, over the ${MAX_COOKIE_SIZE} bytes browsers keep: ` +
          'store less in the session (an id rather than the record), or use a server-side sessionInterface',
      )
    }
    res.headers.append('set-cookie', serializeCookie(name, value, sessionCookieOptions(config, permanent)))
    varyOnCookie(res)
  }

  async #load(config: Config, value: string): Promise<Session> {
    const dot = value.indexOf('.')
    const signature = fromBase64Url(value.slice(dot + 1))
    if (dot <= 0 || signature === undefined) return new Session()
    const body = value.slice(0, dot)
    const message = encoder.encode(body)
    let valid = false
    // crypto.subtle.verify compares in constant time; a foreign cookie is checked against every key.
    for (const secret of secretKeys(config)) {
      if (await crypto.subtle.verify('HMAC', await this.#key(secret), signature, message)) {
        valid = true
        break
      }
    }
    const payload = valid ? toPayload(fromBase64Url(body)) : undefined
    if (payload === undefined) return new Session()
    const age = Date.now() / 1000 - payload.t
    // Flask's loads(max_age=…): every session expires server-side once it is older than the lifetime.
    if (age > config.permanentSessionLifetime || age < -60) return new Session()
    return new Session(payload.d, { new: false, permanent: payload.p === true })
  }

  #key(secret: string): Promise<CryptoKey> {
    let key = this.#keys.get(secret)
    if (key === undefined) {
      key = deriveKey(secret)
      this.#keys.set(secret, key)
    }
    return key
  }
}

/** A key for sessions only, derived from the secret: HMAC-SHA256(secret, "phial.session"). */
async function deriveKey(secret: string): Promise<CryptoKey> {
  const master = await crypto.subtle.importKey('raw', encoder.encode(secret), HMAC, false, ['sign'])
  const derived = await crypto.subtle.sign('HMAC', master, encoder.encode(SALT))
  return crypto.subtle.importKey('raw', derived, HMAC, false, ['sign', 'verify'])
}

function secretKeys(config: Config): readonly string[] {
  const key = config.secretKey as unknown
  const keys = typeof key === 'string' ? [key] : Array.isArray(key) ? key : []
  if (keys.length === 0 || !keys.every((k) => typeof k === 'string' && k !== '')) {
    throw new PhialError(
      `secretKey must be a non-empty string or a list of them (the first signs, all verify); got ${JSON.stringify(key)}`,
    )
  }
  return keys as string[]
}

function toPayload(bytes: Uint8Array | undefined): Payload | undefined {
  if (bytes === undefined) return undefined
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const { d, t, p } = value as Record<string, unknown>
  if (typeof t !== 'number' || typeof d !== 'object' || d === null || Array.isArray(d)) return undefined
  return p === true ? { d: d as Record<string, unknown>, t, p } : { d: d as Record<string, unknown>, t }
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(text) || text.length % 4 === 1) return undefined
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
