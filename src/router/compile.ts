import type { RouteRule } from './build.ts'
import type { Part } from './syntax.ts'
import { Entry, finalizeLeaf, finalizeNode, insertVariant, type Leaf, Node } from './tree.ts'

/** A rule with its methods and data, as recorded by `Router.add()`. */
export interface Route<T> {
  readonly rule: RouteRule
  readonly data: T
}

/** What `Matcher` looks paths up in, built once from every route. */
export interface CompiledTree<T> {
  readonly root: Node<T>
  /** The leaves of paths without params, by the whole path. */
  readonly statics: Map<string, Leaf<T>>
  /**
   * 1 at each length some static path has. A path of another length skips the `Map`: hashing a fresh
   * 45-character path costs about 100 ns, a fifth of phial's whole routing of the deep benchmark route.
   */
  readonly staticLengths: Uint8Array
  /** The most params a variant has: the size of the matcher's reused values array. */
  readonly maxValues: number
  /** Whether a rule ending in '/' has a wildcard, so `path + '/'` may reach it through a tail. */
  readonly hasSlashTails: boolean
}

/** Inserts every variant of every route into a segment tree, then finalizes nodes and leaves. */
export function compileTree<T>(routes: readonly Route<T>[]): CompiledTree<T> {
  const root = new Node<T>()
  const statics = new Map<string, Leaf<T>>()
  const leaves = new Set<Leaf<T>>()
  let maxValues = 0
  let hasSlashTails = false
  for (const { rule, data } of routes) {
    for (const variant of rule.variants) {
      const leaf = insertVariant(root, variant)
      leaves.add(leaf)
      hasSlashTails ||= leaf.slash && variant.parts.some(isMultiSegment)
      if (rule.provideAutomaticOptions) leaf.automaticOptions = true
      maxValues = Math.max(maxValues, variant.names.length)
      if (variant.names.length === 0) statics.set(variant.parts.join(''), leaf)
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
  finalizeNode(root)
  for (const leaf of leaves) finalizeLeaf(leaf)
  let longest = 0
  for (const path of statics.keys()) longest = Math.max(longest, path.length)
  const staticLengths = new Uint8Array(longest + 1)
  for (const path of statics.keys()) staticLengths[path.length] = 1
  return { root, statics, staticLengths, maxValues, hasSlashTails }
}

function isMultiSegment(part: Part): boolean {
  return typeof part !== 'string' && part.converter.multiSegment === true
}
