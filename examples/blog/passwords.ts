/**
 * Password hashing with PBKDF2-HMAC-SHA256 through Web Crypto (`crypto.subtle`), the same API phial
 * signs sessions with, so this file runs unchanged on Node, Bun, Deno and Workers. A hash is stored as
 * `pbkdf2-sha256$<iterations>$<salt>$<hash>` (base64url), Werkzeug's `generate_password_hash` layout,
 * so the cost can be raised later without breaking stored hashes.
 */

/** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
export const DEFAULT_ITERATIONS = 600_000

const ALGORITHM = 'pbkdf2-sha256'
const encoder = new TextEncoder()

/** Hashes a password with a fresh 16-byte random salt. */
export async function hashPassword(password: string, iterations = DEFAULT_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16))
  const hash = await derive(password, salt, iterations)
  return `${ALGORITHM}$${iterations}$${toBase64Url(salt)}$${toBase64Url(hash)}`
}

/** Whether `password` matches a hash made by {@link hashPassword}; a malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [algorithm, count, salt, hash] = stored.split('$')
  const iterations = Number(count)
  if (algorithm !== ALGORITHM || !Number.isSafeInteger(iterations) || iterations < 1) return false
  if (salt === undefined || hash === undefined) return false
  const expected = fromBase64Url(hash)
  const actual = await derive(password, fromBase64Url(salt), iterations)
  return constantTimeEqual(actual, expected)
}

/** Whether a stored hash was made with fewer iterations than `iterations` (then rehash it at login). */
export function needsRehash(stored: string, iterations: number): boolean {
  return Number(stored.split('$')[1]) < iterations
}

async function derive(
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256)
  return new Uint8Array(bits)
}

// Compare every byte whatever the first difference, so the time taken does not leak where it is.
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let difference = 0
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0)
  return difference === 0
}

function toBase64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '')
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  try {
    return Uint8Array.from(atob(text.replaceAll('-', '+').replaceAll('_', '/')), (c) => c.charCodeAt(0))
  } catch {
    return new Uint8Array(0)
  }
}
