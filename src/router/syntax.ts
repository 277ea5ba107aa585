import { parse, type Token } from 'path-to-regexp'
import { PhialError } from '../errors.ts'
import { type Converter, type ConverterDefinition, toConverter, toConverterArgs } from './converters.ts'

/** A parameter of a rule variant, with its resolved converter. */
export interface ParamPart {
  readonly name: string
  readonly converter: Converter
  /** Identifies the converter and its arguments (`int(min=1)`), so equal edges are shared in the tree. */
  readonly key: string
}

/** Literal text (a string) or a parameter. */
export type Part = string | ParamPart

/** One concrete shape of a rule: optional groups expanded to present or absent. */
export interface Variant {
  readonly parts: readonly Part[]
  readonly names: readonly string[]
}

/** A rule parsed into its variants. */
export interface ParsedRule {
  readonly variants: readonly Variant[]
  readonly paramNames: readonly string[]
}

interface Placeholder {
  readonly converter: Converter
  readonly key: string
}

type Converters = Readonly<Record<string, ConverterDefinition>>

const MAX_VARIANTS = 64
const NAME = '(?:[$_\\p{ID_Start}][$\\u200c\\u200d\\p{ID_Continue}]*|"[^"]*")'

/** A `PhialError` naming the rule. */
export function toRuleError(rule: string, problem: string): PhialError {
  return new PhialError(`route "${rule}": ${problem}`)
}

/**
 * Parses a rule in path-to-regexp or Flask syntax into its variants, resolving every converter.
 * Throws a `PhialError` naming the rule and the fix on bad syntax.
 */
export function parseRule(rule: string, converters: Converters): ParsedRule {
  if (!rule.startsWith('/')) {
    throw toRuleError(rule, `rules start with "/": \`/${rule.replace(/^\/*/, '')}\``)
  }
  const placeholders = new Map<string, Placeholder>()
  const translated = translateFlask(rule, converters, placeholders)
  let tokens: readonly Token[]
  try {
    tokens = parse(translated).tokens
  } catch (error) {
    throw toRuleError(rule, explain(rule, translated, error instanceof Error ? error.message : String(error)))
  }
  const paramNames: string[] = []
  collectNames(rule, tokens, paramNames)
  const fallback = new Map<string, Placeholder>()
  const resolve = (name: string, wildcard: boolean): Placeholder => {
    const known = placeholders.get(name)
    if (known !== undefined) return known
    const converter = wildcard ? 'path' : 'string'
    let placeholder = fallback.get(converter)
    if (placeholder === undefined) {
      placeholder = {
        converter: withRuleName(rule, () => toConverter(converters, converter, undefined)),
        key: converter,
      }
      fallback.set(converter, placeholder)
    }
    return placeholder
  }
  const variants: Variant[] = []
  const seen = new Set<string>()
  for (const flat of expand(rule, tokens)) {
    const parts: Part[] = []
    const names: string[] = []
    for (const token of flat) {
      if (token.type === 'text') {
        const last = parts.length - 1
        if (typeof parts[last] === 'string') parts[last] += token.value
        else parts.push(token.value)
      } else if (token.type === 'param' || token.type === 'wildcard') {
        parts.push({ name: token.name, ...resolve(token.name, token.type === 'wildcard') })
        names.push(token.name)
      }
    }
    const signature = parts.map((p) => (typeof p === 'string' ? p : `\0${p.name}`)).join('')
    if (!seen.has(signature)) {
      seen.add(signature)
      variants.push({ parts, names })
    }
  }
  return { variants, paramNames }
}

function withRuleName<R>(rule: string, fn: () => R): R {
  try {
    return fn()
  } catch (error) {
    if (error instanceof PhialError) throw toRuleError(rule, error.message)
    throw error
  }
}

