import { createHTTPError } from './errors.ts'
import type { PhialRequest } from './request.ts'
import type { Handler } from './types.ts'

const VERBS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const

/** What `asView` returns: a handler that carries the methods of its class. */
export type ViewHandler = Handler & {
  readonly methods: readonly string[] | undefined
  readonly provideAutomaticOptions: boolean | undefined
  readonly viewClass: unknown
}

interface ViewClass<T extends View, A extends unknown[]> {
  new (...args: A): T
  readonly methods?: readonly string[] | undefined
  readonly provideAutomaticOptions?: boolean | undefined
  readonly initEveryRequest: boolean
  readonly decorators?: readonly ((handler: Handler) => Handler)[]
}

/**
 * A class-based view: override `dispatchRequest`, register with `app.route(rule, MyView.asView('name'))`.
 * Flask: `flask.views.View`.
 *
 * @example
 * class Hello extends View {
 *   dispatchRequest(req: PhialRequest) { return `hello ${req.query.get('name')}` }
 * }
 * app.route('/hello', Hello.asView('hello'))
 */
export abstract class View {
  /** The methods the view answers. @default ['GET'] */
  static readonly methods: readonly string[] | undefined = undefined
  /**
   * `false` leaves OPTIONS to the view (a 405 unless it defines `options`); registering with
   * `{ provideAutomaticOptions }` overrides it. Flask: `View.provide_automatic_options`.
   * @default undefined (automatic)
   */
  static readonly provideAutomaticOptions: boolean | undefined = undefined
  /** A new instance per request (Flask's default); `false` shares one instance. @default true */
  static readonly initEveryRequest: boolean = true
  /**
   * Wrappers applied to the handler `asView` makes, in order (the first one innermost): where
   * `loginRequired` goes on a class-based view. The wrapped handler keeps the endpoint name and the
   * class's methods. Flask: `View.decorators`.
   * @default []
   */
  static readonly decorators: readonly ((handler: Handler) => Handler)[] = []

  /** Answers one request. */
  abstract dispatchRequest(req: PhialRequest): unknown

  /**
   * Turns the class into a handler named `name` (the endpoint); `args` go to the constructor.
   * Flask: `View.as_view`.
   */
  static asView<T extends View, A extends unknown[]>(
    this: ViewClass<T, A>,
    name: string,
    ...args: A
  ): ViewHandler {
    const cls = this
    let shared: T | undefined
    // An object key names the function, and so the endpoint.
    const view = {
      [name](req: PhialRequest) {
        if (cls.initEveryRequest) return new cls(...args).dispatchRequest(req)
        shared ??= new cls(...args)
        return shared.dispatchRequest(req)
      },
    }[name] as Handler
    let handler = view
    for (const decorate of cls.decorators ?? []) handler = decorate(handler)
    // A wrapper is a new function with a name of its own; the endpoint stays the one asked for.
    if (handler.name !== name) Object.defineProperty(handler, 'name', { value: name, configurable: true })
    const automatic = cls.provideAutomaticOptions
    return Object.assign(handler, {
      methods: cls.methods,
      provideAutomaticOptions: automatic,
      viewClass: cls,
    })
  }
}

/**
 * A view whose `get`, `post`, `put`, … methods answer those HTTP methods; the allowed methods come
 * from the class. Flask: `flask.views.MethodView`.
 *
 * @example
 * class UserAPI extends MethodView {
 *   get(req: PhialRequest<{ id: number }>) { return users.find(req.params.id) }
 *   delete(req: PhialRequest<{ id: number }>) { users.remove(req.params.id); return json(null, 204) }
 * }
 * app.route('/users/<int:id>', UserAPI.asView('user'))
 */
export class MethodView extends View {
  /** The HTTP methods this class defines, found on its prototype chain. */
  static override get methods(): readonly string[] {
    const found = VERBS.filter(
      (verb) =>
        typeof (this.prototype as unknown as Record<string, unknown>)[verb.toLowerCase()] === 'function',
    )
    return found.length === 0 ? ['GET'] : found
  }

  dispatchRequest(req: PhialRequest): unknown {
    const self = this as unknown as Record<string, ((req: PhialRequest) => unknown) | undefined>
    // RFC 9110 §9.3.2: HEAD is GET without the body, when no head() is defined.
    const method = self[req.method.toLowerCase()] ?? (req.method === 'HEAD' ? self.get : undefined)
    if (typeof method !== 'function') throw createHTTPError(405)
    return method.call(this, req)
  }
}
