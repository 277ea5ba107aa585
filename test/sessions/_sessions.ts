import type { App, Logger } from 'phial'
import type { Gateway, Served } from '../_gateways.ts'

const encoder = new TextEncoder()
const HMAC = { name: 'HMAC', hash: 'SHA-256' } as const

/** Base64url without padding, as the session cookie uses it. */
export function toBase64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}

/**
 * Signs a payload the way docs/sessions.md describes the cookie: base64url(payload) "." base64url(HMAC-SHA256
 * over the first part, keyed with HMAC-SHA256(secret, "phial.session")). Lets tests forge expired,
 * malformed-but-signed and foreign cookies.
 */
export async function signCookie(payload: unknown, secret: string): Promise<string> {
  const bytes =
    payload instanceof Uint8Array
      ? payload
      : encoder.encode(typeof payload === 'string' ? payload : JSON.stringify(payload))
  const body = toBase64Url(bytes)
  const master = await crypto.subtle.importKey('raw', encoder.encode(secret), HMAC, false, ['sign'])
  const derived = await crypto.subtle.sign('HMAC', master, encoder.encode('phial.session'))
  const key = await crypto.subtle.importKey('raw', derived, HMAC, false, ['sign'])
  const signature = await crypto.subtle.sign('HMAC', key, encoder.encode(body))
  return `${body}.${toBase64Url(new Uint8Array(signature))}`
}

/** Seconds since the epoch. */
export function now(): number {
  return Math.floor(Date.now() / 1000)
}

/** The `Set-Cookie` line for `name`, or `undefined`. */
export function setCookieLine(res: Response, name = 'session'): string | undefined {
  return res.headers.getSetCookie().find((line) => line.startsWith(`${name}=`))
}

/** The value a response set for cookie `name`, or `undefined`. */
export function cookieValue(res: Response, name = 'session'): string | undefined {
  const line = setCookieLine(res, name)
  return line?.slice(name.length + 1).split(';')[0]
}

/** Decodes the payload part of a session cookie. */
export function readPayload(value: string): { d: Record<string, unknown>; t: number; p?: true } {
  const body = value.split('.')[0] as string
  const binary = atob(body.replace(/-/g, '+').replace(/_/g, '/'))
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))))
}

/** A logger that keeps what was logged, for asserting on the errors a 500 logs. */
export function createLogger(): Logger & { errors: unknown[][] } {
  const errors: unknown[][] = []
  return { errors, error: (...args) => errors.push(args), warn() {}, info() {}, debug() {} }
}

/** Serves `app` through `gateway` for the length of `fn`. */
export async function withServed<T>(
  gateway: Gateway,
  app: App,
  fn: (served: Served) => Promise<T>,
): Promise<T> {
  const served = await gateway.serve(app)
  try {
    return await fn(served)
  } finally {
    await served.close()
  }
}
