// Routing options passed as `undefined` keep their defaults: routes, `addRoute`, the router and its
// converters, blueprints, `urlFor` and the Node listener.
import { createServer } from 'node:http'
import {
  type AddRouteOptions,
  App,
  Blueprint,
  type BlueprintOptions,
  type Converter,
  type RegisterOptions,
  type RouteOptions,
  Router,
  type RuleOptions,
  type UrlForOptions,
} from 'phial'
import { type NodeListenerOptions, toNodeListener } from 'phial/node'
import { describe, expect, it } from 'vitest'
import { closeServer, listen } from '../_gateways.ts'
import { eachUnset, type Unset } from './_unset.ts'

/** Not exported by name; users pass it to `new Router()`. */
type RouterOptions = NonNullable<ConstructorParameters<typeof Router>[0]>

const route: Unset<RouteOptions> = {
  endpoint: undefined,
  methods: undefined,
  defaults: undefined,
  provideAutomaticOptions: undefined,
  subdomain: undefined,
}
const addRoute: Unset<AddRouteOptions> = {
  endpoint: undefined,
  thisArg: undefined,
  blueprint: undefined,
  defaults: undefined,
  provideAutomaticOptions: undefined,
  subdomain: undefined,
}

/** GET answers, OPTIONS is automatic, POST is 405 and the endpoint is the function's name. */
async function expectDefaults(app: App, path: string, endpoint: string, body: string): Promise<void> {
  const res = await app.request(path)
  expect(res.status).toBe(200)
  expect(await res.text()).toBe(body)
  const options = await app.request(path, { method: 'OPTIONS' })
  expect(options.status).toBe(200)
  expect(options.headers.get('allow')).toBe('GET, HEAD, OPTIONS')
  const post = await app.request(path, { method: 'POST' })
  expect(post.status).toBe(405)
  expect(post.headers.get('allow')).toBe('GET, HEAD, OPTIONS')
  expect(app.urlFor(endpoint, { id: 7 })).toBe(path)
}

describe('route options passed as undefined', () => {
  it.each(eachUnset(route))(
    'app.get with %s undefined keeps GET, OPTIONS and the endpoint',
    async (_, options) => {
      const app = new App()
      app.get('/items/<int:id>', options, function item(req) {
        return `item ${req.params.id}`
      })
      await expectDefaults(app, '/items/7', 'item', 'item 7')
    },
  )

  it.each(eachUnset(route))('app.route with %s undefined answers GET only', async (_, options) => {
    const app = new App()
    app.route('/items/<int:id>', options, function item(req) {
      return `item ${req.params.id}`
    })
    await expectDefaults(app, '/items/7', 'item', 'item 7')
  })

  it.each(eachUnset(route))(
    'a decorated method with %s undefined is named after the method',
    async (_, options) => {
      const app = new App()
      class Items {
        @app.get('/items/<int:id>', options)
        static item(req: { params: { id: number } }) {
          return `item ${req.params.id}`
        }
      }
      expect(Items.item({ params: { id: 1 } })).toBe('item 1')
      await expectDefaults(app, '/items/7', 'item', 'item 7')
    },
  )

  it.each(eachUnset(addRoute))('addRoute with %s undefined keeps the defaults', async (_, options) => {
    const app = new App()
    app.addRoute(
      '/items/<int:id>',
      ['GET'],
      function item(req) {
        return `item ${req.params.id}`
      },
      options,
    )
    await expectDefaults(app, '/items/7', 'item', 'item 7')
  })
})

