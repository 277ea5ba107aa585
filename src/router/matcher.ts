import { compileTree, type Route } from './compile.ts'
import { DefaultsRedirects } from './defaults.ts'
import { type Entry, type Leaf, type Node, type RegexEdge, toAllow } from './tree.ts'
import type { Match } from './types.ts'

export type { Route } from './compile.ts'

/**
 * The compiled lookup: a whole-path map for static paths, then a segment tree walked with backtracking.
 * `match()` allocates only its result and the params object.
 */
export class Matcher<T> {
  readonly #static: Map<string, Leaf<T>>
  /** 1 at each length some static path has, so most paths skip hashing (see `CompiledTree`). */
  readonly #staticLengths: Uint8Array
  readonly #root: Node<T>
  /** Values captured along the current branch; reused, never returned (match is synchronous). */
  readonly #values: unknown[]
  /** Leaves whose path matched but not the method (Werkzeug keeps searching, then answers 405). */
  readonly #misses: Leaf<T>[] = []
  /** Whether a rule ending in '/' has a wildcard, so `path + '/'` may reach it through a tail. */
  readonly #hasSlashTails: boolean
  /** Rules with defaults or defaults redirects, and those redirects; empty in most apps. */
  readonly #defaults: DefaultsRedirects

  constructor(routes: readonly Route<T>[]) {
    const tree = compileTree(routes)
    this.#root = tree.root
    this.#static = tree.statics
    this.#staticLengths = tree.staticLengths
    this.#hasSlashTails = tree.hasSlashTails
    this.#values = new Array<unknown>(tree.maxValues).fill(undefined)
    this.#defaults = new DefaultsRedirects(routes.map((route) => route.rule))
  }

  /** Looks up a canonical, percent-decoded path; never throws on any path. */
  match(method: string, path: string): Match<T> {
    // A custom converter that threw during the previous lookup may have left misses behind.
    if (this.#misses.length !== 0) this.#misses.length = 0
    // The tree holds the static paths too: the Map is only the fast way to them.
    const lengths = this.#staticLengths
    if (path.length < lengths.length && lengths[path.length] === 1) {
      const leaf = this.#static.get(path)
      if (leaf !== undefined) {
        const entry = leaf.lookup(method)
        if (entry !== null) return { type: 'route', data: entry.data, params: {}, rule: entry.rule }
      }
    }
    if (path.charCodeAt(0) !== 47) return { type: 'not-found' }
    const entry = this.#walk(this.#root, path, 1, 0, method)
    if (entry !== null) {
      if (this.#misses.length !== 0 && this.#isSlashRedirect(entry, path)) {
        return { type: 'redirect', path: `${path}/` }
      }
      const params: Record<string, unknown> = {}
      const names = entry.names
      const values = this.#values
      for (let i = 0; i < names.length; i++) params[names[i]!] = values[i]
      return { type: 'route', data: entry.data, params, rule: entry.rule }
    }
    return this.#unmatched(method, path)
  }

  /** Whether some rule has defaults or defaults redirects, so matches go through `refine`. */
  get special(): boolean {
    return this.#defaults.size !== 0
  }

  /**
   * Applies defaults and defaults redirects to a match (see {@link DefaultsRedirects}). Kept out of
   * `match()`, whose size decides what V8 inlines: a check there cost the static lookup 8 ns.
   */
  refine(found: Match<T> & { type: 'route' }, method: string): Match<T> {
    return this.#defaults.refine(found, method)
  }

  /**
   * Forgets the leaves that missed on the way to `entry`, and tells whether `entry` is a rule ending
   * in '/' that `#entry` found for a path without it: Werkzeug's slash redirect. It is looked at only
   * when something missed, which `#entry` ensures, so a plain hit pays nothing.
   */
  #isSlashRedirect(entry: Entry<T>, path: string): boolean {
    this.#misses.length = 0
    return entry.slash && path.charCodeAt(path.length - 1) !== 47
  }

