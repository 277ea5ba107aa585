import type { RouteRule } from './build.ts'
import { type Converter, keepValue } from './converters.ts'
import { type LinearMatcher, toLinearMatcher } from './linear-matcher.ts'
import type { ParamPart, Part, Variant } from './syntax.ts'

/** What one rule variant answers on a leaf: its data, rule and param names in capture order. */
export class Entry<T> {
  readonly data: T
  readonly rule: RouteRule
  readonly names: readonly string[]
  /** Whether the leaf's rule ends in '/', so `path` without it redirects here (Werkzeug strict slashes). */
  slash = false

  constructor(data: T, rule: RouteRule, names: readonly string[]) {
    this.data = data
    this.rule = rule
    this.names = names
  }
}

/** The end of a path: per-method entries, precomputed `Allow` and HEAD fallback. */
export class Leaf<T> {
  /** Explicit methods, plus HEAD → the GET entry when there is no HEAD or '*' route. */
  readonly methods = new Map<string, Entry<T>>()
  /** The '*' route (`app.all`), answering every method without an explicit entry. */
  any: Entry<T> | null = null
  /** The registered methods, for the union of `Allow` across leaves on a 405. */
  readonly registered: string[] = []
  allow = ''
  slash = false
  /** Whether some rule here answers OPTIONS automatically (Flask's `provide_automatic_options`). */
  automaticOptions = false
  /** Some entry of the leaf, standing for it in a slash redirect of an automatic OPTIONS. */
  first: Entry<T> | null = null
  // Resolved entries of the common methods, the '*' route and HEAD → GET folded in at compile time.
  get: Entry<T> | null = null
  head: Entry<T> | null = null
  post: Entry<T> | null = null
  put: Entry<T> | null = null
  patch: Entry<T> | null = null
  delete: Entry<T> | null = null
  options: Entry<T> | null = null

  /** The entry answering `method`: explicit, else the '*' route, else (for HEAD) the GET route. */
  lookup(method: string): Entry<T> | null {
    switch (method) {
      case 'GET':
        return this.get
      case 'HEAD':
        return this.head
      case 'POST':
        return this.post
      case 'PUT':
        return this.put
      case 'PATCH':
        return this.patch
      case 'DELETE':
        return this.delete
      case 'OPTIONS':
        return this.options
      default:
        return this.methods.get(method) ?? this.any
    }
  }
}

/** A parameter edge: one whole segment (or the rest of the path, for a wildcard) through one converter. */
export class ParamEdge<T> {
  readonly key: string
  /** Anchored converter regex, or null when any non-empty value passes. */
  readonly regex: RegExp | null
  readonly converter: Converter
  /** Whether parse is the identity, so the matcher skips the call. */
  readonly plain: boolean
  readonly weight: number
  readonly child = new Node<T>()

  constructor(part: ParamPart) {
    this.key = part.key
    this.converter = part.converter
    this.regex = part.converter.regex === undefined ? null : new RegExp(`^(?:${part.converter.regex})$`)
    this.plain = this.regex === null && part.converter.parse === keepValue
    this.weight = part.converter.weight ?? 100
  }
}

/**
 * A RegExp edge: a segment mixing text and params (`:name.:ext`), or a wildcard with more after it.
 * A pattern the RegExp would match in polynomial time (`*a/*b/end`, `:a-:b-:c.json`) gets a
 * {@link LinearMatcher} in its place, with the same `exec` and the same captures.
 */
export class RegexEdge<T> {
  readonly key: string
  readonly regex: RegExp | LinearMatcher
  readonly converters: readonly Converter[]
  /** Capture group index of each converter's value. */
  readonly groups: readonly number[]
  readonly weight: number
  readonly child = new Node<T>()

