import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Router } from '../../src/router/index.ts'

const data = new URL('../../../shared/data/', import.meta.url)
const routes203: { method: string; path: string }[] = JSON.parse(
  readFileSync(new URL('github-routes.json', data), 'utf8'),
)
const routes516: { routes: [string, string, string][] } = JSON.parse(
  readFileSync(new URL('github-routes-516.json', data), 'utf8'),
)

describe('GitHub API routes', () => {
  it('resolves each of the 203 routes with its own params', () => {
    const router = new Router<number>()
    routes203.forEach((route, i) => {
      router.add(route.path, [route.method], i)
    })
    expect(routes203).toHaveLength(203)
    routes203.forEach((route, i) => {
      const params: Record<string, string> = {}
      let n = 0
      const path = route.path.replace(/:(\w+)/g, (_, name: string) => {
        params[name] = `v-${name}-${n++}`
        return params[name]
      })
      const match = router.match(route.method, path)
      expect(match, `${route.method} ${path}`).toStrictEqual({
        type: 'route',
        data: i,
        params,
        rule: router.rules[i],
      })
    })
  })

  it('resolves each of the 516 sample paths, static segments beating params', () => {
    const router = new Router<number>()
    routes516.routes.forEach(([method, pattern], i) => {
      router.add(pattern, [method], i)
    })
    expect(routes516.routes).toHaveLength(516)
    routes516.routes.forEach(([method, pattern, sample], i) => {
      const match = router.match(method, sample)
      expect(match.type, `${method} ${sample}`).toBe('route')
      if (match.type !== 'route') return
      expect(match.rule.rule, `${method} ${sample}`).toBe(pattern)
      expect(match.data).toBe(i)
      const names = [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1])
      expect(Object.keys(match.params)).toEqual(names)
      expect(match.rule.build(match.params).path).toBe(sample)
    })
    const commits = router.match('GET', '/gists/abc/commits')
    expect(commits).toMatchObject({ type: 'route', rule: { rule: '/gists/:gist_id/commits' } })
    expect(router.match('GET', '/gists/abc/f00')).toMatchObject({ rule: { rule: '/gists/:gist_id/:sha' } })
  })

  it('answers 404 and 405 on the GitHub set', () => {
    const router = new Router<number>()
    routes203.forEach((route, i) => {
      router.add(route.path, [route.method], i)
    })
    expect(router.match('GET', '/repos/o/r/nothing-here/x')).toEqual({ type: 'not-found' })
    expect(router.match('PATCH', '/authorizations')).toEqual({
      type: 'method-not-allowed',
      allow: 'GET, HEAD, POST, OPTIONS',
    })
  })
})
