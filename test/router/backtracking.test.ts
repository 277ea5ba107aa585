import { App } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'

// Rules whose RegExp backtracked in time polynomial in the path: the degree is the number of params
// with unbounded values that have more pattern after them. Before the linear matcher, a 4 KB miss on
// t3 blocked the event loop 3.5 s, t4 took minutes at 2 KB, and `mixed` 31 s at 8 KB. Without the
// fix the long-path tests below never finish within the test timeout (20 s): run on the old matcher,
// the 15 KB miss on t3 through node:http was still running after 15 minutes. Timings stay out of
// tests; finishing at all is what these assert, with the answers.
const RULES = {
  t3: '/t3/<path:a>/<path:b>/<path:c>/end',
  t4: '/t4/<path:a>/<path:b>/<path:c>/<path:d>/end',
  t2: '/t2/<path:a>/x/<path:b>/y',
  mixed: '/m/:a-:b-:c.json',
  dotted: '/w/<path:a>.x/<path:b>.y',
  typed: '/n/<path:a>/<int:n>/<path:b>/end',
} as const

function createApp(): App {
  const app = new App()
  for (const [name, rule] of Object.entries(RULES)) {
    app.get(rule, { endpoint: name }, (req) => ({ rule: name, params: req.params }))
  }
  return app
}

/** Which params get which segments: the first param takes as much as it can (a greedy RegExp's split). */
const HITS: ReadonlyArray<
  readonly [path: string, rule: keyof typeof RULES, params: Record<string, unknown>]
> = [
  ['/t3/1/2/3/end', 't3', { a: '1', b: '2', c: '3' }],
  ['/t3/1/2/3/4/end', 't3', { a: '1/2', b: '3', c: '4' }],
  ['/t3/a/end/b/end/c/end', 't3', { a: 'a/end/b', b: 'end', c: 'c' }],
  ['/t3/a//b/c/end', 't3', { a: 'a/', b: 'b', c: 'c' }],
  ['/t3/a/b//c/end', 't3', { a: 'a', b: 'b/', c: 'c' }],
  ['/t3/a/////end', 't3', { a: 'a', b: '/', c: '/' }],
  ['/t4/1/2/3/4/5/6/end', 't4', { a: '1/2/3', b: '4', c: '5', d: '6' }],
  ['/t4/end/end/end/end/end', 't4', { a: 'end', b: 'end', c: 'end', d: 'end' }],
  ['/t2/x/x/x/y/y', 't2', { a: 'x/x', b: 'y' }],
  ['/t2/x/x/y/x/y/y', 't2', { a: 'x/x/y', b: 'y' }],
  ['/m/a-b-c-d.json', 'mixed', { a: 'a-b', b: 'c', c: 'd' }],
  ['/m/a-b-c.json.json', 'mixed', { a: 'a', b: 'b', c: 'c.json' }],
  ['/m/a--b-c.json', 'mixed', { a: 'a-', b: 'b', c: 'c' }],
  ['/m/a-b--c.json', 'mixed', { a: 'a', b: 'b-', c: 'c' }],
  ['/w/1.x/2.x/3.y', 'dotted', { a: '1.x/2', b: '3' }],
  ['/w/1.x.x/2.y', 'dotted', { a: '1.x', b: '2' }],
  ['/n/a/1/b/2/c/end', 'typed', { a: 'a/1/b', n: 2, b: 'c' }],
  ['/n/a/1/b/end', 'typed', { a: 'a', n: 1, b: 'b' }],
]

const MISSES = [
  '/t3/1/2/end',
  '/t3/a////end',
  '/t3/1/2/3/end/',
  '/t4/1/2/3/end',
  '/t2/x/y',
  '/m/a-b.json',
  '/m/a--b.json',
  '/w/1.y',
  '/n/a/b/c/end',
]

describe.each(gateways.filter((g) => g.name === 'app.request' || g.name === 'node:http'))(
  'rules with several unbounded params through $name',
  (gateway) => {
    let served: Served
    beforeAll(async () => {
      served = await gateway.serve(createApp())
    })
    afterAll(() => served.close())

    it.each(HITS)('gives %s to %s with the greedy split', async (path, rule, params) => {
      const res = await served.fetch(path)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/json')
      expect(await res.json()).toEqual({ rule, params })
    })

    it.each(MISSES)('answers 404 for %s', async (path) => {
      const res = await served.fetch(path)
      expect(res.status).toBe(404)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(await res.text()).toContain('Not Found')
    })

    // Node's default header limit is 16 KB, request line included; in-process there is no limit.
    const size = gateway.name === 'node:http' ? 15_000 : 64_000
    const count = Math.floor(size / 2)

    it.each(['t3', 't4'] as const)('answers a long miss on %s with 404', async (rule) => {
      const path = `/${rule}/${'a/'.repeat(count)}q`
      const res = await served.fetch(path)
      expect(res.status).toBe(404)
      expect(await res.text()).toContain('Not Found')
    })

    it.each(['t3', 't4'] as const)('answers a long hit on %s with the greedy split', async (rule) => {
      const res = await served.fetch(`/${rule}/${'a/'.repeat(count)}end`)
      expect(res.status).toBe(200)
      const rest = rule === 't3' ? { b: 'a', c: 'a' } : { b: 'a', c: 'a', d: 'a' }
      const first = 'a/'.repeat(count - Object.keys(rest).length).slice(0, -1)
      expect(await res.json()).toEqual({ rule, params: { a: first, ...rest } })
    })

    it('answers a long miss and hit on a segment of three params', async () => {
      const miss = await served.fetch(`/m/${'a-'.repeat(count)}x`)
      expect(miss.status).toBe(404)
      await miss.body?.cancel()
      const hit = await served.fetch(`/m/${'a-'.repeat(count)}.json`)
      expect(hit.status).toBe(200)
      const first = 'a-'.repeat(count - 2).slice(0, -1)
      expect(await hit.json()).toEqual({ rule: 'mixed', params: { a: first, b: 'a', c: 'a-' } })
    })
  },
)
