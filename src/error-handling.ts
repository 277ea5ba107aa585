// Error handlers in Flask's order, and the default error page when none applies.

import { isLocalRequest, toDebugResponse } from './debug-page.ts'
import type { DispatchSetup, Outcome } from './dispatch.ts'
import { toErrorResponse } from './error-page.ts'
import { createHTTPError, HTTPError } from './errors.ts'
import type { PhialRequest } from './request.ts'
import type { PhialResponse } from './response.ts'
import type { Bound, ErrorHandlerFn, HookTable } from './scaffold.ts'
import { toResponse } from './to-response.ts'

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
