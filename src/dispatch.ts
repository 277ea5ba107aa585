import type { Config } from './config.ts'
import { isLocalRequest, toDebugResponse } from './debug-page.ts'
import { type ErrorPageInput, toErrorResponse } from './error-page.ts'
import { createHTTPError, HTTPError, PhialError } from './errors.ts'
import type { PhialRequest } from './request.ts'
import { PhialResponse, toResponse } from './response.ts'
import type { Match, Router } from './router/index.ts'
import type { Bound, ErrorHandlerFn, HookTable } from './scaffold.ts'
import { openSession, type SessionInterface, saveSession } from './sessions.ts'
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

type Outcome = PhialResponse | Promise<PhialResponse>

/**
 * Where an adapter takes an asynchronous answer directly (the Node listener): the view's promise
 * hands its response straight to `deliver`, with no promise between them for the adapter to await.
 */
export interface Delivery {
  deliver(req: PhialRequest, response: PhialResponse): void
  /** A failure outside every error handler (a bug in phial or an adapter): answer 500. */
  fail(req: PhialRequest, error: unknown): void
}

/**
 * Answers one request: route, hooks, handler, one `toResponse`, error handlers (Flask's
 * `full_dispatch_request`). Synchronous end to end when the handler is and no hook exists.
 * With `fallthrough`, an unmatched URL returns `null` so a host framework can try its own routes.
 * With `delivery`, an async view's answer goes to it and the result is `undefined`.
 */
export function dispatch(
  setup: DispatchSetup,
  req: PhialRequest,
  fallthrough: boolean,
  delivery?: Delivery,
): Outcome | null | undefined {
  let match: Match<Route>
  try {
    req.path = decodePath(req.rawPath)
    match = setup.router.match(req.method, req.path)
  } catch (error) {
    return answerError(setup, req, error, setup.appScopes)
  }
  if (match.type === 'route') {
    const route = match.data
    req.params = match.params
    req.endpoint = route.endpoint
    req.blueprint = route.blueprint
    if (setup.fast) return callView(setup, req, route, delivery)
    return fullDispatch(setup, req, route.scopes, async () =>
      toViewResponse(req, route, await route.handler.call(route.thisArg, req)),
    )
  }
  if (match.type === 'not-found' && fallthrough) return null
  const handled = setup.routingHandled
  if (!setup.fast) return fullDispatch(setup, req, setup.appScopes, () => routingAnswer(req, match, handled))
  try {
    return routingAnswer(req, match, handled)
  } catch (error) {
    return answerError(setup, req, error, setup.appScopes)
  }
}

function callView(
  setup: DispatchSetup,
  req: PhialRequest,
  route: Route,
  delivery: Delivery | undefined,
): Outcome | undefined {
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
        (value) => afterThis(setup, req, route, viewResponse(setup, req, route, value)),
        (error) => afterThis(setup, req, route, answerError(setup, req, error, route.scopes)),
      )
    }
    out = viewResponse(setup, req, route, rv)
  } catch (error) {
    out = answerError(setup, req, error, route.scopes)
  }
  return afterThis(setup, req, route, out)
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
    // Werkzeug's strict slashes: 308 keeps the method and body; the query string is kept too.
    // Leading slashes are collapsed so "//evil.com" can never become a protocol-relative Location.
    const path = `${req.rootPath}${req.rawPath}/`.replace(/^\/{2,}/, '/')
    const query = req.rawQuery === '' ? '' : `?${req.rawQuery}`
    return new PhialResponse(null, 308, { location: path + query })
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

async function fullDispatch(
  setup: DispatchSetup,
  req: PhialRequest,
  scopes: HookTable[],
  view: () => PhialResponse | Promise<PhialResponse>,
): Promise<PhialResponse> {
  let unhandled: unknown
  try {
    let response: PhialResponse
    try {
      // Web Crypto is async: the session is opened (verified) here so `req.session` is sync to use.
      if (setup.sessions !== undefined) await openSession(setup.sessions, req)
      for (const scope of scopes) {
        for (const hook of scope.preprocessors) {
          hook.fn.call(hook.thisArg, req.endpoint, req.params as Record<string, unknown>, req)
        }
      }
      const early = await runBefore(req, scopes)
      response = early === undefined ? await view() : toResponse(early)
    } catch (error) {
      if (!(error instanceof HTTPError) && findHandler(error, scopes) === undefined) unhandled = error
      response = await answerError(setup, req, error, scopes)
    }
    try {
      response = await runAfter(req, scopes, response)
      // Flask saves the session after the after-request hooks, before teardown.
      if (setup.sessions !== undefined) await saveSession(setup.sessions, req, response)
      return response
    } catch (error) {
      unhandled = error
      return await answerError(setup, req, error, scopes)
    }
  } finally {
    await runTeardown(setup, req, scopes, unhandled)
  }
}

