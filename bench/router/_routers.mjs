// One adapter per router: `build(routes)` registers `{ method, path }` with its index as data and returns
// `lookup(method, path)` (what is timed) and `read(result)` → `{ id, params }` or null (what is verified).
import { readFileSync } from 'node:fs'
import FindMyWay from 'find-my-way'
import { RegExpRouter } from 'hono/router/reg-exp-router'
import { TrieRouter } from 'hono/router/trie-router'
import { addRoute, createRouter, findRoute } from 'rou3'
import { compileRouter } from 'rou3/compiler'

export const ROUTES = JSON.parse(
  readFileSync(new URL('../../../shared/data/github-routes.json', import.meta.url), 'utf8'),
)

/** A request path for a route: each `:name` becomes `name-1`. */
const sample = (path) => path.replace(/:(\w+)/g, '$1-1')

/** The timed cases: `[method, path]` lookups, one each except `all`, every route in turn. */
export const CASES = {
  static: [['GET', '/user/repos']],
  'one param': [['GET', '/users/octocat']],
  'four params': [['GET', '/legacy/issues/search/octocat/hello-world/open/bug']],
  'not found': [['GET', '/repos/octocat/hello-world/no-such-thing']],
  'all routes': ROUTES.map((r) => [r.method, sample(r.path)]),
}

// Hono's routers answer `[[handler, params][], stash?]`; with a stash, params hold indices into it.
const readHono = ([matches, stash]) => {
  const [id, params] = matches[0] ?? []
  if (id === undefined) return null
  return {
    id,
    params: stash ? Object.fromEntries(Object.entries(params).map(([k, i]) => [k, stash[i]])) : params,
  }
}
const hono = (Router) => (routes) => {
  const r = new Router()
  for (const [i, { method, path }] of routes.entries()) r.add(method, path, i)
  return { lookup: (m, p) => r.match(m, p), read: readHono }
}

const rou3 = (compiled) => (routes) => {
  const r = createRouter()
  for (const [i, { method, path }] of routes.entries()) addRoute(r, method, path, i)
  const lookup = compiled ? compileRouter(r) : (m, p) => findRoute(r, m, p)
  return { lookup, read: (x) => (x ? { id: x.data, params: x.params ?? {} } : null) }
}

export const ROUTERS = {
  phial: async (routes) => {
    // The built package (`npm run build`), as a user imports it; tsx could load src/, but not plain node.
    const { Router } = await import('phial')
    const r = new Router()
    for (const [i, { method, path }] of routes.entries()) r.add(path, [method], i)
    r.compile()
    return {
      lookup: (m, p) => r.match(m, p),
      read: (x) => (x.type === 'route' ? { id: x.data, params: x.params } : null),
    }
  },
  'find-my-way': (routes) => {
    const r = FindMyWay()
    for (const [i, { method, path }] of routes.entries()) r.on(method, path, () => {}, { id: i })
    return { lookup: (m, p) => r.find(m, p), read: (x) => (x ? { id: x.store.id, params: x.params } : null) }
  },
  rou3: rou3(false),
  'rou3 compiled': rou3(true),
  'hono regexp': hono(RegExpRouter),
  'hono trie': hono(TrieRouter),
}
