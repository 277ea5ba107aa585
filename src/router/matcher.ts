import type { RouteRule } from './build.ts'
import {
  Entry,
  finalizeLeaf,
  finalizeNode,
  insertVariant,
  type Leaf,
  Node,
  type RegexEdge,
  toAllow,
} from './tree.ts'
import type { Match } from './types.ts'

/** A rule with its methods and data, as recorded by `Router.add()`. */
export interface Route<T> {
  readonly rule: RouteRule
  readonly data: T
}

/**
 * The compiled lookup: a whole-path map for static paths, then a segment tree walked with backtracking.
 * `match()` allocates only its result and the params object.
 */
export class Matcher<T> {
  readonly #static = new Map<string, Leaf<T>>()
  /**
   * 1 at each length some static path has. A path of another length skips the `Map`: hashing a fresh
   * 45-character path costs about 100 ns, a fifth of phial's whole routing of the deep benchmark route.
   */
  readonly #staticLengths: Uint8Array
  readonly #root = new Node<T>()
  /** Values captured along the current branch; reused, never returned (match is synchronous). */
  readonly #values: unknown[]
  /** Leaves whose path matched but not the method (Werkzeug keeps searching, then answers 405). */
  readonly #misses: Leaf<T>[] = []
  readonly #hasSlashRules: boolean
  /** Rules with defaults or defaults redirects, and those redirects; empty in most apps. */
  readonly #special = new Map<RouteRule, readonly RouteRule[]>()

  constructor(routes: readonly Route<T>[]) {
    const leaves = new Set<Leaf<T>>()
    let maxValues = 0
    const byEndpoint = new Map<string, RouteRule[]>()
    for (const { rule } of routes) {
      if (rule.endpoint === undefined) continue
      const group = byEndpoint.get(rule.endpoint)
      if (group === undefined) byEndpoint.set(rule.endpoint, [rule])
      else group.push(rule)
    }
    for (const { rule, data } of routes) {
      const redirects = redirectsTo(rule, byEndpoint.get(rule.endpoint as string))
      if (redirects.length !== 0 || rule.defaults !== undefined) this.#special.set(rule, redirects)
      for (const variant of rule.variants) {
        const leaf = insertVariant(this.#root, variant)
        leaves.add(leaf)
        if (rule.provideAutomaticOptions) leaf.automaticOptions = true
        maxValues = Math.max(maxValues, variant.names.length)
        if (variant.names.length === 0) this.#static.set(variant.parts.join(''), leaf)
        const entry = new Entry(data, rule, variant.names)
        // The first rule registered for a method on a path wins, as in Werkzeug.
        if (rule.methods === '*') leaf.any ??= entry
        else {
          for (const method of rule.methods) {
            if (!leaf.methods.has(method)) leaf.methods.set(method, entry)
            if (!leaf.registered.includes(method)) leaf.registered.push(method)
          }
        }
      }
    }
    finalizeNode(this.#root)
    let hasSlashRules = false
    for (const leaf of leaves) {
      finalizeLeaf(leaf)
      hasSlashRules ||= leaf.slash
    }
    this.#hasSlashRules = hasSlashRules
    let longest = 0
    for (const path of this.#static.keys()) longest = Math.max(longest, path.length)
    this.#staticLengths = new Uint8Array(longest + 1)
    for (const path of this.#static.keys()) this.#staticLengths[path.length] = 1
    this.#values = new Array<unknown>(maxValues).fill(undefined)
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
      if (this.#misses.length !== 0) this.#misses.length = 0
      const params: Record<string, unknown> = {}
      const names = entry.names
      const values = this.#values
      for (let i = 0; i < names.length; i++) params[names[i]!] = values[i]
      return { type: 'route', data: entry.data, params, rule: entry.rule }
    }
    if (this.#misses.length !== 0) return this.#missed(method)
    if (this.#hasSlashRules && path.charCodeAt(path.length - 1) !== 47) {
      const slashed = `${path}/`
      if (this.#slashed(slashed, method)) return { type: 'redirect', path: slashed }
    }
    return { type: 'not-found' }
  }

  /** Whether some rule has defaults or defaults redirects, so matches go through `refine`. */
  get special(): boolean {
    return this.#special.size !== 0
  }

  /**
   * Finishes a match of a rule with defaults or redirects: the defaults join the params, and an
   * earlier rule of the endpoint whose defaults equal them answers with a 308 to its own URL
   * (Werkzeug's `redirect_defaults`, which keeps one canonical URL per set of values). Kept out of
   * `match()`, whose size decides what V8 inlines: a check there cost the static lookup 8 ns.
   */
  refine(found: Match<T> & { type: 'route' }, method: string): Match<T> {
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

  /** Whether `path` (the request path plus '/') reaches a leaf of a rule ending in '/'. */
  #slashed(path: string, method: string): boolean {
    const entry = this.#walk(this.#root, path, 1, 0, method)
    const found = entry === null ? this.#misses.some((leaf) => leaf.slash) : entry.slash
    this.#misses.length = 0
    return found
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

  /** The entry answering `method` at this node, or null (remembering the leaf when only the method differs). */
  #entry(node: Node<T>, method: string): Entry<T> | null {
    const leaf = node.leaf
    if (leaf === null) return null
    const entry = leaf.lookup(method)
    if (entry === null) this.#misses.push(leaf)
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
