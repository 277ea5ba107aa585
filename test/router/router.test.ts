import { describe, expect, it } from 'vitest'
import { PhialError } from '../../src/errors.ts'
import { type Converter, Router } from '../../src/router/index.ts'
import { routerCases } from './_cases.ts'

describe('router table', () => {
  for (const c of routerCases) {
    it(`${c.name}: ${c.method} ${JSON.stringify(c.path)}`, () => {
      const router = new Router<number>()
      c.rules.forEach((rule, i) => {
        router.add(rule.rule, rule.methods ?? ['GET'], i)
      })
      const match = router.match(c.method, c.path)
      if (c.expect.type !== 'route') {
        expect(match).toEqual(c.expect)
        return
      }
      expect(match.type).toBe('route')
      if (match.type !== 'route') return
      expect(match.data).toBe(c.expect.route)
      expect(match.rule.rule).toBe(c.rules[c.expect.route]!.rule)
      if (c.expect.params !== undefined) expect(match.params).toStrictEqual(c.expect.params)
    })
  }
})

describe('Router', () => {
  it('returns the same result before and after an explicit compile', () => {
    const router = new Router<string>()
    router.add('/a/:b', ['GET'], 'x')
    router.compile()
    router.compile()
    expect(router.match('GET', '/a/1')).toMatchObject({ type: 'route', data: 'x', params: { b: '1' } })
  })

  it('returns a fresh params object on every match', () => {
    const router = new Router<string>()
    router.add('/a/:b', ['GET'], 'x')
    router.add('/s', ['GET'], 's')
    const first = router.match('GET', '/a/1')
    const second = router.match('GET', '/a/2')
    expect(first).toMatchObject({ params: { b: '1' } })
    expect(second).toMatchObject({ params: { b: '2' } })
    const s1 = router.match('GET', '/s')
    const s2 = router.match('GET', '/s')
    if (s1.type === 'route' && s2.type === 'route') expect(s1.params).not.toBe(s2.params)
  })

  it('uses a custom converter and its weight', () => {
    const hex: Converter<number> = {
      regex: '[0-9a-f]+',
      parse: (v) => Number.parseInt(v, 16),
      format: (n) => n.toString(16),
      weight: 10,
    }
    const router = new Router<string>({ converters: { hex } })
    router.add('/c/<name>', ['GET'], 'name')
    const rule = router.add('/c/<hex:n>', ['GET'], 'hex')
    expect(router.match('GET', '/c/ff')).toMatchObject({ data: 'hex', params: { n: 255 } })
    expect(router.match('GET', '/c/zz')).toMatchObject({ data: 'name', params: { name: 'zz' } })
    expect(rule.build({ n: 255 }).path).toBe('/c/ff')
  })

  it('uses a custom converter factory with arguments', () => {
    const router = new Router<string>({
      converters: {
        list: (args) => ({ parse: (v) => v.split(String(args.named.sep ?? ',')) }),
      },
    })
    router.add('/l/<list(sep="+"):items>', ['GET'], 'l')
    expect(router.match('GET', '/l/a+b')).toMatchObject({ params: { items: ['a', 'b'] } })
  })

  it('lets a custom multi-segment converter take the rest of the path', () => {
    const router = new Router<string>({
      converters: { segs: { multiSegment: true, parse: (v) => v.split('/') } },
    })
    router.add('/s/<segs:parts>', ['GET'], 's')
    expect(router.match('GET', '/s/a/b')).toMatchObject({ params: { parts: ['a', 'b'] } })
  })

  it('overrides a default converter', () => {
    const router = new Router<string>({ converters: { string: { parse: (v) => v.toUpperCase() } } })
    router.add('/u/:name', ['GET'], 'u')
    expect(router.match('GET', '/u/ann')).toMatchObject({ params: { name: 'ANN' } })
  })

  it('rejects a rule and method added twice', () => {
    const router = new Router<number>()
    router.add('/a', ['GET', 'POST'], 0)
    router.add('/a', ['PUT'], 1)
    expect(() => router.add('/a', ['POST'], 2)).toThrow(/route "\/a": already registered for POST/)
    router.add('/a', '*', 3)
    expect(() => router.add('/a', '*', 4)).toThrow(/route "\/a": already registered for every method/)
  })

  it('rejects add after compile, naming the rule', () => {
    const router = new Router<number>()
    router.add('/a', ['GET'], 0)
    router.match('GET', '/a')
    expect(() => router.add('/late', ['GET'], 1)).toThrow(
      /route "\/late": register routes before the first request/,
    )
  })

  it('rejects an empty method list and bad method names', () => {
    const router = new Router<number>()
    expect(() => router.add('/a', [], 0)).toThrow(PhialError)
    expect(() => router.add('/a', ['GE T'], 0)).toThrow(/not an HTTP method/)
  })

  it('upper-cases methods', () => {
    const router = new Router<number>()
    const rule = router.add('/a', ['get'], 0)
    expect(rule.methods).toEqual(['GET'])
    expect(router.match('GET', '/a')).toMatchObject({ type: 'route' })
  })

  it('lists rules in order with their param names', () => {
    const router = new Router<number>()
    router.add('/a/:x', ['GET'], 0)
    router.add('/b{/<int:y>}/*z', '*', 1)
    expect(router.rules.map((rule) => [rule.rule, rule.methods, rule.paramNames])).toEqual([
      ['/a/:x', ['GET'], ['x']],
      ['/b{/<int:y>}/*z', '*', ['y', 'z']],
    ])
  })

  it('keeps the first rule registered for a method on the same path', () => {
    const router = new Router<number>()
    router.add('/u/:id', ['GET'], 0)
    router.add('/u/:uid', ['GET', 'POST'], 1)
    expect(router.match('GET', '/u/1')).toMatchObject({ data: 0, params: { id: '1' } })
    expect(router.match('POST', '/u/1')).toMatchObject({ data: 1, params: { uid: '1' } })
  })

  it('lists every method for an all route in Allow', () => {
    const router = new Router<number>()
    router.add('/a', '*', 0)
    router.add('/a/:x', ['POST'], 1)
    expect(router.match('GET', '/a/1')).toEqual({ type: 'method-not-allowed', allow: 'POST, OPTIONS' })
  })

  it('scans many static children through the fallback map', () => {
    const router = new Router<number>()
    for (let i = 0; i < 300; i++) router.add(`/s${i}/x`, ['GET'], i)
    router.add('/:p/x', ['GET'], 300)
    expect(router.match('GET', '/s42/x')).toMatchObject({ data: 42 })
    expect(router.match('GET', '/zz/x')).toMatchObject({ data: 300, params: { p: 'zz' } })
    expect(router.match('GET', '/s42/y')).toEqual({ type: 'not-found' })
  })

  it('never throws on odd request paths', () => {
    const router = new Router<number>()
    router.add('/a/<int:n>/*rest', ['GET'], 0)
    router.add('/f/:name.:ext', ['GET'], 1)
    router.add('/x/', ['GET'], 2)
    for (const path of [
      '',
      '/',
      '//',
      '///',
      '/a//',
      '/a/1/',
      '/f/.',
      '/f/..',
      '/%',
      '/\n',
      '/a/\u{1F600}/x',
      'x',
      '?',
    ]) {
      expect(() => router.match('GET', path)).not.toThrow()
    }
    expect(router.match('GET', '/a/1/\n')).toMatchObject({ params: { n: 1, rest: '\n' } })
  })
})
