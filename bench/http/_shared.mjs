// What every server in bench/http serves, defined once: content types, the route table, the template.
import { readFileSync } from 'node:fs'
import { Eta } from 'eta'

export const HTML = 'text/html; charset=utf-8'
export const JSON_TYPE = 'application/json; charset=utf-8'

/** The 203 GitHub API routes, `{ method, path }` in `:param` syntax. */
export const GITHUB_ROUTES = JSON.parse(
  readFileSync(new URL('../../../shared/data/github-routes.json', import.meta.url), 'utf8'),
)

/** The deep parametric GitHub route the `deep` scenario requests (3 params, 6 segments). */
export const DEEP_ROUTE = '/repos/:owner/:repo/issues/:number/comments'

/** The port to listen on: first argument, then `PORT`, then 3000. */
export const port = () => Number(process.argv[2] ?? process.env.PORT ?? 3000)

const eta = new Eta({ autoEscape: true })
const template = eta.compile(`<!doctype html>
<html><head><title><%= it.title %></title></head>
<body>
<h1>Hello, <%= it.name %>!</h1>
<ul>
<% for (const item of it.items) { %>  <li><%= item %></li>
<% } %></ul>
</body></html>
`)
const items = ['router', 'request', 'response', 'blueprints', 'sessions', 'templates', 'errors', 'hooks']

/** Renders the shared eta template (compiled once, autoescaped) for `name`. */
export const render = (name) => eta.render(template, { title: 'phial bench', name, items })