  constructor(key: string, segments: readonly (readonly Part[])[]) {
    const converters: Converter[] = []
    const groups: number[] = []
    let group = 1
    const source = segments.map((segment) => {
      let text = ''
      for (const part of segment) {
        if (typeof part === 'string') {
          text += part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
          continue
        }
        const regex = part.converter.regex ?? (part.converter.multiSegment === true ? '[\\s\\S]+' : '[^/]+')
        text += `(${regex})`
        converters.push(part.converter)
        groups.push(group)
        // `(?:re)|` matches '' with one slot per group of `re`, plus the whole match
        group += new RegExp(`(?:${regex})|`).exec('')!.length
      }
      return text
    })
    const linear = toLinearMatcher(segments)
    this.key = key
    this.regex = linear ?? new RegExp(`^${source.join('/')}$`)
    this.converters = converters
    this.groups = linear === null ? groups : converters.map((_, i) => i + 1)
    this.weight = Math.min(...converters.map((c) => c.weight ?? 100))
  }
}

/** A node of the segment tree; every field is initialised here so nodes stay monomorphic. */
export class Node<T> {
  /** Static children by segment text while building, and at lookup when there are very many of them. */
  statics: Map<string, Node<T>> | null = null
  /**
   * Static children sorted by key length, compared in place: a Map lookup needs a sliced string and its
   * hash, which costs more than comparing a few characters. Keys of length L are at indexes
   * `staticRange[L]` to `staticRange[L + 1]`; the first character code (-1 for '') is checked first.
   */
  staticKeys: string[] = []
  staticFirsts: number[] = []
  staticChildren: Node<T>[] = []
  staticRange: number[] = []
  complex: RegexEdge<T>[] = []
  params: ParamEdge<T>[] = []
  tails: RegexEdge<T>[] = []
  wildcards: ParamEdge<T>[] = []
  leaf: Leaf<T> | null = null
  /** The leaf of a rule ending in '/' one empty segment below, which a path ending here redirects to. */
  slash: Leaf<T> | null = null
}

function isMulti(part: Part): boolean {
  return typeof part !== 'string' && part.converter.multiSegment === true
}

function partKey(part: Part): string {
  return typeof part === 'string' ? part : `<${part.key}>`
}

/** Splits a variant's parts at '/' into segments (the empty text before the leading '/' is dropped). */
export function toSegments(parts: readonly Part[]): Part[][] {
  const segments: Part[][] = [[]]
  for (const part of parts) {
    if (typeof part !== 'string') {
      segments.at(-1)!.push(part)
      continue
    }
    const pieces = part.split('/')
    for (let i = 0; i < pieces.length; i++) {
      if (i > 0) segments.push([])
      if (pieces[i] !== '') segments.at(-1)!.push(pieces[i]!)
    }
  }
  return segments.slice(1)
}

function toEdge<E extends { key: string; child: Node<T> }, T>(
  edges: E[],
  key: string,
  create: () => E,
): Node<T> {
  let edge = edges.find((e) => e.key === key)
  if (edge === undefined) {
    edge = create()
    edges.push(edge)
  }
  return edge.child
}

/** Walks (creating as needed) the nodes of a variant and returns its leaf. */
export function insertVariant<T>(root: Node<T>, variant: Variant): Leaf<T> {
  const segments = toSegments(variant.parts)
  let node = root
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!
    const first = segment[0]
    if (segment.some(isMulti)) {
      const tail = segments.slice(i)
      if (tail.length === 1 && segment.length === 1 && typeof first !== 'string' && first !== undefined) {
        node = toEdge(node.wildcards, first.key, () => new ParamEdge<T>(first))
      } else {
        const key = tail.map((s) => s.map(partKey).join('')).join('/')
        node = toEdge(node.tails, key, () => new RegexEdge<T>(key, tail))
      }
      break
    }
    if (segment.every((part) => typeof part === 'string')) {
      const text = segment.join('')
      node.statics ??= new Map()
      let child = node.statics.get(text)
      if (child === undefined) {
        child = new Node<T>()
        node.statics.set(text, child)
      }
      node = child
    } else if (segment.length === 1 && typeof first !== 'string' && first !== undefined) {
      node = toEdge(node.params, first.key, () => new ParamEdge<T>(first))
    } else {
      const key = segment.map(partKey).join('')
      node = toEdge(node.complex, key, () => new RegexEdge<T>(key, [segment]))
    }
  }
  node.leaf ??= new Leaf<T>()
  const last = segments.at(-1)
  if (segments.length > 1 && last !== undefined && last.length === 0) node.leaf.slash = true
  return node.leaf
}

