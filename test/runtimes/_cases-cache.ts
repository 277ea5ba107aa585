import { expect } from 'vitest'
import type { Case } from './_cases.ts'

let ids = 0

// phial/cache on every gateway: the page a cached view stored answers the next request, headers and
// all, whichever runtime serves it (in a Worker, from the isolate's memory).
export const cacheCases: Case[] = [
  {
    name: 'answers a cached view from the cache, keyed on its query string',
    async run(s) {
      const id = `c${ids++}-${Date.now()}`
      const first = await s.fetch(`/cached/${id}?q=a`)
      const again = await s.fetch(`/cached/${id}?q=a`)
      const other = await s.fetch(`/cached/${id}?q=b`)
      for (const res of [first, again, other]) {
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toBe('application/json')
      }
      expect(await first.json()).toEqual({ id, query: 'a', build: 1 })
      expect(await again.json()).toEqual({ id, query: 'a', build: 1 })
      expect(await other.json()).toEqual({ id, query: 'b', build: 2 })
    },
  },
]
