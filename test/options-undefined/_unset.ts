// Options passed as `undefined`: under exactOptionalPropertyTypes an option typed `x?: T` refuses
// `{ x: cond ? v : undefined }` and `{ x: process.env.X }`; phial types every option `x?: T | undefined`
// and treats `undefined` as absent. These helpers build the objects the tests pass.

/** The optional keys of `T`. */
type OptionalKeys<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? K : never }[keyof T]

/**
 * Every optional key of `T`, each `undefined`. Declaring a `const` of this type lists every option (a
 * new option fails to compile until its test gets it), and passing it where `T` goes fails to compile
 * when `T` refuses `undefined` for one of them.
 */
export type Unset<T> = { [K in OptionalKeys<T>]-?: undefined }

/** Table rows: each option alone as `undefined`, then all of them together. */
export function eachUnset<T extends object>(unset: T): Array<[string, Partial<T>]> {
  const rows: Array<[string, Partial<T>]> = Object.keys(unset).map((key) => [
    key,
    { [key]: undefined } as Partial<T>,
  ])
  rows.push(['every option', unset])
  return rows
}

/** A logger that drops everything: the tests assert responses, not log lines. */
export const quiet = { error() {}, warn() {}, info() {}, debug() {} }
