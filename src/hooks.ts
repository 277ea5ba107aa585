// The hook pipeline of a request, for apps that registered any hook or sessions: the fast path in
// dispatch.ts skips it entirely.
import type { DispatchSetup } from './dispatch.ts'
import { answerError, findHandler } from './error-handling.ts'
import { createHTTPError, HTTPError, PhialError } from './errors.ts'
import type { PhialRequest } from './request.ts'
import type { PhialResponse } from './response.ts'
import type { HookTable } from './scaffold.ts'
import { openSession, saveSession } from './sessions.ts'
import { toResponse } from './to-response.ts'

/**
 * Flask's `full_dispatch_request` with hooks: the session opened, url value preprocessors, before
 * hooks (a value ends the request early), the view, error handlers, after hooks (the request's own
 * first), the session saved, and teardown hooks last, whatever happened.
 */
export async function fullDispatch(
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
      return await finalize(setup, req, scopes, response)
    } catch (error) {
      // Flask's handle_exception: an error while finalizing is a server error whatever it is (an
      // abort(403) there too), logged, answered by the 500 handlers, and finalized again, so the after
      // hooks that add headers (security, CORS) still run on the 500. A second failure is logged and
      // that answer sent as it is.
      unhandled = error
      setup.logger.error(
        `${req.method} ${req.path}: finishing the response (after-request hooks, session) failed:`,
        error,
      )
      const answer = await answerError(setup, req, createHTTPError(500, undefined, { cause: error }), scopes)
      try {
        return await finalize(setup, req, scopes, answer)
      } catch (again) {
        setup.logger.error(`${req.method} ${req.path}: finishing the 500 failed too:`, again)
        return answer
      }
    }
  } finally {
    await runTeardown(setup, req, scopes, unhandled)
  }
}

// The after hooks, then the session saved: Flask saves it after them, before teardown.
async function finalize(
  setup: DispatchSetup,
  req: PhialRequest,
  scopes: HookTable[],
  response: PhialResponse,
): Promise<PhialResponse> {
  response = await runAfter(req, scopes, response)
  if (setup.sessions !== undefined) await saveSession(setup.sessions, req, response)
  return response
}

async function runBefore(req: PhialRequest, scopes: HookTable[]): Promise<unknown> {
  for (const scope of scopes) {
    for (const hook of scope.before) {
      const rv = await hook.fn.call(hook.thisArg, req)
      // `null` continues, as Flask's `None` does. `false` is almost always `cond && redirect(…)` whose
      // condition was false: answering it as JSON would hide the mistake, so it is one (Flask: 500).
      if (rv === false)
        throw new PhialError(
          `a before-request hook returned false for ${req.method} ${req.path}; return undefined to go on, or a response`,
        )
      if (rv !== undefined && rv !== null) return rv
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
