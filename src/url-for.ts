import { PhialError } from './errors.ts'
import { subdomainOf } from './hosts.ts'
import type { PhialRequest } from './request.ts'
import type { RouteRule } from './router/build.ts'
import type { Rule } from './router/index.ts'
import type { HookTable } from './scaffold.ts'

/** Options of `urlFor`. Flask: `url_for(..., _external=, _anchor=, _method=, _scheme=)`. */
export interface UrlForOptions {
  /** Builds an absolute URL with scheme and host. @default false */
  external?: boolean | undefined
  /** Appended as `#anchor`. */
  anchor?: string | undefined
  /** Picks the rule of the endpoint that answers this method. */
  method?: string | undefined
  /** Forces the scheme of an external URL. */
  scheme?: string | undefined
  /** The current request: resolves `.name`, adds the mount prefix, gives the host. `req.urlFor` sets it. */
  request?: PhialRequest | undefined
}

/**
 * Builds a URL from an endpoint's rules (Werkzeug's `MapAdapter.build`): rules are tried with the most
 * parameters first (the app keeps them in that order), the first that has every value it needs wins, values the rule does not use become the query string, and a missing value
 * or unknown endpoint is a `PhialError` naming it.
 */
export function buildUrl(
  endpoints: ReadonlyMap<string, Rule[]>,
  endpoint: string,
  values: Readonly<Record<string, unknown>>,
  options: UrlForOptions & { serverName?: string | undefined; subdomains?: boolean },
): string {
  const req = options.request
  const rules = endpoints.get(endpoint)
  if (rules === undefined) {
    const known = [...endpoints.keys()].slice(0, 20).join(', ') || '(none)'
    throw new PhialError(`urlFor: no endpoint named "${endpoint}". Known endpoints: ${known}`)
  }
  if (options.scheme !== undefined && options.external !== true) {
    throw new PhialError(`urlFor("${endpoint}"): scheme needs { external: true }`)
  }
  const method = options.method?.toUpperCase()
  let lastError: unknown
  for (const rule of rules) {
    if (method !== undefined && rule.methods !== '*' && !rule.methods.includes(method)) continue
    try {
      const { path, unused } = rule.build(values)
      const host =
        options.subdomains === true ? crossHost(rule as RouteRule, values, req, options) : undefined
      const query = host === undefined ? unused : unused.filter((key) => !host.names.includes(key))
      let url = (req?.rootPath ?? '') + path + toQuery(values, query)
      if (options.anchor !== undefined) url += `#${encodeURI(options.anchor).replace(/#/g, '%23')}`
      if (host?.host !== undefined) url = toOrigin(options.scheme ?? req?.scheme ?? 'http', host.host) + url
      else if (options.external === true) url = origin(req, options) + url
      return url
    } catch (error) {
      lastError = error
    }
  }
  if (lastError !== undefined) throw lastError
  throw new PhialError(`urlFor: endpoint "${endpoint}" has no rule for method ${method}`)
}

/**
 * `values` after the `urlDefaults` hooks of each scope (the app, then each blueprint enclosing the
 * endpoint) filled them in: a copy once some hook runs, never the caller's object. Flask:
 * `inject_url_defaults`.
 */
export function withUrlDefaults(
  scopes: readonly (HookTable | undefined)[],
  endpoint: string,
  values: Readonly<Record<string, unknown>>,
  request: PhialRequest | undefined,
): Readonly<Record<string, unknown>> {
  let filled = values
  for (const scope of scopes) {
    for (const hook of scope?.defaults ?? []) {
      if (filled === values) filled = { ...values }
      hook.fn.call(hook.thisArg, endpoint, filled as Record<string, unknown>, request)
    }
  }
  return filled
}

/**
 * Whether `a` is tried before `b` when building: more values (params and defaults) first, then more
 * defaults, then the order of registration. Werkzeug: `Rule.build_compare_key`.
 */
export function buildsBefore(a: Rule, b: Rule): boolean {
  const defaultsOf = (rule: Rule) => (rule.defaults === undefined ? 0 : Object.keys(rule.defaults).length)
  const [da, db] = [defaultsOf(a), defaultsOf(b)]
  const [na, nb] = [a.paramNames.length + da, b.paramNames.length + db]
  return na !== nb ? na > nb : da > db
}

/**
 * Where a rule of an app with subdomains lives: the host to build an external URL for when its
 * subdomain is not the request's (`undefined` when it is), and the values its subdomain used.
 * Werkzeug: the domain part of `MapAdapter.build`.
 */
function crossHost(
  rule: RouteRule,
  values: Readonly<Record<string, unknown>>,
  req: PhialRequest | undefined,
  options: { serverName?: string | undefined },
): { host: string | undefined; names: readonly string[] } | undefined {
  const serverName = options.serverName
  if (serverName === undefined) return undefined
  const pattern = rule.subdomainRule
  let subdomain = ''
  if (pattern !== undefined) {
    const missing = pattern.paramNames.filter((name) => values[name] === undefined || values[name] === null)
    if (missing.length > 0) {
      throw new PhialError(
        `route "${rule.rule}": cannot build a URL: missing value for "${missing[0]}" of subdomain "${rule.subdomain}"`,
      )
    }
    subdomain = pattern.build(values).path.slice(1)
  }
  const names = pattern?.paramNames ?? []
  if (req !== undefined && subdomainOf(req.host, serverName) === subdomain) return { host: undefined, names }
  return { host: subdomain === '' ? serverName : `${subdomain}.${serverName}`, names }
}

function toQuery(values: Readonly<Record<string, unknown>>, keys: readonly string[]): string {
  const query = new URLSearchParams()
  for (const key of keys) {
    const value = values[key]
    if (value === undefined || value === null) continue
    if (Array.isArray(value)) for (const item of value) query.append(key, String(item))
    else query.append(key, String(value))
  }
  const text = query.toString()
  return text === '' ? '' : `?${text}`
}

function origin(req: PhialRequest | undefined, options: UrlForOptions & { serverName?: string | undefined }) {
  const host = req?.host ?? options.serverName
  if (host === undefined) {
    throw new PhialError('urlFor({ external: true }) outside a request needs the serverName option')
  }
  return toOrigin(options.scheme ?? req?.scheme ?? 'http', host)
}

// Werkzeug's get_host: a serverName on the scheme's default port (`example.com:80` on http, `:443` on
// https) names no port in the URL, as `req.host` names none for such a Host.
function toOrigin(scheme: string, host: string): string {
  if (scheme === 'http' && host.endsWith(':80')) return `http://${host.slice(0, -3)}`
  if (scheme === 'https' && host.endsWith(':443')) return `https://${host.slice(0, -4)}`
  return `${scheme}://${host}`
}
