import type { Route } from './dispatch.ts'
import { PhialError } from './errors.ts'
import type { PhialRequest } from './request.ts'
import type { Rule } from './router/index.ts'
import type { Bound } from './scaffold.ts'
import type { Handler } from './types.ts'
import { buildsBefore } from './url-for.ts'

/**
 * An app's endpoints: the view bound to each name, each name's rules in build order, and the routes
 * registered without a view, waiting for `app.endpoint(name, fn)`. Flask: `app.view_functions`.
 */
export class Endpoints {
  readonly #views = new Map<string, Bound<Handler>>()
  readonly #rules = new Map<string, Rule[]>()
  readonly #nameOf = new Map<Handler, string>()
  readonly #waiting = new Map<string, Route[]>()

  /** Each endpoint's rules, the one to try first first (for `urlFor`). */
  get rules(): ReadonlyMap<string, Rule[]> {
    return this.#rules
  }

  /**
   * The endpoint name `urlFor` was given: a handler's endpoint (the first it was registered under),
   * or `.name` relative to the blueprint of `request`. Throws for a handler that is not a route.
   */
  resolve(endpoint: string | Handler, request: PhialRequest | undefined): string {
    if (typeof endpoint === 'function') {
      const found = this.#nameOf.get(endpoint)
      if (found !== undefined) return found
      throw new PhialError(`urlFor: the function ${endpoint.name || '(anonymous)'} is not a registered route`)
    }
    if (!endpoint.startsWith('.')) return endpoint
    const blueprint = request?.blueprint
    return blueprint === undefined ? endpoint.slice(1) : `${blueprint}${endpoint}`
  }

  /**
   * The view a new route of `endpoint` calls: `handler` (bound to the endpoint if it is free), or
   * with `null` the view already bound, else a stand-in that fails loudly until one is bound.
   * Throws a `PhialError` naming the rule if the endpoint belongs to another function.
   */
  viewFor(rule: string, endpoint: string, handler: Handler | null, thisArg: unknown): Bound<Handler> {
    const existing = this.#views.get(endpoint)
    if (handler === null) return existing ?? { fn: unboundView(endpoint), thisArg: undefined }
    if (existing !== undefined && existing.fn !== handler) {
      throw new PhialError(
        `route "${rule}": endpoint "${endpoint}" is already bound to another function; give this route its own { endpoint: '…' }`,
      )
    }
    return { fn: handler, thisArg }
  }

  /**
   * Records a route and its parsed rule: a route given a handler binds its endpoint to it; one given
   * none waits for `bind` unless the endpoint already has a view.
   */
  add(route: Route, parsed: Rule, given: boolean): void {
    const endpoint = route.endpoint
    if (given) this.bind(endpoint, { fn: route.handler, thisArg: route.thisArg })
    else if (!this.#views.has(endpoint)) {
      const waiting = this.#waiting.get(endpoint)
      if (waiting === undefined) this.#waiting.set(endpoint, [route])
      else waiting.push(route)
    }
    const rules = this.#rules.get(endpoint)
    if (rules === undefined) this.#rules.set(endpoint, [parsed])
    else {
      // Werkzeug's build order: most values first, so { id } picks /items/<id> over /items/.
      const at = rules.findIndex((r) => buildsBefore(parsed, r))
      rules.splice(at === -1 ? rules.length : at, 0, parsed)
    }
  }

  /**
   * Binds `view` to `endpoint`, and to every route of it still waiting for a view. Binding a second,
   * different function is a `PhialError`. Flask: `app.view_functions[endpoint] = f`.
   */
  bind(endpoint: string, view: Bound<Handler>): void {
    const existing = this.#views.get(endpoint)
    if (existing !== undefined && existing.fn !== view.fn) {
      throw new PhialError(`endpoint "${endpoint}" is already bound to another function`)
    }
    if (existing === undefined) this.#views.set(endpoint, view)
    if (!this.#nameOf.has(view.fn)) this.#nameOf.set(view.fn, endpoint)
    for (const route of this.#waiting.get(endpoint) ?? []) {
      route.handler = view.fn
      route.thisArg = view.thisArg
    }
    this.#waiting.delete(endpoint)
  }
}

/** What a route registered without a view runs until `app.endpoint(name, fn)` gives it one: a 500, logged. */
function unboundView(endpoint: string): Handler {
  return () => {
    throw new PhialError(
      `endpoint "${endpoint}" has rules but no view: bind one with app.endpoint('${endpoint}', fn) before the first request`,
    )
  }
}

/** Refuses what cannot be a view: a non-function, or one that expects more than the request. */
export function checkHandler(rule: string, handler: unknown): void {
  if (typeof handler !== 'function') throw new PhialError(`route "${rule}": the handler must be a function`)
  // Express's (req, res) and Flask's view(id) habits: phial passes the request alone.
  if (handler.length >= 2) {
    throw new PhialError(
      `route "${rule}": the handler declares ${handler.length} parameters, but phial calls it with the request alone: URL values are in req.params, and there is no res (return a string, an object for JSON, or json(…))`,
    )
  }
}
