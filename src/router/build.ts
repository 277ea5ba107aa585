import { PhialError } from '../errors.ts'
import type { ConverterDefinition } from './converters.ts'
import { type ParamPart, parseRule, toRuleError, type Variant } from './syntax.ts'
import type { Rule, RuleOptions } from './types.ts'

/** A parsed rule: what `Router.add()` returns. Flask: `werkzeug.routing.Rule`. */
export class RouteRule implements Rule {
  readonly rule: string
  readonly methods: readonly string[] | '*'
  readonly paramNames: readonly string[]
  readonly endpoint: string | undefined
  readonly defaults: Readonly<Record<string, unknown>> | undefined
  readonly provideAutomaticOptions: boolean
  readonly subdomain: string | undefined
  /** The subdomain pattern parsed as a one-segment rule `/pattern`, to build a host from values. */
  readonly subdomainRule: RouteRule | undefined
  /** The shapes the rule matches, one per combination of optional groups. */
  readonly variants: readonly Variant[]

  constructor(
    rule: string,
    methods: readonly string[] | '*',
    converters: Readonly<Record<string, ConverterDefinition>>,
    options: RuleOptions = {},
  ) {
    const parsed = parseRule(rule, converters)
    this.rule = rule
    this.methods = methods
    this.paramNames = parsed.paramNames
    this.variants = parsed.variants
    this.endpoint = options.endpoint
    this.defaults = checkDefaults(rule, parsed.paramNames, options.defaults)
    this.provideAutomaticOptions = options.provideAutomaticOptions ?? true
    const subdomain = options.subdomain === '' ? undefined : options.subdomain
    this.subdomain = subdomain
    this.subdomainRule =
      subdomain === undefined ? undefined : toSubdomainRule(rule, subdomain, this, converters)
  }

  /** How many values the rule takes: its params and its defaults (Werkzeug's `len(rule.arguments)`). */
  get argumentCount(): number {
    return this.paramNames.length + (this.defaults === undefined ? 0 : Object.keys(this.defaults).length)
  }

  /**
   * Whether a request matching `other` with these values should be redirected to this rule: same
   * endpoint, same arguments, this rule has defaults and they equal the values, and it answers the
   * method. Werkzeug: `provides_defaults_for` and `suitable_for`.
   */
  providesDefaultsFor(other: RouteRule): boolean {
    if (this === other || this.defaults === undefined || this.endpoint === undefined) return false
    if (this.endpoint !== other.endpoint || this.argumentCount !== other.argumentCount) return false
    const theirs = new Set([...other.paramNames, ...Object.keys(other.defaults ?? {})])
    return [...this.paramNames, ...Object.keys(this.defaults)].every((name) => theirs.has(name))
  }

  /** Whether a request with these params and method would be answered here (see `providesDefaultsFor`). */
  suits(values: Readonly<Record<string, unknown>>, method: string): boolean {
    const methods = this.methods
    if (methods !== '*' && !methods.includes(method) && !(method === 'HEAD' && methods.includes('GET'))) {
      return false
    }
    const defaults = this.defaults ?? {}
    return Object.keys(defaults).every((key) => sameValue(values[key], defaults[key]))
  }