  /**
   * No rule answers: automatic OPTIONS where a rule has the path; then the 308 to `path + '/'` when a
   * rule with a wildcard ends in '/' and answers the method there; then 405; then 404. Werkzeug's
   * `MapAdapter.match`: `RequestSlash` wins over `have_match_for` (the 405).
   */
  #unmatched(method: string, path: string): Match<T> {
    const misses = this.#misses
    const automatic = method === 'OPTIONS' && misses.some((leaf) => leaf.automaticOptions)
    if (!automatic && this.#hasSlashTails && path.charCodeAt(path.length - 1) !== 47) {
      if (this.#slashed(`${path}/`, method)) {
        misses.length = 0
        return { type: 'redirect', path: `${path}/` }
      }
    }
    return misses.length === 0 ? { type: 'not-found' } : this.#missed(method)
  }

  /** The path exists for other methods only: automatic OPTIONS, or 405 with the union of their methods. */
  #missed(method: string): Match<T> {
    const misses = this.#misses
    const automatic = misses.some((leaf) => leaf.automaticOptions)
    const allow =
      misses.length === 1
        ? misses[0]!.allow
        : toAllow(
            misses.flatMap((leaf) => leaf.registered),
            false,
            automatic,
          )
    misses.length = 0
    return method === 'OPTIONS' && automatic
      ? { type: 'options', allow }
      : { type: 'method-not-allowed', allow }
  }

  /**
   * Whether `path` (the request path plus '/') reaches a rule ending in '/' that answers `method`
   * (automatic OPTIONS included), keeping the misses of the first walk for a 405.
   */
  #slashed(path: string, method: string): boolean {
    const kept = this.#misses.length
    const entry = this.#walk(this.#root, path, 1, 0, method)
    const automatic =
      method === 'OPTIONS' && this.#misses.slice(kept).some((l) => l.slash && l.automaticOptions)
    this.#misses.length = kept
    return entry === null ? automatic : entry.slash
  }

  /** Tries, at the segment starting at `start`: static child, mixed segments, params, then wildcards. */
  #walk(node: Node<T>, path: string, start: number, depth: number, method: string): Entry<T> | null {
    // A charCodeAt loop beats indexOf's builtin call on segments this short.
    const length = path.length
    let end = start
    while (end < length && path.charCodeAt(end) !== 47) end++
    const last = end === length
    let found: Entry<T> | null = null
    const range = node.staticRange
    const size = end - start
    if (size + 1 < range.length) {
      const first = size === 0 ? -1 : path.charCodeAt(start)
      const firsts = node.staticFirsts
      for (let i = range[size]!, to = range[size + 1]!; i < to; i++) {
        if (firsts[i] !== first || !isAt(path, start, node.staticKeys[i]!)) continue
        const child = node.staticChildren[i]!
        found = last ? this.#entry(child, method) : this.#walk(child, path, end + 1, depth, method)
        if (found !== null) return found
        break
      }
    } else if (node.statics !== null) {
      const child = node.statics.get(path.slice(start, end))
      if (child !== undefined) {
        found = last ? this.#entry(child, method) : this.#walk(child, path, end + 1, depth, method)
        if (found !== null) return found
      }
    }
    if (node.complex.length !== 0) {
      found = this.#regex(node.complex, path.slice(start, end), path, end, last, depth, method)
      if (found !== null) return found
    }
    const params = node.params
    if (params.length !== 0 && end > start) {
      const segment = path.slice(start, end)
      for (let i = 0; i < params.length; i++) {
        const edge = params[i]!
        if (edge.plain) this.#values[depth] = segment
        else {
          if (edge.regex !== null && !edge.regex.test(segment)) continue
          const value = edge.converter.parse(segment)
          if (value === undefined) continue
          this.#values[depth] = value
        }
        found = last
          ? this.#entry(edge.child, method)
          : this.#walk(edge.child, path, end + 1, depth + 1, method)
        if (found !== null) return found
      }
    }
    if ((node.tails.length !== 0 || node.wildcards.length !== 0) && start < path.length) {
      return this.#rest(node, path.slice(start), depth, method)
    }
    return null
  }

  /** Wildcards: the rest of the path, through a tail RegExp (`*path/edit`) or whole (`*path`). */
  #rest(node: Node<T>, rest: string, depth: number, method: string): Entry<T> | null {
    const found =
      node.tails.length === 0 ? null : this.#regex(node.tails, rest, rest, rest.length, true, depth, method)
    if (found !== null) return found
    for (const edge of node.wildcards) {
      if (edge.regex !== null && !edge.regex.test(rest)) continue
      const value = edge.plain ? rest : edge.converter.parse(rest)
      if (value === undefined) continue
      this.#values[depth] = value
      const entry = this.#entry(edge.child, method)
      if (entry !== null) return entry
    }
    return null
  }

  /** Tries RegExp edges on `text`, then continues after `end` unless `last`. */
  #regex(
    edges: readonly RegexEdge<T>[],
    text: string,
    path: string,
    end: number,
    last: boolean,
    depth: number,
    method: string,
  ): Entry<T> | null {
    for (const edge of edges) {
      const m = edge.regex.exec(text)
      if (m === null || !this.#capture(edge, m, depth)) continue
      const next = depth + edge.converters.length
      const found = last
        ? this.#entry(edge.child, method)
        : this.#walk(edge.child, path, end + 1, next, method)
      if (found !== null) return found
    }
    return null
  }

  #capture(edge: RegexEdge<T>, m: readonly string[], depth: number): boolean {
    for (let i = 0; i < edge.converters.length; i++) {
      const value = edge.converters[i]!.parse(m[edge.groups[i]!]!)
      if (value === undefined) return false
      this.#values[depth + i] = value
    }
    return true
  }

  /**
   * The entry answering `method` where the path ends, at `node`. Else, as Werkzeug's state machine
   * does at the end of the path (`SlashRequired`), the entry of a rule `path + '/'` answering the
   * method, which ends the search as a 308; `match()` tells it by the path's missing '/'. Else null,
   * remembering the leaf when only the method differs (a 405 unless another rule answers).
   */
  #entry(node: Node<T>, method: string): Entry<T> | null {
    const leaf = node.leaf
    if (leaf !== null) {
      const entry = leaf.lookup(method)
      if (entry !== null) return entry
      this.#misses.push(leaf)
      // Automatic OPTIONS answers here: Werkzeug counts OPTIONS among the rule's methods.
      if (method === 'OPTIONS' && leaf.automaticOptions) return null
    }
    const slash = node.slash
    if (slash === null) return null
    const entry =
      slash.lookup(method) ?? (method === 'OPTIONS' && slash.automaticOptions ? slash.first : null)
    // A miss recorded makes `match()` look at the entry, and see the redirect.
    if (entry !== null) this.#misses.push(slash)
    return entry
  }
}

/** Whether `key` occurs in `path` at `start` (its first character already compared), with no slice or hash. */
function isAt(path: string, start: number, key: string): boolean {
  for (let i = 1; i < key.length; i++) {
    if (path.charCodeAt(start + i) !== key.charCodeAt(i)) return false
  }
  return true
}
