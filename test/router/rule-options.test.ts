// Router.add's rule options: defaults (Werkzeug's test_defaults, on the Map) and provideAutomaticOptions.
import { describe, expect, it } from 'vitest'
import { Router } from '../../src/router/index.ts'

function paged(order: 'defaults-first' | 'defaults-last'): Router<string> {
  const router = new Router<string>()
  const add = {
    defaults: () => router.add('/foo/', ['GET'], 'first', { endpoint: 'foo', defaults: { page: 1 } }),
    param: () => router.add('/foo/<int:page>', ['GET'], 'other', { endpoint: 'foo' }),
  }
  const steps = order === 'defaults-first' ? [add.defaults, add.param] : [add.param, add.defaults]
  for (const step of steps) step()
  return router
}

describe.each(['defaults-first', 'defaults-last'] as const)('Router defaults, registered %s', (order) => {
  it('merges the defaults into the params of a match', () => {
    expect(paged(order).match('GET', '/foo/')).toMatchObject({
      type: 'route',
      data: 'first',
      params: { page: 1 },
    })
    expect(paged(order).match('GET', '/foo/2')).toMatchObject({ data: 'other', params: { page: 2 } })
  })

  it('redirects values equal to the defaults, built and flagged (redirect_defaults)', () => {
    expect(paged(order).match('GET', '/foo/1')).toEqual({ type: 'redirect', path: '/foo/', built: true })
    expect(paged(order).match('HEAD', '/foo/1')).toEqual({ type: 'redirect', path: '/foo/', built: true })
  })

  it('gives each match its own params object', () => {
    const router = paged(order)
    const first = router.match('GET', '/foo/')
    if (first.type === 'route') first.params.page = 99
    expect(router.match('GET', '/foo/')).toMatchObject({ params: { page: 1 } })
  })
})

describe('Router defaults', () => {
  it('redirects only between rules of one endpoint with the same arguments', () => {
    const router = new Router<number>()
    router.add('/a/', ['GET'], 0, { endpoint: 'a', defaults: { page: 1 } })
    router.add('/b/<int:page>', ['GET'], 1, { endpoint: 'b' })
    router.add('/c/<int:page>/<int:size>', ['GET'], 2, { endpoint: 'a' })
    router.add('/d/<int:page>', ['GET'], 3)
    expect(router.match('GET', '/b/1')).toMatchObject({ type: 'route', data: 1 })
    expect(router.match('GET', '/c/1/2')).toMatchObject({ type: 'route', data: 2 })
    expect(router.match('GET', '/d/1')).toMatchObject({ type: 'route', data: 3 })
  })

  it('builds with the defaults as used values, and refuses values that differ', () => {
    const rule = new Router<number>().add('/foo/', ['GET'], 0, { defaults: { page: 1 } })
    expect(rule.build({ page: 1, q: 'x' })).toEqual({ path: '/foo/', unused: ['q'] })
    expect(rule.build({ page: '1' })).toEqual({ path: '/foo/', unused: [] })
    expect(() => rule.build({ page: 2 })).toThrow(
      'route "/foo/": cannot build a URL: "page" is 2, and this rule\'s default is 1',
    )
  })
})

describe('Router provideAutomaticOptions', () => {
  it('answers OPTIONS with 405 and leaves OPTIONS out of Allow when every rule of the path says false', () => {
    const router = new Router<number>()
    router.add('/x', ['GET'], 0, { provideAutomaticOptions: false })
    router.add('/y', ['GET'], 1, { provideAutomaticOptions: false })
    router.add('/y', ['POST'], 2)
    expect(router.match('OPTIONS', '/x')).toEqual({ type: 'method-not-allowed', allow: 'GET, HEAD' })
    expect(router.match('PUT', '/x')).toEqual({ type: 'method-not-allowed', allow: 'GET, HEAD' })
    expect(router.match('OPTIONS', '/y')).toEqual({ type: 'options', allow: 'GET, HEAD, POST, OPTIONS' })
  })

  it('keeps OPTIONS across leaves of one path when one of them provides it', () => {
    const router = new Router<number>()
    router.add('/p/<int:id>', ['GET'], 0, { provideAutomaticOptions: false })
    router.add('/p/:name', ['POST'], 1)
    expect(router.match('OPTIONS', '/p/7')).toEqual({ type: 'options', allow: 'GET, HEAD, POST, OPTIONS' })
    const only = new Router<number>()
    only.add('/p/<int:id>', ['GET'], 0, { provideAutomaticOptions: false })
    only.add('/p/:name', ['POST'], 1, { provideAutomaticOptions: false })
    expect(only.match('OPTIONS', '/p/7')).toEqual({ type: 'method-not-allowed', allow: 'GET, HEAD, POST' })
  })
})