describe('router options passed as undefined', () => {
  const routerOptions: Unset<RouterOptions> = { converters: undefined }
  const rule: Unset<RuleOptions> = {
    endpoint: undefined,
    defaults: undefined,
    provideAutomaticOptions: undefined,
    subdomain: undefined,
  }

  it.each(eachUnset(rule))('a rule with %s undefined matches with the default converters', (_, options) => {
    const router = new Router<string>(routerOptions)
    const added = router.add('/users/<int:id>', ['GET'], 'user', options)
    expect(added.endpoint).toBeUndefined()
    expect(added.defaults).toBeUndefined()
    expect(added.subdomain).toBeUndefined()
    expect(router.match('GET', '/users/7')).toMatchObject({ type: 'route', data: 'user', params: { id: 7 } })
    expect(router.match('OPTIONS', '/users/7')).toEqual({ type: 'options', allow: 'GET, HEAD, OPTIONS' })
  })

  // `format` stays a method, so that a Converter<number> is still a Converter: it takes no undefined.
  const converter: Unset<Omit<Converter, 'format'>> = {
    regex: undefined,
    multiSegment: undefined,
    weight: undefined,
  }
  it.each(eachUnset(converter))('a converter with %s undefined matches one segment', async (_, options) => {
    const app = new App({ converters: { loud: { ...options, parse: (v: string) => v.toUpperCase() } } })
    app.get('/say/<loud:word>', function say(req) {
      return String(req.params.word)
    })
    const res = await app.request('/say/hi')
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('HI')
    expect((await app.request('/say/a/b')).status).toBe(404)
    expect(app.urlFor('say', { word: 'a b' })).toBe('/say/a%20b')
  })
})

describe('blueprint options passed as undefined', () => {
  const blueprint: Unset<BlueprintOptions> = { urlPrefix: undefined, subdomain: undefined }
  const register: Unset<RegisterOptions> = { urlPrefix: undefined, name: undefined, subdomain: undefined }

  it.each(eachUnset(blueprint))('new Blueprint with %s undefined has no prefix', async (_, options) => {
    const app = new App()
    const shop = new Blueprint('shop', options)
    shop.get('/items/<int:id>', function item(req) {
      return `item ${req.params.id}`
    })
    app.registerBlueprint(shop)
    await expectDefaults(app, '/items/7', 'shop.item', 'item 7')
  })

  it.each(eachUnset(register))(
    'registerBlueprint with %s undefined keeps the blueprint’s own',
    async (_, options) => {
      const app = new App({ serverName: 'example.com' })
      const shop = new Blueprint('shop', { urlPrefix: '/shop', subdomain: 'api' })
      const items = new Blueprint('items', { urlPrefix: '/items' })
      items.get('/<int:id>', { subdomain: undefined }, function item(req) {
        return `item ${req.params.id}`
      })
      shop.registerBlueprint(items, options)
      app.registerBlueprint(shop, options)
      const res = await app.request('http://api.example.com/shop/items/7')
      expect(res.status).toBe(200)
      expect(await res.text()).toBe('item 7')
      expect((await app.request('http://example.com/shop/items/7')).status).toBe(404)
      expect(app.urlFor('shop.items.item', { id: 7 })).toBe('http://api.example.com/shop/items/7')
    },
  )
})

describe('urlFor options passed as undefined', () => {
  const urlFor: Unset<UrlForOptions> = {
    external: undefined,
    anchor: undefined,
    method: undefined,
    scheme: undefined,
    request: undefined,
  }
  const rows = new Map(eachUnset(urlFor))
  const app = new App()
  app.get('/items/<int:id>', function item(req) {
    return req.urlFor('item', { id: 8, page: 2 }, rows.get(req.query.get('option') ?? ''))
  })
  app.post('/items', function add() {
    return 'added'
  })

  it.each([...rows.keys()])('with %s undefined builds a relative URL without an anchor', async (key) => {
    expect(app.urlFor('item', { id: 7 }, rows.get(key))).toBe('/items/7')
    expect(app.urlFor('add', {}, rows.get(key))).toBe('/items')
    const res = await app.request(`/items/7?option=${key}`)
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('/items/8?page=2')
  })
})

describe('Node listener options passed as undefined', () => {
  const listener: Unset<NodeListenerOptions> = { fallthrough: undefined }

  it.each(eachUnset(listener))('with %s undefined passes unmatched URLs to next', async (_, options) => {
    const app = new App()
    app.get('/known', () => 'phial')
    const handle = toNodeListener(app, options)
    const server = createServer((req, res) => handle(req, res, () => res.end('next')))
    const port = await listen(server)
    try {
      const known = await fetch(`http://127.0.0.1:${port}/known`)
      expect(known.status).toBe(200)
      expect(await known.text()).toBe('phial')
      const unknown = await fetch(`http://127.0.0.1:${port}/unknown`)
      expect(unknown.status).toBe(200)
      expect(await unknown.text()).toBe('next')
    } finally {
      await closeServer(server)
    }
  })
})
