/**
 * One app, one page per tenant on its own subdomain (Flask's `subdomain=`). Run it with
 * `npx tsx --conditions=phial-source examples/tenants.ts`, then open http://alice.localhost:8000/ (browsers
 * send *.localhost to this machine) or `curl -H 'Host: bob.localhost:8000' http://127.0.0.1:8000/`.
 */
import { realpathSync } from 'node:fs'
import { App, Blueprint, html, NotFound, type PhialRequest } from 'phial'

const shops = new Map([
  ['alice', 'Alice’s bookshop'],
  ['bob', 'Bob’s bakery'],
])

export const app = new App({ serverName: 'localhost:8000' })

// The site itself, on localhost:8000: links to every tenant, built across hosts by urlFor.
app.get('/', function index(req) {
  const links = [...shops].map(
    ([tenant, name]) => `<li><a href="${req.urlFor('shop.home', { tenant })}">${name}</a></li>`,
  )
  return html(`<h1>Shops</h1><ul>${links.join('')}</ul>`)
})

// Every tenant's pages, on <tenant>.localhost:8000; the subdomain's value is a param.
const shop = new Blueprint('shop', { subdomain: '<tenant>' })
shop.urlValuePreprocessor((_endpoint, params, req) => {
  const name = shops.get(String(params.tenant))
  if (name === undefined) throw new NotFound(`There is no shop called ${String(params.tenant)}.`)
  req.state.shop = name
})
shop.get('/', function home(req: PhialRequest) {
  return html(`<h1>${req.state.shop}</h1><p><a href="${req.urlFor('index')}">All shops</a></p>`)
})
app.registerBlueprint(shop)

if (realpathSync(process.argv[1] ?? '.') === realpathSync(import.meta.filename)) await app.listen(8000)
