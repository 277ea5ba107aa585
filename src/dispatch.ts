import type { Config } from './config.ts'
import { answerError } from './error-handling.ts'
import { type ErrorPageInput, toErrorResponse } from './error-page.ts'
import { createHTTPError, PhialError } from './errors.ts'
import { fullDispatch } from './hooks.ts'
import type { HostMatcher } from './hosts.ts'
import type { PhialRequest } from './request.ts'
import { PhialResponse, toLocation } from './response.ts'
import type { Match, Router } from './router/index.ts'
import type { HookTable } from './scaffold.ts'
import type { SessionInterface } from './sessions.ts'
import { toResponse } from './to-response.ts'
import type { Handler, Logger } from './types.ts'

/** A registered route, as the router stores it. */
export interface Route {
  handler: Handler
  thisArg: unknown
  endpoint: string
  /** The dotted name of the blueprint it came from. */
  blueprint: string | undefined
  /** Hook tables in Flask's order: the app, then each enclosing blueprint, outermost first. */
  scopes: HookTable[]
}

/** What the dispatcher needs from the app, fixed when setup is sealed. */
export interface DispatchSetup {
  router: Router<Route>
  /** Routes by host as well when some rule has a subdomain; null otherwise (most apps). */
  hosts: HostMatcher | null
  appScopes: HookTable[]
  logger: Logger
  config: Config
  /** No before, after or teardown hook anywhere: skip the hook pipeline. */
  fast: boolean
  /** Some app-level error handler exists, so routing errors must be thrown to reach it. */
  routingHandled: boolean
  /** Opens sessions before the hooks and saves them after; set when the app has sessions (not `fast` then). */
  sessions?: SessionInterface | undefined
}

/** A response now, or one to come. */
export type Outcome = PhialResponse | Promise<PhialResponse>

/**
 * Where an adapter takes an asynchronous answer directly (the Node listener): the view's promise
 * hands its response straight to `deliver`, with no promise between them for the adapter to await.
 */
export interface Delivery {
  /** Writes the response of `req` (its view's, an error handler's, or the error page). */
  deliver(req: PhialRequest, response: PhialResponse): void
  /** A failure outside every error handler (a bug in phial or an adapter): answer 500. */
  fail(req: PhialRequest, error: unknown): void
}

/**
 * Where an adapter answers with its own type (the fetch adapter's `Response`): an asynchronous answer
 * is converted inside the `then` that settles it, not in one more `then` after it (a microtask hop).
 */
export type Finish<T> = (response: PhialResponse, req: PhialRequest) => T

/**
 * Answers one request: route, hooks, handler, one `toResponse`, error handlers (Flask's
 * `full_dispatch_request`). Synchronous end to end when the handler is and no hook exists.
 * With `fallthrough`, an unmatched URL returns `null` so a host framework can try its own routes.
 * With `delivery`, an async view's answer goes to it and the result is `undefined`. With `finish`,
 * a promise returned resolves to `finish`'s value; an answer given at once is still a response.
 */
export function dispatch<T = PhialResponse>(
  setup: DispatchSetup,
  req: PhialRequest,
  fallthrough: boolean,
  delivery?: Delivery,
  finish?: Finish<T>,
): PhialResponse | Promise<PhialResponse | T> | null | undefined {
  let match: Match<Route>
  try {
    req.path = decodePath(req.rawPath)
    match = setup.hosts === null ? setup.router.match(req.method, req.path) : setup.hosts(req)
  } catch (error) {
    return finished(answerError(setup, req, error, setup.appScopes), req, finish)
  }
  if (match.type === 'route') {
    const route = match.data
    req.params = match.params
    req.endpoint = route.endpoint
    req.blueprint = route.blueprint
    if (setup.fast) return callView(setup, req, route, delivery, finish)
    const out = fullDispatch(setup, req, route.scopes, async () =>
      toViewResponse(req, route, await route.handler.call(route.thisArg, req)),
    )
    return finished(out, req, finish)
  }
  if (match.type === 'not-found' && fallthrough) return null
  const handled = setup.routingHandled
  if (!setup.fast)
    return finished(
      fullDispatch(setup, req, setup.appScopes, () => routingAnswer(req, match, handled)),
      req,
      finish,
    )
  try {
    return routingAnswer(req, match, handled)
  } catch (error) {
    return finished(answerError(setup, req, error, setup.appScopes), req, finish)
  }
}

/** An outcome with `finish` applied to a response still to come (one given at once is left as it is). */
function finished<T>(
  out: Outcome,
  req: PhialRequest,
  finish: Finish<T> | undefined,
): PhialResponse | Promise<PhialResponse | T> {
  if (finish === undefined || !(out instanceof Promise)) return out
  return out.then((response) => finish(response, req))
}

