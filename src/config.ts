import type { CompressOptions } from './compression.ts'
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
  /** In seconds. @default 2678400, 31 days (Flask: `PERMANENT_SESSION_LIFETIME`) */
  permanentSessionLifetime = 31 * 24 * 60 * 60
  /** @default true (Flask: `SESSION_REFRESH_EACH_REQUEST`) */
  sessionRefreshEachRequest = true
  /** Debug pages for local requests. @default false, or true when PHIAL_DEBUG=1 (Flask: `DEBUG`) */
  debug = ['1', 'true', 'yes'].includes(processEnv().PHIAL_DEBUG?.toLowerCase() ?? '')
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

  /** Copies every own key of `source`. Flask: `from_object` / `from_mapping`. */
  fromObject(source: Readonly<Record<string, unknown>>): this {
    for (const [key, value] of Object.entries(source)) {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue
      this[key] = value
    }
    return this
  }

  /**
   * Loads `PREFIX_*` environment variables: names become camelCase (`PHIAL_SECRET_KEY` → `secretKey`),
   * values are parsed as JSON when they are JSON (`2048`, `true`, `["a"]`) and kept as strings
   * otherwise, and `__` nests (`PHIAL_DB__HOST` → `db.host`). Flask: `from_prefixed_env`.
   */
  fromEnv(prefix = 'PHIAL_', env: Env = processEnv()): this {
    for (const name of Object.keys(env).sort()) {
      const raw = env[name]
      if (!name.startsWith(prefix) || raw === undefined) continue
      const path = name.slice(prefix.length).split('__').map(camelCase)
      if (
        path.some((key) => key === '' || key === '__proto__' || key === 'constructor' || key === 'prototype')
      )
        continue
      let target: Record<string, unknown> = this
      for (const key of path.slice(0, -1)) {
        let next = target[key]
        if (typeof next !== 'object' || next === null) {
          next = {}
          target[key] = next
        }
        target = next as Record<string, unknown>
      }
      target[path[path.length - 1] as string] = parseValue(raw)
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
