import { PhialError } from '../errors.ts'

/**
 * A converter turns one matched path value into a typed param. Flask: `werkzeug.routing.BaseConverter`.
 *
 * @example
 * const hex: Converter<number> = { regex: '[0-9a-f]+', parse: (v) => Number.parseInt(v, 16), format: (n) => n.toString(16) }
 */
export interface Converter<T = unknown> {
  /** RegExp source one value must match, without anchors. @default '[^/]+' ('[\s\S]+' when `multiSegment`) */
  regex?: string | undefined
  /** Whether the value may span several segments (contain '/'), like `path`. @default false */
  multiSegment?: boolean | undefined
  /** Turns the matched (already percent-decoded) string into the value; `undefined` refuses the match (an exception propagates, as in Flask). */
  parse(value: string): T | undefined
  /** Turns a value back into a path segment for URL building. @default String(value) */
  format?(value: T): string
  /** Lower is tried first among parameters at the same position. @default 100 */
  weight?: number | undefined
}

/** Arguments written in the rule: `<int(min=1, max=9):id>`, `<any(a, b):x>`. */
export interface ConverterArgs {
  /** Values written without a name, in order: `a, b` in `<any(a, b):x>`. */
  positional: Array<string | number | boolean>
  /** Values written as `name=value`: `{ min: 1, max: 9 }` in `<int(min=1, max=9):id>`. */
  named: Record<string, string | number | boolean>
}

/** A converter, or a factory taking the rule's arguments. Flask: `app.url_map.converters[name] = cls`. */
export type ConverterDefinition = Converter | ((args: ConverterArgs) => Converter)

type Scalar = string | number | boolean

function numberArg(args: ConverterArgs, name: string): number | undefined {
  const value = args.named[name]
  if (value === undefined) return undefined
  if (typeof value !== 'number')
    throw new PhialError(`converter argument ${name} must be a number, got ${String(value)}`)
  return value
}

function boolArg(args: ConverterArgs, name: string): boolean {
  const value = args.named[name]
  if (value === undefined) return false
  if (typeof value !== 'boolean') throw new PhialError(`converter argument ${name} must be true or false`)
  return value
}

function checkArgs(args: ConverterArgs, converter: string, allowed: readonly string[], positional = 0): void {
  if (args.positional.length > positional) {
    throw new PhialError(`converter "${converter}" takes named arguments only (${allowed.join(', ')})`)
  }
  for (const key of Object.keys(args.named)) {
    if (!allowed.includes(key)) {
      throw new PhialError(`converter "${converter}" has no argument "${key}" (known: ${allowed.join(', ')})`)
    }
  }
}

function inRange(value: number, min: number | undefined, max: number | undefined): boolean {
  return (min === undefined || value >= min) && (max === undefined || value <= max)
}

/** The identity parse of `string` and `path`: the matcher skips calling it. */
export function keepValue(value: string): string {
  return value
}

const PLAIN_STRING: Converter<string> = { parse: keepValue }

/**
 * One code point but '/', in a RegExp without the `u` flag (which a rule's combined RegExp cannot
 * take): a surrogate pair, a unit that is no high surrogate, or a high surrogate without its pair.
 * At most one of the three matches at any offset, so a quantifier over them never backtracks.
 */
const CODE_POINT =
  '(?:[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|[^/\\uD800-\\uDBFF]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF]))'

/**
 * Flask: `<string(minlength=1, maxlength=8, length=2):s>`, and the converter of `:name` and `<name>`.
 * Lengths count code points, as Werkzeug's `[^/]{2}` does on a Python str: `😀` is one, not two.
 */
function stringConverter(args: ConverterArgs): Converter<string> {
  checkArgs(args, 'string', ['minlength', 'maxlength', 'length'], 1)
  const length = numberArg(args, 'length') ?? (args.positional[0] as number | undefined)
  const min = length ?? numberArg(args, 'minlength') ?? 1
  const max = length ?? numberArg(args, 'maxlength')
  if (min === 1 && max === undefined) return PLAIN_STRING
  return { regex: `${CODE_POINT}{${min},${max ?? ''}}`, parse: keepValue }
}

/** Flask: `<int(fixed_digits=4, min=1, max=9, signed=True):n>`; matches digits only, so `abc` is a 404. */
function intConverter(args: ConverterArgs): Converter<number> {
  checkArgs(args, 'int', ['fixed_digits', 'min', 'max', 'signed'])
  const digits = numberArg(args, 'fixed_digits') ?? 0
  const min = numberArg(args, 'min')
  const max = numberArg(args, 'max')
  const sign = boolArg(args, 'signed') ? '-?' : ''
  const regex = digits > 0 ? `${sign}\\d{${digits}}` : `${sign}\\d+`
  const whole = new RegExp(`^${regex}$`)
  return {
    regex,
    weight: 50,
    parse(value) {
      const n = Number(value)
      return Number.isSafeInteger(n) && inRange(n, min, max) ? n : undefined
    },
    // `42` or `'42'` (a value from a query string); anything the rule would not match back is refused,
    // as Werkzeug's `int(value)` refuses `'abc'`. So is an integer past 2^53: `2 ** 60` prints as
    // 1152921504606847000 (digits lost), and parse refuses such a segment (Werkzeug has Python ints).
    format(n) {
      const text = digits > 0 ? String(n).padStart(digits, '0') : String(n)
      if (!whole.test(text) || !Number.isSafeInteger(Number(text))) throw unbuildable('int', n)
      return text
    },
  }
}

