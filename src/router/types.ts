/**
 * The result of `Router.match()`. Flask: what `MapAdapter.match` returns or raises.
 *
 * @example
 * const m = router.match('GET', '/users/7')
 * if (m.type === 'route') m.params.id // '7'
 */
export type Match<T> =
  | { type: 'route'; data: T; params: Record<string, unknown>; rule: Rule }
  /** Automatic OPTIONS: the path exists, and no explicit OPTIONS (or `'*'`) route answers it. */
  | { type: 'options'; allow: string }
  /** 405: the path exists for other methods only. */
  | { type: 'method-not-allowed'; allow: string }
  /**
   * 308: no route matches, but a rule ending in '/' matches `path + '/'`. Or, with `built`, the route
   * matched but an earlier rule of its endpoint has defaults equal to the params, and `path` is that
   * rule's URL, built and percent-encoded (Werkzeug's `redirect_defaults`). Flask: `RequestRedirect`.
   */
  | { type: 'redirect'; path: string; built?: true }
  | { type: 'not-found' }

/** A rule as added to the router. Flask: `werkzeug.routing.Rule`. */
export interface Rule {
  /** The rule as written: `/users/<int:id>`. */
  readonly rule: string
  /** The methods it answers, upper-case, or `'*'` for every method (`app.all`). */
  readonly methods: readonly string[] | '*'
  /** Parameter names in order of appearance, across all optional variants. */
  readonly paramNames: readonly string[]
  /** The endpoint it belongs to, if given; rules of one endpoint share defaults redirects. */
  readonly endpoint: string | undefined
  /** Values the path does not capture, merged into every match's params. Flask: `defaults=`. */
  readonly defaults: Readonly<Record<string, unknown>> | undefined
  /** Whether an OPTIONS request on its path is answered automatically. Flask: `provide_automatic_options`. */
  readonly provideAutomaticOptions: boolean
  /** The subdomain pattern it answers on (`api`, `<user>`), if any. Flask: `subdomain=`. */
  readonly subdomain: string | undefined
  /**
   * Builds a path from values: converter `format`, then `encodeURIComponent` per segment (multi-segment
   * values keep '/'). Picks the variant that uses the most given values; returns the keys it did not use
   * (the caller makes them the query string); keys of `defaults` count as used. Throws a `PhialError`
   * naming each missing value, or a value that differs from the rule's default. Flask: `Rule.build`.
   *
   * @example
   * rule.build({ id: 7, page: 2 }) // { path: '/users/7', unused: ['page'] }
   */
  build(values: Readonly<Record<string, unknown>>): { path: string; unused: string[] }
}

/** Options of one rule, as `Router.add()` takes them. Flask: the keyword arguments of `Rule`. */
export interface RuleOptions {
  /** The endpoint the rule belongs to. Needed for defaults redirects between its rules. */
  endpoint?: string | undefined
  /**
   * Values the path does not capture, merged into the params of every match (a default may not name
   * a param of the rule). A request that matches a later rule of the same endpoint with exactly these
   * values is redirected here with 308. Flask: `defaults=`.
   * @example
   * router.add('/users/', ['GET'], list, { endpoint: 'users', defaults: { page: 1 } })
   * router.add('/users/page/<int:page>', ['GET'], list, { endpoint: 'users' })
   */
  defaults?: Readonly<Record<string, unknown>> | undefined
  /**
   * Whether an OPTIONS request on the path is answered automatically with `Allow`. With `false` on
   * every rule of a path, OPTIONS is a 405 there and `Allow` leaves it out.
   * Flask: `provide_automatic_options`. @default true
   */
  provideAutomaticOptions?: boolean | undefined
  /**
   * The subdomain the rule answers on, as one label pattern in rule syntax: `api`, `<user>`,
   * `:tenant`. The router only records and checks it; `App` routes by it. Flask: `subdomain=`.
   */
  subdomain?: string | undefined
}

type Chars<S extends string, Acc = never> = S extends `${infer C}${infer R}` ? Chars<R, Acc | C> : Acc
type IdChar = Chars<'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$'>

interface Entry<N extends string, V, Optional extends boolean> {
  name: N
  value: V
  optional: Optional
}
type EntryOf<N extends string, V, Depth extends 0[]> = Entry<N, V, Depth extends [] ? false : true>

/** The value type of a Flask converter name; custom converters are `unknown`. */
type ConverterValue<C extends string> = C extends `${infer Name}(${string}`
  ? ConverterValue<Name>
  : C extends 'int' | 'float'
    ? number
    : C extends 'string' | 'path' | 'uuid' | 'any'
      ? string
      : unknown

type FlaskEntry<Body extends string, Depth extends 0[]> = Body extends `${infer C}:${infer N}`
  ? EntryOf<N, ConverterValue<C>, Depth>
  : EntryOf<Body, string, Depth>

type ReadName<S extends string, N extends string, Depth extends 0[], Acc> = S extends `${infer C}${infer R}`
  ? C extends IdChar
    ? ReadName<R, `${N}${C}`, Depth, Acc>
    : Walk<S, Depth, Acc | EntryOf<N, string, Depth>>
  : Acc | EntryOf<N, string, Depth>

/** Walks the rule one character at a time, collecting one Entry per parameter. */
type Walk<S extends string, Depth extends 0[], Acc> = S extends `${infer C}${infer R}`
  ? C extends '\\'
    ? R extends `${string}${infer After}`
      ? Walk<After, Depth, Acc>
      : Acc
    : C extends ':' | '*'
      ? R extends `"${infer N}"${infer After}`
        ? Walk<After, Depth, Acc | EntryOf<N, string, Depth>>
        : ReadName<R, '', Depth, Acc>
      : C extends '<'
        ? R extends `${infer Body}>${infer After}`
          ? Walk<After, Depth, Acc | FlaskEntry<Body, Depth>>
          : Acc
        : C extends '{'
          ? Walk<R, [...Depth, 0], Acc>
          : C extends '}'
            ? Walk<R, Depth extends [0, ...infer Outer extends 0[]] ? Outer : [], Acc>
            : Walk<R, Depth, Acc>
  : Acc

type ToParams<E> = {
  [K in E as K extends Entry<infer N, unknown, false> ? N : never]: K extends Entry<string, infer V, boolean>
    ? V
    : never
} & {
  [K in E as K extends Entry<infer N, unknown, true> ? N : never]?: K extends Entry<string, infer V, boolean>
    ? V
    : never
}

type Simplify<T> = { [K in keyof T]: T[K] } & {}

/**
 * The params object typed from a path literal: `:id`, `*path`, `<id>`, `<path:p>` are strings,
 * `<int:id>` and `<float:x>` numbers, a param inside `{...}` is optional, custom converters `unknown`.
 *
 * @example
 * type P = ParamsOf<'/users/<int:id>{/:tab}'> // { id: number; tab?: string }
 */
export type ParamsOf<Path extends string> = string extends Path
  ? Record<string, unknown>
  : Simplify<ToParams<Walk<Path, [], never>>>
