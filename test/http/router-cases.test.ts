import { App } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'
import { routerCases } from '../router/_cases.ts'

// The router's typed table, run again through HTTP: the same cases, answered as responses.
const httpCases = routerCases.filter((c) => c.path.startsWith('/'))

function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%3A/g, ':'))
    .join('/')
}

describe.each(gateways.slice(0, 2))('the router table through $name', (gateway) => {
  const servers: Served[] = []
  afterAll(async () => {
    for (const s of servers) await s.close()
  })

  const apps = httpCases.map((c) => {
    const app = new App()
    c.rules.forEach(({ rule, methods }, index) => {
      app.addRoute(rule, methods ?? ['GET'], (req) => ({ route: index, params: req.params }), {
        endpoint: `r${index}`,
      })
    })
    return app
  })
  const served: Served[] = []
  beforeAll(async () => {
    for (const app of apps) served.push(await gateway.serve(app))
    servers.push(...served)
  })

  httpCases.forEach((c, i) => {
    it(`${c.name}: ${c.method} ${c.path}`, async () => {
      const res = await (served[i] as Served).fetch(encodePath(c.path), {
        method: c.method,
        redirect: 'manual',
      })
      const e = c.expect
      if (e.type === 'route') {
        expect(res.status).toBe(200)
        if (c.method === 'HEAD') return
        const body = await res.json()
        expect(body.route).toBe(e.route)
        if (e.params !== undefined) expect(body.params).toEqual(e.params)
      } else if (e.type === 'options') {
        expect([res.status, res.headers.get('allow')]).toEqual([200, e.allow])
      } else if (e.type === 'method-not-allowed') {
        expect([res.status, res.headers.get('allow')]).toEqual([405, e.allow])
      } else if (e.type === 'redirect') {
        expect(res.status).toBe(308)
        expect(decodeURIComponent(res.headers.get('location') ?? '')).toBe(e.path)
      } else {
        expect(res.status).toBe(404)
      }
    })
  })
})

describe('every GitHub route through HTTP', async () => {
  const { readFile } = await import('node:fs/promises')
  const routes: Array<{ method: string; path: string }> = JSON.parse(
    await readFile(new URL('../../../shared/data/github-routes.json', import.meta.url), 'utf8'),
  )
  const app = new App()
  routes.forEach(({ method, path }, index) => {
    app.addRoute(path, [method], (req) => ({ index, params: req.params }), { endpoint: `g${index}` })
  })

  it('answers each route own URL with that route and its params', async () => {
    for (const [index, { method, path }] of routes.entries()) {
      const params: Record<string, string> = {}
      const url = path.replace(/:(\w+)/g, (_, name: string) => {
        params[name] = `v-${name}-${index}`
        return params[name]
      })
      const res = await app.request(url, { method })
      expect(res.status, `${method} ${url}`).toBe(200)
      if (method !== 'HEAD') expect(await res.json(), `${method} ${url}`).toEqual({ index, params })
    }
  })
})
