import type { CompressOptions } from './compression.ts'
import { PhialError } from './errors.ts'
import type { AppOptions } from './types.ts'

type Env = Readonly<Record<string, string | undefined>>

function processEnv(): Env {
  // Read through globalThis: no node:* import, and Workers (no process) get an empty environment.
  return (globalThis as { process?: { env?: Env } }).process?.env ?? {}
}

/**
 * The application's configuration: phial's options with their defaults, plus any keys of your own.
 * Flask: `app.config`.
 *
 * @example
 * app.config.fromEnv()              // PHIAL_SECRET_KEY → secretKey, PHIAL_MAX_CONTENT_LENGTH=2048 → 2048
 * app.config.fromObject({ pageSize: 20 })
 */
export class Config {
  /** Signs session cookies; a list rotates keys. Flask: `SECRET_KEY`. */
  secretKey: string | readonly string[] | undefined = undefined
  /** @default 'session' (Flask: `SESSION_COOKIE_NAME`) */
  sessionCookieName = 'session'
  /** @default undefined, the current host only (Flask: `SESSION_COOKIE_DOMAIN`) */
  sessionCookieDomain: string | undefined = undefined
  /** @default '/' (Flask: `SESSION_COOKIE_PATH`) */
  sessionCookiePath = '/'
  /** @default true (Flask: `SESSION_COOKIE_HTTPONLY`) */
  sessionCookieHttpOnly = true
  /** @default false (Flask: `SESSION_COOKIE_SECURE`) */
  sessionCookieSecure = false
  /** @default 'Lax' (Flask: `SESSION_COOKIE_SAMESITE`) */
  sessionCookieSameSite: 'Strict' | 'Lax' | 'None' = 'Lax'
  /** @default false (Flask: `SESSION_COOKIE_PARTITIONED`) */
  sessionCookiePartitioned = false
  /**
   * In seconds; a permanent session's cookie expires then, so now plus it must be a date a `Date`
   * can hold (8.64e12 seconds after 1970 at most): anything longer is a `PhialError`.
   * @default 2678400, 31 days (Flask: `PERMANENT_SESSION_LIFETIME`)
   */
  permanentSessionLifetime = 31 * 24 * 60 * 60
  /** @default true (Flask: `SESSION_REFRESH_EACH_REQUEST`) */
  sessionRefreshEachRequest = true
  /** Debug pages for local requests. @default false, or true when PHIAL_DEBUG is 1, true, yes or on (Flask: `DEBUG`) */
  debug = TRUE.includes(processEnv().PHIAL_DEBUG?.trim().toLowerCase() ?? '')
  /** @default 1048576 (Flask: `MAX_CONTENT_LENGTH`) */
  maxContentLength = 1024 * 1024
  /** @default 1000 */
  maxParams = 1000
  /** @default 64 */
  maxJsonDepth = 64
  /** @default false */
  trustProxy: boolean | number = false
  /** Flask: `SERVER_NAME`. */
  serverName: string | undefined = undefined
  /** @default 1000 (Flask: `MAX_FORM_PARTS`) */
  maxFormParts = 1000
  /** @default 500000 (Flask: `MAX_FORM_MEMORY_SIZE`) */
  maxFormMemorySize = 500_000
  /** @default 10485760 */
  maxFileSize = 10 * 1024 * 1024
  /** @default 8192 */
  maxPartHeaderSize = 8192
  /** @default 524288 */
  fileMemoryLimit = 512 * 1024
  /** @default os.tmpdir() on Node */
  uploadTempDir: string | undefined = undefined
  /** @default false */
  compress: boolean | CompressOptions = false;
  /** Your own settings. */
  [key: string]: unknown

  constructor(options: Omit<AppOptions, 'converters' | 'logger'> = {}) {
    this.fromObject(options)
  }

  /**
   * Copies every own key of `source`, checking phial's settings as it goes; a key set to `undefined`
   * is skipped, so the default stays. Flask: `from_object` / `from_mapping`.
   */
  fromObject(source: Readonly<Record<string, unknown>>): this {
    for (const [key, value] of Object.entries(source)) {
      if (value === undefined || key === '__proto__' || key === 'prototype') continue
      refuseReserved(key)
      checkSetting(key, value)
      this[key] = value
    }
    return this
  }

  /**
   * Throws a `PhialError` naming the first setting with a bad value: a limit that is not a
   * non-negative whole number (`Infinity` means no limit where the docs allow it), a flag that is not
   * a boolean, a session cookie name that is not an RFC 6265 token. The app calls it before its first
   * request, since `app.config.x = …` bypasses the checks of the constructor, `fromObject` and `fromEnv`.
   *
   * @example
   * app.config.maxContentLength = Number('1mb') // NaN
   * app.config.validate() // PhialError: maxContentLength must be a non-negative whole number of bytes …
   */
  validate(): this {
    for (const key of Object.keys(SETTINGS)) checkSetting(key, this[key])
    return this
  }

