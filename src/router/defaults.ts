import type { RouteRule } from './build.ts'
import type { Match } from './types.ts'

/**
 * Rules with defaults, and the earlier rules of their endpoint that a match of them redirects to
 * (Werkzeug's `redirect_defaults`, which keeps one canonical URL per set of values). Empty in most
 * apps, so the router skips it with one check.
 */
export class DefaultsRedirects {
  readonly #special = new Map<RouteRule, readonly RouteRule[]>()

  constructor(rules: Iterable<RouteRule>) {
    const all = [...rules]
    const byEndpoint = new Map<string, RouteRule[]>()
    for (const rule of all) {
      if (rule.endpoint === undefined) continue
      const group = byEndpoint.get(rule.endpoint)
      if (group === undefined) byEndpoint.set(rule.endpoint, [rule])
      else group.push(rule)
    }
    for (const rule of all) {
      const redirects = redirectsTo(rule, byEndpoint.get(rule.endpoint as string))
      if (redirects.length !== 0 || rule.defaults !== undefined) this.#special.set(rule, redirects)
    }
  }

  /** Whether some rule has defaults or defaults redirects, so matches go through `refine`. */
  get size(): number {
    return this.#special.size
  }

  /**
   * Finishes a match of a rule with defaults or redirects: the defaults join the params, and an
   * earlier rule of the endpoint whose defaults equal them answers with a 308 to its own URL.
   */
  refine<T>(found: Match<T> & { type: 'route' }, method: string): Match<T> {
    const rule = found.rule as RouteRule
    const redirects = this.#special.get(rule)
    if (redirects === undefined) return found
    if (rule.defaults !== undefined) Object.assign(found.params, rule.defaults)
    for (const other of redirects) {
      if (!other.suits(found.params, method)) continue
      try {
        return { type: 'redirect', path: other.build(found.params).path, built: true }
      } catch {
        // A custom converter's format refused the value: keep the match rather than throw.
      }
    }
    return found
  }
}

/**
 * The rules of `rule`'s endpoint that provide defaults for it and come before it in Werkzeug's build
 * order (more defaults first, then registration), so `@get('/', { defaults })` stacked over
 * `@get('/<lang>/')` redirects `/en/` to `/` whichever registers first.
 */
function redirectsTo(rule: RouteRule, group: readonly RouteRule[] | undefined): readonly RouteRule[] {
  if (group === undefined || group.length === 1) return []
  const count = (r: RouteRule) => (r.defaults === undefined ? 0 : Object.keys(r.defaults).length)
  const precedes = (other: RouteRule) =>
    count(other) > count(rule) || (count(other) === count(rule) && group.indexOf(other) < group.indexOf(rule))
  return group.filter((other) => other.providesDefaultsFor(rule) && precedes(other))
}
