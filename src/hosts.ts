import type { Route } from './dispatch.ts'
import { PhialError } from './errors.ts'
import type { PhialRequest } from './request.ts'
import type { ConverterDefinition } from './router/converters.ts'
import { type Match, Router, type Rule, type RuleOptions } from './router/index.ts'

/** Matches a request by its host and path: what dispatch calls when some rule has a subdomain. */
export type HostMatcher = (req: PhialRequest) => Match<Route>

const NOT_FOUND: Match<Route> = Object.freeze({ type: 'not-found' })

/**
 * An app's routers: one for the rules without a subdomain, one per subdomain pattern, and a router of
 * the patterns themselves. Without subdomain rules it is the one router, and matching costs nothing
 * more. Flask: `app.url_map` with `subdomain_matching`.
 */
export class Hosts {
  /** The rules without a subdomain: every rule, in most apps. */
  readonly main: Router<Route>
  readonly #converters: Record<string, ConverterDefinition> | undefined
  readonly #bySubdomain = new Map<string, Router<Route>>()
  readonly #rules: Rule[] = []

  constructor(converters?: Record<string, ConverterDefinition>) {
    this.#converters = converters
    this.main = new Router<Route>(converters === undefined ? {} : { converters })
  }

  /** Every rule, in the order added, whatever its subdomain. */
  get rules(): readonly Rule[] {
    return this.#rules
  }

  /** Whether some rule has a subdomain, so `urlFor` builds hosts. */
  get active(): boolean {
    return this.#bySubdomain.size > 0
  }

  /**
   * Adds a rule to the router of its subdomain. A subdomain needs `serverName` (a subdomain is the
   * part of the host before it), so without one it is a `PhialError` naming the rule.
   */
  add(
    rule: string,
    methods: readonly string[] | '*',
    route: Route,
    options: RuleOptions,
    serverName: string | undefined,
  ): Rule {
    const subdomain = options.subdomain ?? ''
    let router = this.main
    if (subdomain !== '') {
      if (serverName === undefined) {
        throw new PhialError(
          `route "${rule}": subdomain "${subdomain}" needs the serverName option first, such as new App({ serverName: 'example.com' })`,
        )
      }
      router = this.#bySubdomain.get(subdomain) ?? this.#routerFor(subdomain)
    }
    const added = router.add(rule, methods, route, options)
    this.#rules.push(added)
    return added
  }

  /**
   * Compiles every router. Returns null when no rule has a subdomain, or no `serverName` to find
   * one under (dispatch then asks `main` directly), else the matcher that routes by host.
   */
  compile(serverName: string | undefined): HostMatcher | null {
    this.main.compile()
    if (this.#bySubdomain.size === 0 || serverName === undefined) return null
    const patterns = new Router<Router<Route>>(
      this.#converters === undefined ? {} : { converters: this.#converters },
    )
    for (const [subdomain, router] of this.#bySubdomain) {
      router.compile()
      patterns.add(`/${subdomain}`, ['GET'], router)
    }
    patterns.compile()
    const main = this.main
    const subdomainOf = subdomainReader(serverName)
    return (req) => {
      const subdomain = subdomainOf(readableHost(req))
      if (subdomain === '') return main.match(req.method, req.path)
      const found = patterns.match('GET', `/${subdomain}`)
      if (found.type !== 'route') return NOT_FOUND
      const match = found.data.match(req.method, req.path)
      if (match.type === 'route') Object.assign(match.params, found.params)
      return match
    }
  }

  #routerFor(subdomain: string): Router<Route> {
    const router = new Router<Route>(this.#converters === undefined ? {} : { converters: this.#converters })
    this.#bySubdomain.set(subdomain, router)
    return router
  }
}

/**
 * The request's host, or `''` when it has none or a malformed one (an HTTP/1.0 client, a probe): such
 * a request reaches the rules without a subdomain, as it would in an app without subdomains, and a
 * view that asks for `req.host` or `req.url` still gets the 400.
 */
function readableHost(req: PhialRequest): string {
  try {
    return req.host
  } catch {
    return ''
  }
}

/**
 * The subdomain of `host` under `serverName`, lower-cased: `''` for the server name itself and for
 * any other host (an IP address, a health check), which the rules without a subdomain answer.
 * Ports are ignored unless `serverName` names one.
 *
 * @example
 * subdomainOf('Alice.Example.com:8000', 'example.com') // 'alice'
 */
export function subdomainOf(host: string, serverName: string): string {
  return subdomainReader(serverName)(host)
}

/** {@link subdomainOf} for one `serverName`, with what depends only on it worked out once. */
function subdomainReader(serverName: string): (host: string) => string {
  const suffix = `.${serverName.toLowerCase()}`
  const portless = !hasPort(suffix)
  // `req.host` drops the scheme's default port, as Werkzeug's get_host does; Werkzeug drops it from
  // SERVER_NAME too, so a server name on :80 or :443 also matches a host that names no port.
  const bare = /:(?:80|443)$/.test(suffix) ? suffix.slice(0, suffix.lastIndexOf(':')) : undefined
  return (host) => {
    let current = host.toLowerCase()
    if (portless && hasPort(current)) current = current.slice(0, current.lastIndexOf(':'))
    if (current.endsWith(suffix)) return current.slice(0, -suffix.length)
    if (bare !== undefined && current.endsWith(bare)) return current.slice(0, -bare.length)
    return ''
  }
}

/** Whether a host ends in `:port` (an IPv6 literal's colons are inside its brackets). */
function hasPort(host: string): boolean {
  const colon = host.lastIndexOf(':')
  return colon !== -1 && colon > host.lastIndexOf(']')
}