  /**
   * Loads `PREFIX_*` environment variables: names become camelCase (`PHIAL_SECRET_KEY` → `secretKey`),
   * values are parsed as JSON when they are JSON (`2048`, `true`, `["a"]`) and kept as strings
   * otherwise, and `__` nests (`PHIAL_DB__HOST` → `db.host`). A flag (`PHIAL_DEBUG`) reads
   * 1/true/yes/on or 0/false/no/off, a limit must be a number (or `Infinity` where allowed), and a
   * bad value or a name of a `Config` method is a `PhialError`. Flask: `from_prefixed_env`.
   */
  fromEnv(prefix = 'PHIAL_', env: Env = processEnv()): this {
    for (const name of Object.keys(env).sort()) {
      const raw = env[name]
      if (!name.startsWith(prefix) || raw === undefined) continue
      const path = name.slice(prefix.length).split('__').map(camelCase)
      if (path.some((key) => key === '' || key === '__proto__' || key === 'prototype')) continue
      refuseReserved(path[0] as string, name)
      let target: Record<string, unknown> = this
      for (const key of path.slice(0, -1)) {
        let next = target[key]
        if (typeof next !== 'object' || next === null) {
          next = {}
          target[key] = next
        }
        target = next as Record<string, unknown>
      }
      const last = path[path.length - 1] as string
      if (path.length > 1) {
        if (last in Object.prototype) throw reserved(last, name)
        target[last] = parseValue(raw)
        continue
      }
      const value = parseSetting(last, raw, name)
      checkSetting(last, value, name)
      target[last] = value
    }
    return this
  }
}

function camelCase(name: string): string {
  return name.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())
}

function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw)
  } catch {
    return raw
  }
}

/** How phial checks each setting; any other key is the app's own and is not checked. */
const SETTINGS: Readonly<Record<string, (value: unknown) => string | undefined>> = {
  // Infinity is Flask's `None` (no limit) for the limits Flask lets you switch off.
  maxContentLength: limit('bytes', true),
  maxParams: limit('parameters', true),
  maxJsonDepth: limit('levels of nesting', false),
  maxFormParts: limit('parts', true),
  maxFormMemorySize: limit('bytes', true),
  maxFileSize: limit('bytes', true),
  maxPartHeaderSize: limit('bytes', false),
  fileMemoryLimit: limit('bytes', false),
  permanentSessionLifetime: lifetime,
  sendFileMaxAge: (value) => (value === undefined ? undefined : limit('seconds', false)(value)),
  debug: flag,
  sessionCookieHttpOnly: flag,
  sessionCookieSecure: flag,
  sessionCookiePartitioned: flag,
  sessionRefreshEachRequest: flag,
  trustProxy: (value) =>
    typeof value === 'boolean' || isWhole(value) ? undefined : 'must be true, false or a number of proxies',
  // RFC 6265 §4.1.1: cookie-name is an RFC 2616 token.
  sessionCookieName: (value) =>
    typeof value === 'string' && /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(value)
      ? undefined
      : "must be a cookie name (letters, digits and !#$%&'*+-.^_`|~)",
}

/** Settings whose default is a boolean: `fromEnv` reads 1/true/yes/on and 0/false/no/off/''. */
const FLAGS: ReadonlySet<string> = new Set([
  ...['debug', 'sessionCookieHttpOnly', 'sessionCookieSecure', 'sessionCookiePartitioned'],
  ...['sessionRefreshEachRequest', 'trustProxy', 'compress'],
])
const TRUE = ['1', 'true', 'yes', 'on']
const FALSE = ['0', 'false', 'no', 'off', '']

function limit(unit: string, unlimited: boolean): (value: unknown) => string | undefined {
  return (value) =>
    isWhole(value) || (unlimited && value === Number.POSITIVE_INFINITY)
      ? undefined
      : `must be a non-negative whole number of ${unit}${unlimited ? ' (Infinity for no limit)' : ''}`
}

// ECMA-262 §21.4.1.1: a Date holds 8.64e15 ms either side of 1970. A permanent session's Expires is
// now + lifetime; past that it is an invalid Date, and every permanent session's write a 500.
const MAX_DATE_SECONDS = 8.64e12

function lifetime(value: unknown): string | undefined {
  const problem = limit('seconds', false)(value)
  const max = Math.floor(MAX_DATE_SECONDS - Date.now() / 1000)
  if (problem !== undefined || (value as number) <= max) return problem
  return `must be at most ${max} seconds, so that a permanent session's expiry (now plus it) is a valid Date`
}

function flag(value: unknown): string | undefined {
  return typeof value === 'boolean' ? undefined : 'must be true or false'
}

function isWhole(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

/** Throws when `value` is wrong for the setting `key`; `source` names the variable it came from. */
function checkSetting(key: string, value: unknown, source?: string): void {
  const problem = SETTINGS[key]?.(value)
  if (problem === undefined) return
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value)
  throw new PhialError(`${key} ${problem}, got ${shown}${source === undefined ? '' : ` (from ${source})`}`)
}

/** A key naming a method of `Config` or `Object.prototype` would break the config: refused. */
function refuseReserved(key: string, source?: string): void {
  if (key in Config.prototype) throw reserved(key, source)
}

function reserved(key: string, source: string | undefined): PhialError {
  const from = source === undefined ? '' : ` (from ${source})`
  return new PhialError(`"${key}"${from} names a method of app.config and cannot be a setting: rename it`)
}

/** An environment value for `key`: a boolean word for a flag, `Infinity` for a limit, else JSON or text. */
function parseSetting(key: string, raw: string, name: string): unknown {
  const word = raw.trim().toLowerCase()
  if (FLAGS.has(key)) {
    if (TRUE.includes(word)) return true
    if (FALSE.includes(word)) return false
    const value = parseValue(raw)
    // trustProxy also takes a number, compress an options object; a plain flag takes only the words.
    if (
      (key === 'trustProxy' && typeof value === 'number') ||
      (key === 'compress' && typeof value === 'object')
    )
      return value
    throw new PhialError(`${name} must be 1, true, yes, on or 0, false, no, off, got ${JSON.stringify(raw)}`)
  }
  if (raw === 'Infinity' && SETTINGS[key]?.(Number.POSITIVE_INFINITY) === undefined) {
    return Number.POSITIVE_INFINITY
  }
  return parseValue(raw)
}
