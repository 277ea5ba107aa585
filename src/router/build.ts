import type { ConverterDefinition } from './converters.ts'
import { type ParamPart, parseRule, toRuleError, type Variant } from './syntax.ts'
import type { Rule } from './types.ts'

/** A parsed rule: what `Router.add()` returns. Flask: `werkzeug.routing.Rule`. */
export class RouteRule implements Rule {
  readonly rule: string
  readonly methods: readonly string[] | '*'
  readonly paramNames: readonly string[]
  /** The shapes the rule matches, one per combination of optional groups. */
  readonly variants: readonly Variant[]

  constructor(
    rule: string,
    methods: readonly string[] | '*',
    converters: Readonly<Record<string, ConverterDefinition>>,
  ) {
    const parsed = parseRule(rule, converters)
    this.rule = rule
    this.methods = methods
    this.paramNames = parsed.paramNames
    this.variants = parsed.variants
  }

  build(values: Readonly<Record<string, unknown>>): { path: string; unused: string[] } {
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
      throw toRuleError(this.rule, `cannot build a URL: missing value for ${names}`)
    }
    let path = ''
    for (const part of best.parts)
      path += typeof part === 'string' ? part : toSegment(part, values[part.name])
    const used = best.names
    const unused = Object.keys(values).filter((key) => !used.includes(key) && values[key] !== undefined)
    return { path, unused }
  }
}

/** Formats one value with its converter and percent-encodes it; multi-segment values keep their '/'. */
function toSegment(part: ParamPart, value: unknown): string {
  const text = part.converter.format === undefined ? String(value) : part.converter.format(value)
  if (part.converter.multiSegment !== true) return encodeURIComponent(text)
  return text.split('/').map(encodeURIComponent).join('/')
}
