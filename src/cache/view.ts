// cache.cached(): a view whose whole response is kept in the cache.
import type { Cache, SetOptions } from '../cache.ts'
import type { PhialRequest } from '../request.ts'
import type { PhialResponse } from '../response.ts'
import { toResponse } from '../to-response.ts'
import { fromEntry, toEntry, unstorable, viewKey } from './entry.ts'

/** Options of `cache.cached()`. Flask-Caching: the arguments of `@cache.cached`. */
export interface ViewCacheOptions extends SetOptions {
  /**
   * Which of the query string is part of the key (its parameters sorted): all of it, none of it
   * (`false`, for a page that reads no parameter), or the parameters named, so that others a client
   * adds (`?utm_source=…`) neither miss the cache nor fill it. Flask-Caching leaves the query string
   * out by default, so `/search?q=a` and `/search?q=b` share a page there; phial does not. @default true
   */
  queryString?: boolean | readonly string[] | undefined
  /**
   * The key instead of scheme, host, path and query string: for a page that depends on more, such as
   * the user (`` (req) => `home:${req.session.get('userId')}` ``). With a `key`, a response is stored
   * even when the request read the session, and a request with `Authorization` uses the cache: the
   * key says what the page depends on. Flask-Caching: `make_cache_key`.
   */
  // biome-ignore lint/suspicious/noExplicitAny: any route's request, whatever its params
  key?: ((req: PhialRequest<any>) => string) | undefined
  /** When it returns true, the request neither reads nor fills the cache. Flask-Caching: `unless`. */
  // biome-ignore lint/suspicious/noExplicitAny: any route's request, whatever its params
  unless?: ((req: PhialRequest<any>) => boolean) | undefined
  /** Whether a response is stored (after the rules in docs/caching.md). @default status 200 only (Flask-Caching: `response_filter`) */
  filter?: ((res: PhialResponse) => boolean) | undefined
}

type View = (this: unknown, req: PhialRequest) => unknown

/** @internal The view `handler` with its responses cached in `cache` (see `Cache.cached`). */
export function cachedView<H extends View>(cache: Cache, options: ViewCacheOptions, handler: H): H {
  const { key, unless, filter = isOK, queryString = true } = options
  if (options.timeout !== undefined) checkTimeout(options.timeout, 'timeout')
  // In this process, one request computes a missing page while the others for the same key wait for it.
  const computing = new Map<string, Promise<string | undefined>>()
  const warned = new Set<string>()

  async function respond(thisArg: unknown, req: PhialRequest): Promise<unknown> {
    const k = key === undefined ? viewKey(req, queryString) : key(req)
    const hit = await cache.getText(k).catch((error) => report(req, 'read', k, error))
    const cached = hit === undefined ? undefined : fromEntry(hit)
    if (cached !== undefined) return cached
    const leader = computing.get(k)
    if (leader !== undefined) {
      const entry = await leader
      const shared = entry === undefined ? undefined : fromEntry(entry)
      if (shared !== undefined) return shared
      return handler.call(thisArg, req) // the other request's page could not be stored: make our own
    }
    let settle: (entry: string | undefined) => void = () => {}
    computing.set(k, new Promise((resolve) => (settle = resolve)))
    let entry: string | undefined
    try {
      const rv = await handler.call(thisArg, req)
      // undefined is left to the dispatcher, whose error names the route.
      if (rv === undefined) return rv
      const res = toResponse(rv)
      const why =
        key === undefined && req.session.accessed
          ? 'the request read the session (give `key` to cache per user, or on purpose)'
          : unstorable(res)
      if (why !== undefined) warnOnce(req, why)
      else if (filter(res)) {
        entry = toEntry(res)
        await cache.setText(k, entry, options).catch((error) => report(req, 'write', k, error))
      }
      return res
    } finally {
      computing.delete(k)
      settle(entry)
    }
  }

  function warnOnce(req: PhialRequest, why: string): void {
    if (warned.has(why)) return
    warned.add(why)
    req.app.logger.warn(`phial cache: ${req.method} ${req.path}: the response is not cached: ${why}`)
  }

  const wrapper = function (this: unknown, req: PhialRequest): unknown {
    // RFC 9111 §3.5: a shared cache does not answer a request with Authorization from another's page.
    if (
      (req.method !== 'GET' && req.method !== 'HEAD') ||
      (key === undefined && req.header('authorization') !== undefined) ||
      unless?.(req) === true
    )
      return handler.call(this, req)
    return respond(this, req)
  }
  // The endpoint name and the decorators' checks read these.
  Object.defineProperty(wrapper, 'name', { value: handler.name })
  return wrapper as H
}

function isOK(res: PhialResponse): boolean {
  return res.status === 200
}

function report(req: PhialRequest, what: 'read' | 'write', key: string, error: unknown): undefined {
  req.app.logger.warn(`phial cache: could not ${what} "${key}", answering without the cache:`, error)
  return undefined
}

/** @internal Refuses a timeout that is not a finite number ≥ 0. */
export function checkTimeout(value: number, name: string): void {
  if (typeof value !== 'number' || !(value >= 0) || value === Number.POSITIVE_INFINITY) {
    throw new RangeError(`Cache: ${name} must be a finite number ≥ 0 (0 for none), not ${String(value)}`)
  }
}