const MAX_SCANNED = 256

const byWeight = (a: { weight: number }, b: { weight: number }): number => a.weight - b.weight

/**
 * Orders edges (lower converter weight first, then registration order), turns static children into
 * sorted arrays, and links the leaf of a rule ending in '/' below (none below an empty segment: a
 * path ending in '/' is not redirected to one ending in '//').
 */
export function finalizeNode<T>(node: Node<T>, empty = false): void {
  const slash = node.statics?.get('')?.leaf
  if (!empty && slash?.slash === true) node.slash = slash
  node.complex.sort(byWeight)
  node.params.sort(byWeight)
  node.tails.sort(byWeight)
  node.wildcards.sort(byWeight)
  if (node.statics !== null && node.statics.size <= MAX_SCANNED) {
    const keys = [...node.statics.keys()].sort((a, b) => a.length - b.length)
    node.staticKeys = keys
    node.staticFirsts = keys.map((key) => (key === '' ? -1 : key.charCodeAt(0)))
    node.staticChildren = keys.map((key) => node.statics!.get(key)!)
    const longest = keys.at(-1)!.length
    for (let length = 0, i = 0; length <= longest + 1; length++) {
      while (i < keys.length && keys[i]!.length < length) i++
      node.staticRange.push(i)
    }
    node.statics = null
  }
  if (node.statics !== null) for (const [key, child] of node.statics) finalizeNode(child, key === '')
  for (let i = 0; i < node.staticChildren.length; i++)
    finalizeNode(node.staticChildren[i]!, node.staticKeys[i] === '')
  for (const edges of [node.complex, node.params, node.tails, node.wildcards]) {
    for (const edge of edges) finalizeNode(edge.child)
  }
}

const CONVENTION = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']

/** The `Allow` header value: GET, HEAD, POST, PUT, PATCH, DELETE in that order, others sorted, OPTIONS last. */
export function toAllow(methods: Iterable<string>, any: boolean, automaticOptions = true): string {
  const set = new Set(methods)
  if (any) for (const method of CONVENTION) set.add(method)
  if (set.has('GET')) set.add('HEAD')
  const options = any || automaticOptions || set.has('OPTIONS')
  set.delete('OPTIONS')
  const known = CONVENTION.filter((method) => set.has(method))
  const others = [...set].filter((method) => !CONVENTION.includes(method)).sort()
  return [...known, ...others, ...(options ? ['OPTIONS'] : [])].join(', ')
}

/** Precomputes a leaf's `Allow`, HEAD fallback and slash flag. RFC 9110 §9.3.2: HEAD is GET without the body. */
export function finalizeLeaf<T>(leaf: Leaf<T>): void {
  const get = leaf.methods.get('GET')
  if (get !== undefined && leaf.any === null && !leaf.methods.has('HEAD')) leaf.methods.set('HEAD', get)
  const resolve = (method: string): Entry<T> | null => leaf.methods.get(method) ?? leaf.any
  leaf.get = resolve('GET')
  leaf.head = resolve('HEAD')
  leaf.post = resolve('POST')
  leaf.put = resolve('PUT')
  leaf.patch = resolve('PATCH')
  leaf.delete = resolve('DELETE')
  leaf.options = resolve('OPTIONS')
  leaf.allow = toAllow(leaf.registered, leaf.any !== null, leaf.automaticOptions)
  leaf.first = leaf.methods.values().next().value ?? leaf.any
  for (const entry of leaf.methods.values()) entry.slash = leaf.slash
  if (leaf.any !== null) leaf.any.slash = leaf.slash
}