function callView<T>(
  setup: DispatchSetup,
  req: PhialRequest,
  route: Route,
  delivery: Delivery | undefined,
  finish: Finish<T> | undefined,
): PhialResponse | Promise<PhialResponse | T> | undefined {
  let out: Outcome
  try {
    const rv = route.handler.call(route.thisArg, req)
    if (rv instanceof Promise) {
      if (delivery !== undefined) {
        rv.then(
          (value) => settle(setup, req, route, value, false, delivery),
          (error) => settle(setup, req, route, error, true, delivery),
        )
        return undefined
      }
      return rv.then(
        (value) =>
          finishNow(afterThis(setup, req, route, viewResponse(setup, req, route, value)), req, finish),
        (error) =>
          finishNow(afterThis(setup, req, route, answerError(setup, req, error, route.scopes)), req, finish),
      )
    }
    out = viewResponse(setup, req, route, rv)
  } catch (error) {
    out = answerError(setup, req, error, route.scopes)
  }
  return finished(afterThis(setup, req, route, out), req, finish)
}

/** `finish` applied now, or when a response still to come arrives (inside a `then` already). */
function finishNow<T>(
  out: Outcome,
  req: PhialRequest,
  finish: Finish<T> | undefined,
): PhialResponse | T | Promise<PhialResponse | T> {
  if (finish === undefined) return out
  return out instanceof Promise ? out.then((response) => finish(response, req)) : finish(out, req)
}

/** Hands an async view's settled value, as a response, to the adapter's delivery. */
function settle(
  setup: DispatchSetup,
  req: PhialRequest,
  route: Route,
  value: unknown,
  failed: boolean,
  delivery: Delivery,
): void {
  try {
    const response = failed
      ? answerError(setup, req, value, route.scopes)
      : viewResponse(setup, req, route, value)
    const out = afterThis(setup, req, route, response)
    if (out instanceof Promise)
      out.then(
        (res) => delivery.deliver(req, res),
        (error) => delivery.fail(req, error),
      )
    else delivery.deliver(req, out)
  } catch (error) {
    delivery.fail(req, error)
  }
}

/** Runs the hooks the view added with `req.afterThisRequest` (none: the outcome as it is). */
function afterThis(setup: DispatchSetup, req: PhialRequest, route: Route, out: Outcome): Outcome {
  const hooks = req.takeAfterThisRequest()
  if (hooks === undefined) return out
  return (async () => {
    let response = await out
    try {
      for (const hook of hooks) {
        const rv = await hook(response, req)
        if (rv !== undefined) response = toResponse(rv)
      }
      return response
    } catch (error) {
      return answerError(setup, req, error, route.scopes)
    }
  })()
}

function viewResponse(setup: DispatchSetup, req: PhialRequest, route: Route, rv: unknown): Outcome {
  try {
    return toViewResponse(req, route, rv)
  } catch (error) {
    return answerError(setup, req, error, route.scopes)
  }
}

/** The one `toResponse` of a view's value; `undefined` is the programmer's error, named with the route. */
function toViewResponse(req: PhialRequest, route: Route, rv: unknown): PhialResponse {
  if (rv === undefined) {
    throw new PhialError(
      `${req.method} ${req.path}: the handler of endpoint "${route.endpoint}" returned undefined; return a value or a response`,
    )
  }
  return toResponse(rv)
}

const NOT_FOUND: ErrorPageInput = Object.freeze({
  status: 404,
  message: 'The requested URL was not found on the server.',
  headers: Object.freeze({}),
  expose: true,
})

/** The answers routing gives by itself: 308 to the slash, automatic OPTIONS, 405, 404. */
function routingAnswer(
  req: PhialRequest,
  match: Exclude<Match<Route>, { type: 'route' }>,
  handled: boolean,
): PhialResponse {
  if (match.type === 'redirect') {
    // Werkzeug's strict slashes (the path plus '/') or defaults (a URL built from the rule): 308 keeps
    // the method and body; the query string is kept too. What a URI cannot hold is percent-encoded, as
    // Werkzeug quotes the path (safe "!$&'()*+,/:;=@") and the query: browsers read a raw `\` as `/`,
    // so `/\evil.com/` would leave the site. Then the leading slashes are collapsed so "//evil.com"
    // can never become a protocol-relative Location (no `\` is left to make one).
    const target = match.built === true ? match.path : `${req.rawPath}/`
    const query = req.rawQuery === '' ? '' : `?${req.rawQuery}`
    const location = toLocation(`${req.rootPath}${target}${query}`).replace(/^\/{2,}/, '/')
    return new PhialResponse(null, 308, { location })
  }
  if (match.type === 'options') return new PhialResponse(null, 200, { allow: match.allow })
  const error: ErrorPageInput =
    match.type === 'method-not-allowed'
      ? {
          status: 405,
          message: 'The method is not allowed for the requested URL.',
          headers: { allow: match.allow },
          expose: true,
        }
      : NOT_FOUND
  // With no error handler in the app, answer at once: no Error, no stack trace, a cached page.
  if (!handled) return toErrorResponse(req, error)
  throw createHTTPError(error.status, error.message, { headers: { ...error.headers } })
}

/** Decodes the request path once; malformed percent-encoding is the client's 400. */
export function decodePath(raw: string): string {
  if (raw.charCodeAt(0) !== 47) throw createHTTPError(400, 'The request target must be an absolute path.')
  if (!raw.includes('%')) return raw
  try {
    return decodeURIComponent(raw)
  } catch {
    throw createHTTPError(400, 'The request path has malformed percent-encoding.')
  }
}
