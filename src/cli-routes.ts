/**
 * `phial routes`'s table, apart from the command in src/cli.ts.
 * @module
 */
import { PhialError } from './errors.ts'
import type { Rule } from './router/index.ts'

/** What `phial routes --sort` takes: a column, or `match` for the order the router tries rules in. */
export const SORTS: readonly string[] = ['endpoint', 'methods', 'rule', 'match']

/**
 * `phial routes`: Flask's table of endpoint, methods and rule, with a Subdomain column first when
 * some rule has one (Flask's Domain column). HEAD and OPTIONS are shown with `allMethods` only, as
 * Flask does; an `app.all` rule's methods are `*`.
 */
export function routeTable(rules: readonly Rule[], sort: string, allMethods: boolean): string[] {
  if (rules.length === 0) return ['No routes were registered.']
  const columns = ['endpoint', 'methods', 'rule']
  if (!SORTS.includes(sort)) throw new PhialError(`sort must be ${SORTS.join(', ')}, not "${sort}"`)
  const withSubdomain = rules.some((rule) => rule.subdomain !== undefined)
  const rows = rules.map((rule) => {
    const cells = [rule.endpoint ?? '', methodsOf(rule, allMethods), rule.rule]
    return withSubdomain ? [rule.subdomain ?? '', ...cells] : cells
  })
  if (sort !== 'match') {
    const at = columns.indexOf(sort) + (withSubdomain ? 1 : 0)
    rows.sort((a, b) => (a[at]! < b[at]! ? -1 : a[at]! > b[at]! ? 1 : 0))
  }
  const head = [...(withSubdomain ? ['Subdomain'] : []), 'Endpoint', 'Methods', 'Rule']
  const widths = head.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)))
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd()
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)]
}

function methodsOf(rule: Rule, allMethods: boolean): string {
  if (rule.methods === '*') return '*'
  const methods = new Set(rule.methods)
  if (allMethods) {
    if (methods.has('GET')) methods.add('HEAD')
    if (rule.provideAutomaticOptions) methods.add('OPTIONS')
  } else {
    if (methods.size > 1 || !methods.has('HEAD')) methods.delete('HEAD')
    if (methods.size > 1 || !methods.has('OPTIONS')) methods.delete('OPTIONS')
  }
  return [...methods].sort().join(', ')
}