/** Rewrites Flask placeholders (`<int:id>`) as quoted path-to-regexp params (`:"id"`), recording converters. */
function translateFlask(rule: string, converters: Converters, out: Map<string, Placeholder>): string {
  if (!rule.includes('<')) return rule
  let result = ''
  for (let i = 0; i < rule.length; i++) {
    const char = rule[i]!
    if (char === '\\') {
      result += char + (rule[i + 1] ?? '')
      i++
      continue
    }
    if (char !== '<') {
      result += char
      continue
    }
    const close = rule.indexOf('>', i)
    const body = close === -1 ? rule.slice(i + 1) : rule.slice(i + 1, close)
    const m = /^(?:\s*([A-Za-z_]\w*)\s*(?:\((.*)\))?\s*:)?\s*([A-Za-z_$][\w$]*)\s*$/s.exec(body)
    if (close === -1 || m === null) {
      throw toRuleError(
        rule,
        `bad placeholder \`<${body}${close === -1 ? '' : '>'}\`: write \`<name>\` or \`<converter:name>\`, e.g. \`<int:id>\``,
      )
    }
    const [, name = 'string', args, param = ''] = m
    if (out.has(param)) throw toRuleError(rule, duplicateProblem(param))
    const converter = withRuleName(rule, () =>
      toConverter(converters, name, args === undefined ? undefined : toConverterArgs(args)),
    )
    out.set(param, { converter, key: args === undefined ? name : `${name}(${args.replace(/\s+/g, '')})` })
    result += `${converter.multiSegment === true ? '*' : ':'}"${param}"`
    i = close
  }
  return result
}

function duplicateProblem(name: string): string {
  return `parameter \`${name}\` appears twice; give each parameter its own name`
}

function collectNames(rule: string, tokens: readonly Token[], names: string[]): void {
  for (const token of tokens) {
    if (token.type === 'group') collectNames(rule, token.tokens, names)
    else if (token.type !== 'text') {
      if (names.includes(token.name)) throw toRuleError(rule, duplicateProblem(token.name))
      names.push(token.name)
    }
  }
}

/** Every combination of optional groups present or absent, absent first. */
function expand(rule: string, tokens: readonly Token[]): Token[][] {
  let variants: Token[][] = [[]]
  for (const token of tokens) {
    if (token.type !== 'group') {
      for (const variant of variants) variant.push(token)
      continue
    }
    const inner = expand(rule, token.tokens)
    const next: Token[][] = []
    for (const variant of variants) {
      next.push(variant)
      for (const option of inner) next.push([...variant, ...option])
    }
    if (next.length > MAX_VARIANTS) {
      throw toRuleError(
        rule,
        `too many optional groups (over ${MAX_VARIANTS} variants); split it into several rules`,
      )
    }
    variants = next
  }
  return variants
}

/** Turns a path-to-regexp syntax error into a targeted explanation with the fix. */
function explain(rule: string, translated: string, message: string): string {
  const at = /at index (\d+)/.exec(message)
  const index = at === null ? -1 : Number(at[1])
  const chars = [...translated]
  if (message.startsWith('Missing parameter name')) {
    if (chars[index - 1] === '*') {
      return `name the wildcard: \`${rule.replace(/\*(?![$_\p{ID_Start}"])/gu, '*path')}\``
    }
    return `name the parameter: \`${rule.replace(/:(?![$_\p{ID_Start}"])/gu, ':id')}\` (escape a literal ":" as "\\:")`
  }
  const char = message.startsWith('Unexpected ') && index >= 0 ? chars[index] : undefined
  const afterParam = new RegExp(`[:*]${NAME}$`, 'u').test(chars.slice(0, Math.max(index, 0)).join(''))
  if (char === '?' && afterParam) {
    const fixed = rule.replace(new RegExp(`/([:*]${NAME}|<[^>]*>)\\?`, 'gu'), '{/$1}')
    return `optional parameters are written with braces: \`${fixed}\``
  }
  if (char === '(' && afterParam) {
    const name = new RegExp(`[:*](${NAME})\\(`, 'u').exec(translated)?.[1]?.replaceAll('"', '') ?? 'id'
    return `regular expressions in routes are not supported: use a converter \`<int:${name}>\` or register a custom converter (\`new App({ converters })\`)`
  }
  if (char === '+' && afterParam) {
    const fixed = rule.replace(new RegExp(`:(${NAME})\\+`, 'gu'), '*$1')
    return `repeating parameters are not supported: use a wildcard \`${fixed}\` (Flask: \`<path:name>\`)`
  }
  if (char === '?')
    return '`?` starts the query string, which routes never see; escape a literal "?" as "\\?"'
  if (message.includes('expected }')) return 'unclosed optional group: close `{` with `}`'
  if (char !== undefined)
    return `\`${char}\` is reserved in routes; escape a literal "${char}" as "\\${char}"`
  return message.replace(/: .*$/s, '').replace(/; visit .*$/s, '')
}
