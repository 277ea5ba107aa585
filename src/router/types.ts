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
  /** 308: no route matches, but a rule ending in '/' matches `path + '/'`. Flask: `RequestRedirect`. */
  | { type: 'redirect'; path: string }
  | { type: 'not-found' }

/** A rule as added to the router. Flask: `werkzeug.routing.Rule`. */
export interface Rule {
  /** The rule as written: `/users/<int:id>`. */
  readonly rule: string
  /** The methods it answers, upper-case, or `'*'` for every method (`app.all`). */
  readonly methods: readonly string[] | '*'
  /** Parameter names in order of appearance, across all optional variants. */
  readonly paramNames: readonly string[]
  /**
   * Builds a path from values: converter `format`, then `encodeURIComponent` per segment (multi-segment
   * values keep '/'). Picks the variant that uses the most given values; returns the keys it did not use
   * (the caller makes them the query string). Throws a `PhialError` naming each missing value.
   * Flask: `Rule.build`.
   *
   * @example
   * rule.build({ id: 7, page: 2 }) // { path: '/users/7', unused: ['page'] }
   */
  build(values: Readonly<Record<string, unknown>>): { path: string; unused: string[] }
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
