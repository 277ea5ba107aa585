import { PhialError } from '../errors.ts'
import { RouteRule } from './build.ts'
import { type ConverterDefinition, defaultConverters } from './converters.ts'
import { Matcher, type Route } from './matcher.ts'
import { toRuleError } from './syntax.ts'
import type { Match, Rule, RuleOptions } from './types.ts'

/** Options of a {@link Router}. */
export interface RouterOptions {
  /**
   * Extra converters by name, merged over {@link defaultConverters}. Flask: `app.url_map.converters`.
   * @default {}
   * @example
   * new Router({ converters: { hex: { regex: '[0-9a-f]+', parse: (v) => Number.parseInt(v, 16) } } })
   */
  converters?: Record<string, ConverterDefinition> | undefined
}

const METHOD = /^[!#$%&'*+.^_`|~0-9A-Z-]+$/

/**
 * Maps method and path to the data of a rule, with Flask's HEAD, OPTIONS, 405 and strict-slash semantics.
 * Flask: `werkzeug.routing.Map`.
 *
 * @example
 * const router = new Router<string>()
 * router.add('/users/<int:id>', ['GET'], 'user')
 * router.match('GET', '/users/7') // { type: 'route', data: 'user', params: { id: 7 }, rule }
 */
export class Router<T> {
  readonly #converters: Readonly<Record<string, ConverterDefinition>>
  readonly #routes: Route<T>[] = []
  readonly #rules: RouteRule[] = []
  /** Rules by their text, so the duplicate check costs one lookup, not a scan of every rule. */
  readonly #byText = new Map<string, RouteRule[]>()
  #matcher: Matcher<T> | null = null
  /** Whether a matched route may need `Matcher.refine` (defaults): false in most apps, one check. */
  #special = false

  constructor(options: RouterOptions = {}) {
    this.#converters = { ...defaultConverters, ...options.converters }
  }

  /** Every rule added, in order (for debugging and URL building). Flask: `url_map.iter_rules()`. */
  get rules(): readonly Rule[] {
    return this.#rules
  }

  /**
   * Parses the rule now and records it; `methods` are upper-case, `'*'` means every method (`app.all`).
   * Throws a `PhialError` on bad syntax, a duplicate rule and method, or after `compile()`.
   * Flask: `Map.add`.
   *
   * @example
   * router.add('/docs{/:section}', ['GET'], handler)
   * router.add('/users/', ['GET'], list, { endpoint: 'users', defaults: { page: 1 } })
   */
  add(rule: string, methods: readonly string[] | '*', data: T, options?: RuleOptions): Rule {
    if (this.#matcher !== null) {
      throw toRuleError(rule, 'register routes before the first request (the router is already compiled)')
    }
    const normalized = methods === '*' ? '*' : toMethods(rule, methods)
    const parsed = new RouteRule(rule, normalized, this.#converters, options)
    const same = this.#byText.get(rule)
    for (const other of same ?? []) {
      if (overlaps(other.methods, normalized)) {
        const shared =
          normalized === '*' ? 'every method (*)' : normalized.filter((m) => other.methods.includes(m))
        throw toRuleError(
          rule,
          `already registered for ${String(shared)}; register each method once per rule`,
        )
      }
    }
    this.#rules.push(parsed)
    if (same === undefined) this.#byText.set(rule, [parsed])
    else same.push(parsed)
    this.#routes.push({ rule: parsed, data })
    return parsed
  }

  /** Builds the lookup structures; idempotent, and called by the first `match()`. */
  compile(): void {
    if (this.#matcher !== null) return
    this.#matcher = new Matcher(this.#routes)
    this.#special = this.#matcher.special
  }

  /**
   * Looks up a canonical, already percent-decoded path (starts with '/', no query string).
   * Never throws. Flask: `MapAdapter.match`.
   */
  match(method: string, path: string): Match<T> {
    if (this.#matcher === null) this.compile()
    const found = this.#matcher!.match(method, path)
    return this.#special && found.type === 'route' ? this.#matcher!.refine(found, method) : found
  }
}

function toMethods(rule: string, methods: readonly string[]): string[] {
  if (methods.length === 0) throw toRuleError(rule, "no methods given; pass ['GET'] or '*' for every method")
  const result: string[] = []
  for (const method of methods) {
    const upper = method.toUpperCase()
    if (!METHOD.test(upper)) throw new PhialError(`route "${rule}": "${method}" is not an HTTP method name`)
    if (!result.includes(upper)) result.push(upper)
  }
  return result
}

/** A '*' rule answers the methods no explicit rule on the same path takes, so it overlaps only another '*'. */
function overlaps(a: readonly string[] | '*', b: readonly string[] | '*'): boolean {
  if (a === '*' || b === '*') return a === b
  return a.some((method) => b.includes(method))
}