  build(values: Readonly<Record<string, unknown>>): { path: string; unused: string[] } {
    const defaults = this.defaults
    if (defaults !== undefined) {
      for (const key of Object.keys(defaults)) {
        const value = values[key]
        if (value === undefined || value === null || sameValue(value, defaults[key])) continue
        throw toRuleError(
          this.rule,
          `cannot build a URL: "${key}" is ${String(value)}, and this rule's default is ${String(defaults[key])}`,
        )
      }
    }
    let best: Variant | undefined
    let fewestMissing: string[] | undefined
    for (const variant of this.variants) {
      const missing = variant.names.filter((name) => values[name] === undefined || values[name] === null)
      if (missing.length === 0) {
        if (best === undefined || variant.names.length > best.names.length) best = variant
      } else if (fewestMissing === undefined || missing.length < fewestMissing.length) {
        fewestMissing = missing
      }
    }
    if (best === undefined) {
      const names = (fewestMissing ?? []).map((name) => `"${name}"`).join(', ')
      // A misspelt key (`idd` for `id`) is the usual cause: name the values the rule has no place for.
      const known = new Set(this.variants.flatMap((variant) => variant.names))
      const extra = Object.keys(values).filter((key) => !known.has(key) && values[key] != null)
      const given =
        extra.length === 0 ? '' : ` (given, and not in the rule: ${extra.map((k) => `"${k}"`).join(', ')})`
      throw toRuleError(this.rule, `cannot build a URL: missing value for ${names}${given}`)
    }
    let path = ''
    for (const part of best.parts)
      path += typeof part === 'string' ? part : toSegment(part, values[part.name], this.rule)
    const used = best.names
    const unused = Object.keys(values).filter(
      (key) =>
        !used.includes(key) && values[key] !== undefined && (defaults === undefined || !(key in defaults)),
    )
    return { path, unused }
  }
}

/** Parses a subdomain pattern as the rule `/pattern`; refuses a '/' and names shared with the path. */
function toSubdomainRule(
  rule: string,
  subdomain: string,
  owner: RouteRule,
  converters: Readonly<Record<string, ConverterDefinition>>,
): RouteRule {
  if (subdomain.includes('/')) throw toRuleError(rule, `subdomain "${subdomain}" must not contain '/'`)
  const parsed = new RouteRule(`/${subdomain}`, owner.methods, converters)
  const shared = parsed.paramNames.filter((name) => owner.paramNames.includes(name))
  if (shared.length > 0) {
    throw toRuleError(rule, `subdomain "${subdomain}" and the path both capture "${shared[0]}"`)
  }
  return parsed
}

/**
 * A default equals a value when they are the same, or both primitives with the same text: `'1'`
 * from a query string builds the rule whose default is `1`.
 */
function sameValue(value: unknown, fallback: unknown): boolean {
  if (Object.is(value, fallback)) return true
  const primitive = (v: unknown) => v !== null && typeof v !== 'object' && typeof v !== 'function'
  return primitive(value) && primitive(fallback) && String(value) === String(fallback)
}

/** Refuses defaults the path would override: a default for a captured param could never be used. */
function checkDefaults(
  rule: string,
  paramNames: readonly string[],
  defaults: Readonly<Record<string, unknown>> | undefined,
): Readonly<Record<string, unknown>> | undefined {
  if (defaults === undefined) return undefined
  if (defaults === null || typeof defaults !== 'object' || Array.isArray(defaults)) {
    throw toRuleError(rule, 'defaults must be an object of values, such as { page: 1 }')
  }
  const keys = Object.keys(defaults)
  const captured = keys.filter((key) => paramNames.includes(key))
  if (captured.length > 0) {
    throw toRuleError(
      rule,
      `defaults name ${captured.map((k) => `"${k}"`).join(', ')}, which the path captures; give defaults only for values the path does not hold`,
    )
  }
  return keys.length === 0 ? undefined : Object.freeze({ ...defaults })
}

/** Formats one value with its converter and percent-encodes it; multi-segment values keep their '/'. */
function toSegment(part: ParamPart, value: unknown, rule: string): string {
  try {
    const text = part.converter.format === undefined ? String(value) : part.converter.format(value)
    if (part.converter.multiSegment !== true) return encodeURIComponent(text)
    return text.split('/').map(encodeURIComponent).join('/')
  } catch (error) {
    const which = `the value of "${part.name}"`
    if (error instanceof PhialError) throw toRuleError(rule, `${which}: ${error.message}`)
    if (error instanceof URIError)
      throw toRuleError(rule, `${which} is not well-formed Unicode (a lone surrogate): no URL can hold it`)
    throw error // a custom converter's own error, as Flask lets it propagate
  }
}