async function runBefore(req: PhialRequest, scopes: HookTable[]): Promise<unknown> {
  for (const scope of scopes) {
    for (const hook of scope.before) {
      const rv = await hook.fn.call(hook.thisArg, req)
      if (rv !== undefined) return rv
    }
  }
  return undefined
}

async function runAfter(
  req: PhialRequest,
  scopes: HookTable[],
  response: PhialResponse,
): Promise<PhialResponse> {
  // Flask: the request's own after_this_request functions run first, in the order they were added.
  for (const hook of req.takeAfterThisRequest() ?? []) {
    const rv = await hook(response, req)
    if (rv !== undefined) response = toResponse(rv)
  }
  for (let s = scopes.length - 1; s >= 0; s--) {
    const hooks = (scopes[s] as HookTable).after
    for (let i = hooks.length - 1; i >= 0; i--) {
      const hook = hooks[i] as HookTable['after'][number]
      const rv = await hook.fn.call(hook.thisArg, response, req)
      if (rv !== undefined) response = toResponse(rv)
    }
  }
  return response
}

async function runTeardown(setup: DispatchSetup, req: PhialRequest, scopes: HookTable[], error: unknown) {
  for (let s = scopes.length - 1; s >= 0; s--) {
    const hooks = (scopes[s] as HookTable).teardown
    for (let i = hooks.length - 1; i >= 0; i--) {
      const hook = hooks[i] as HookTable['teardown'][number]
      try {
        await hook.fn.call(hook.thisArg, error, req)
      } catch (teardownError) {
        setup.logger.error(`teardown hook failed for ${req.method} ${req.path}:`, teardownError)
      }
    }
  }
}

/**
 * Flask's `_find_error_handler`: the handlers of the error's status code, then those of non-HTTP
 * classes; within each, the scopes from the innermost blueprint to the app, and within a scope the
 * error's classes from the nearest up.
 */
export function findHandler(
  error: unknown,
  scopes: HookTable[],
  codes: ReadonlyArray<number | null> = error instanceof HTTPError ? [error.status, null] : [null],
): Bound<ErrorHandlerFn> | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  for (const code of codes) {
    for (let s = scopes.length - 1; s >= 0; s--) {
      const byClass = (scopes[s] as HookTable).errors.get(code)
      if (byClass === undefined) continue
      for (let proto = Object.getPrototypeOf(error); proto !== null; proto = Object.getPrototypeOf(proto)) {
        const found = byClass.get(proto.constructor)
        if (found !== undefined) return found
      }
    }
  }
  return undefined
}

/** Answers an error with its handler or the default page; never throws, never rejects. */
export function answerError(
  setup: DispatchSetup,
  req: PhialRequest,
  error: unknown,
  scopes: HookTable[],
): Outcome {
  let handler = findHandler(error, scopes)
  let httpError: HTTPError
  let argument = error
  if (error instanceof HTTPError) httpError = error
  else {
    httpError = createHTTPError(500, undefined, { cause: error })
    if (handler === undefined) {
      // Flask: an unhandled error is logged and becomes a 500. A handler for status 500 receives the
      // original error; a handler for a class (HTTPError, InternalServerError) receives the 500 itself,
      // whose `cause` is the original.
      setup.logger.error(`${req.method} ${req.path} (endpoint ${req.endpoint ?? 'none'}) failed:`, error)
      handler = findHandler(httpError, scopes, [500])
      if (handler === undefined) {
        handler = findHandler(httpError, scopes, [null])
        argument = httpError
      }
      if (handler === undefined && setup.config.debug && isLocalRequest(req))
        return toDebugResponse(req, error)
    }
  }
  if (handler === undefined) return toErrorResponse(req, httpError)
  const onHandlerError = (handlerError: unknown): PhialResponse => {
    setup.logger.error(`the error handler for ${req.method} ${req.path} failed:`, handlerError)
    return toErrorResponse(req, createHTTPError(500, undefined, { cause: handlerError }))
  }
  try {
    const rv = handler.fn.call(handler.thisArg, argument, req)
    if (rv instanceof Promise)
      return rv.then((value) => handlerResponse(value, httpError.status)).catch(onHandlerError)
    return handlerResponse(rv, httpError.status)
  } catch (handlerError) {
    return onHandlerError(handlerError)
  }
}

function handlerResponse(rv: unknown, status: number): PhialResponse {
  const response = toResponse(rv)
  // An error handler's 200 becomes the error's status: `html(page)` from a 404 handler answers 404
  // (Flask needs `return page, 404`). Any other status, such as a redirect, is kept.
  if (response.status === 200) response.status = status
  return response
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
