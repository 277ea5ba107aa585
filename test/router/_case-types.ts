/** The types of the router's case table (`_cases.ts`) and the shorthand its sections share. */

/** One rule of a case; `methods` defaults to `['GET']`. */
export interface CaseRule {
  rule: string
  methods?: readonly string[] | '*'
}

/** What the router answers; `route` is the index of the rule in `rules`. */
export type CaseExpect =
  | { type: 'route'; route: number; params?: Record<string, unknown> }
  | { type: 'options'; allow: string }
  | { type: 'method-not-allowed'; allow: string }
  | { type: 'redirect'; path: string }
  | { type: 'not-found' }

export interface RouterCase {
  name: string
  rules: readonly CaseRule[]
  method: string
  path: string
  expect: CaseExpect
}

/** One rule, GET unless `methods` says otherwise. */
export const r = (rule: string, methods?: readonly string[] | '*'): CaseRule =>
  methods === undefined ? { rule } : { rule, methods }