/** The error of a value a converter cannot write into a URL the rule would match. */
function unbuildable(converter: string, value: unknown): PhialError {
  // JSON.stringify throws on a bigint.
  const shown = typeof value === 'bigint' ? `${value}n` : (JSON.stringify(value) ?? String(value))
  return new PhialError(`converter "${converter}" cannot build a URL from ${shown}`)
}

/** Flask: `<float(min=0, max=1, signed=True):x>`; like Werkzeug it needs a dot (`1.5`, not `1`). */
function floatConverter(args: ConverterArgs): Converter<number> {
  checkArgs(args, 'float', ['min', 'max', 'signed'])
  const min = numberArg(args, 'min')
  const max = numberArg(args, 'max')
  const regex = `${boolArg(args, 'signed') ? '-?' : ''}\\d+\\.\\d+`
  const whole = new RegExp(`^${regex}$`)
  return {
    regex,
    weight: 50,
    parse(value) {
      const n = Number(value)
      return Number.isFinite(n) && inRange(n, min, max) ? n : undefined
    },
    // Werkzeug writes `str(float(value))`: 1 is `1.0`, so the URL matches the rule again.
    format(n) {
      let text = typeof n === 'number' ? String(n) : String(n).trim()
      if (/^-?\d+$/.test(text)) text += '.0'
      if (!whole.test(text)) throw unbuildable('float', n)
      return text
    },
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

/** Flask: `<any(about, help):page>`; matches one of the choices. */
function anyConverter(args: ConverterArgs): Converter<string> {
  checkArgs(args, 'any', [], Number.POSITIVE_INFINITY)
  if (args.positional.length === 0)
    throw new PhialError('converter "any" needs choices: <any(about, help):page>')
  const choices = args.positional.map(String)
  const set = new Set(choices)
  const listed = [...set].sort().map((choice) => JSON.stringify(choice))
  return {
    regex: `(?:${choices.map(escapeRegex).join('|')})`,
    weight: 50,
    parse: (value) => (set.has(value) ? value : undefined),
    // Werkzeug's `AnyConverter.to_url`: "'nope' is not one of 'about', 'help'".
    format(value) {
      const text = String(value)
      if (!set.has(text)) {
        throw new PhialError(`${JSON.stringify(text)} is not one of ${listed.join(', ')}`)
      }
      return text
    },
  }
}

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'

/**
 * The converters every router knows: `string`, `int`, `float`, `path`, `uuid`, `any`.
 * Flask: `werkzeug.routing.DEFAULT_CONVERTERS`.
 *
 * @example
 * router.add('/posts/<int(min=1):id>', ['GET'], data)
 */
export const defaultConverters: Record<string, ConverterDefinition> = {
  string: stringConverter,
  int: intConverter,
  float: floatConverter,
  any: anyConverter,
  /** The rest of the path, `/` included; a string, like Flask (not an array, unlike path-to-regexp). */
  path: { multiSegment: true, weight: 200, parse: keepValue },
  /** A UUID in lower- or upper-case hex; the value is the string as written. */
  uuid: { regex: UUID, weight: 50, parse: keepValue },
}

/** Resolves `name(args)` against a converter table, naming the known ones when `name` is unknown. */
export function toConverter(
  table: Readonly<Record<string, ConverterDefinition>>,
  name: string,
  args: ConverterArgs | undefined,
): Converter {
  const definition = Object.hasOwn(table, name) ? table[name] : undefined
  if (definition === undefined) {
    throw new PhialError(`unknown converter "${name}"; known converters: ${Object.keys(table).join(', ')}`)
  }
  if (typeof definition === 'function') return definition(args ?? { positional: [], named: {} })
  if (args !== undefined) throw new PhialError(`converter "${name}" takes no arguments`)
  return definition
}

/** Parses `min=1, max=9` or `a, 'b c', 2` the way Werkzeug reads converter arguments. */
export function toConverterArgs(text: string): ConverterArgs {
  const args: ConverterArgs = { positional: [], named: {} }
  const items = text.match(/(?:[^,'"]|'[^']*'|"[^"]*")+/g) ?? []
  for (const item of items) {
    const eq = /^\s*([A-Za-z_]\w*)\s*=(.*)$/s.exec(item)
    if (eq) args.named[eq[1]!] = toScalar(eq[2]!)
    else args.positional.push(toScalar(item))
  }
  return args
}

function toScalar(raw: string): Scalar {
  const text = raw.trim()
  if (/^(['"]).*\1$/s.test(text)) return text.slice(1, -1)
  if (text === 'True' || text === 'true') return true
  if (text === 'False' || text === 'false') return false
  if (text !== '' && /^-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(text)) return Number(text)
  return text
}
