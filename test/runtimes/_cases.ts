import { expect } from 'vitest'
import type { AbortRecord } from './_app.ts'
import type { Gateway, Served } from './_gateways.ts'

/** One HTTP-level behaviour, checked on every gateway. */
export interface Case {
  /** Present tense: what every gateway does. */
  name: string
  run(served: Served, gateway: Gateway): Promise<void>
}

const JSON_TYPE = { 'content-type': 'application/json' }
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * What the server notices when a client drops a streamed response, per gateway: `signal` is
 * `req.signal` firing, `stopped` is the body's generator being closed. docs/deployment.md explains
 * each `false`.
 */
export const ABORT_SEEN: Record<string, AbortRecord> = {
  'app.request': { signal: true, stopped: true },
  'node:http': { signal: true, stopped: true },
  'Express 5 /mnt': { signal: true, stopped: true },
  'Connect /mnt': { signal: true, stopped: true },
  'Fastify 5 /blog': { signal: true, stopped: true },
  'Koa 3 /blog': { signal: true, stopped: true },
  Bun: { signal: true, stopped: true },
  Deno: { signal: true, stopped: true },
  workerd: { signal: true, stopped: true },
}

let abortIds = 0

export const cases: Case[] = [
  {
    name: 'routes a static path to an HTML string',
    async run(s) {
      const res = await s.fetch('/')
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(await res.text()).toBe('<h1>phial</h1>')
    },
  },
  {
    name: 'routes a parameter and a Flask int converter to JSON',
    async run(s) {
      const user = await s.fetch('/users/ada')
      expect([user.status, user.headers.get('content-type')]).toEqual([200, 'application/json'])
      expect(await user.json()).toEqual({ id: 'ada' })
      expect(await (await s.fetch('/posts/41')).json()).toEqual({ id: 41, next: 42 })
    },
  },
  {
    name: 'answers 404 to an unknown path and to a converter that does not match',
    async run(s) {
      for (const path of ['/nope', '/posts/abc']) {
        const res = await s.fetch(path)
        expect(res.status).toBe(404)
        expect(await res.text()).toContain('Not Found')
      }
    },
  },
  {
    name: 'answers 405 with Allow to a known path with the wrong method',
    async run(s) {
      const res = await s.fetch('/users/ada', { method: 'DELETE' })
      expect(res.status).toBe(405)
      expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS')
      await res.arrayBuffer()
    },
  },
  {
    name: 'answers HEAD with the GET headers and no body',
    async run(s) {
      const res = await s.fetch('/', { method: 'HEAD' })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(res.headers.get('content-length')).toBe('14')
      expect(await res.text()).toBe('')
    },
  },
  {
    name: 'answers OPTIONS with Allow',
    async run(s) {
      const res = await s.fetch('/echo', { method: 'OPTIONS' })
      expect(res.status).toBe(200)
      expect(res.headers.get('allow')).toBe('POST, OPTIONS')
      expect(await res.text()).toBe('')
    },
  },
  {
    name: 'reads a JSON body and answers 201',
    async run(s) {
      const res = await s.fetch('/echo', { method: 'POST', body: '{"a":[1,"é"]}', headers: JSON_TYPE })
      expect(res.status).toBe(201)
      expect(await res.json()).toEqual({ got: { a: [1, 'é'] } })
    },
  },
  {
    name: 'answers 400 to malformed JSON and 415 to the wrong content type',
    async run(s) {
      const bad = await s.fetch('/echo', { method: 'POST', body: '{"a":', headers: JSON_TYPE })
      expect(bad.status).toBe(400)
      await bad.arrayBuffer()
      const wrong = await s.fetch('/echo', {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'text/plain' },
      })
      expect(wrong.status).toBe(415)
      await wrong.arrayBuffer()
    },
  },
  {
    // Re-serializing the parsed value (Hono's text() after json()) would reorder, merge and respace
    // this body; Deno's faster request.json() keeps no text (bench/README.md, session 13).
    name: 'gives the exact body to text() and bytes() after json(), parsed or refused',
    async run(s) {
      for (const [body, parsed] of [
        ['{ "b": 1, "a": 2, "1": 3, "a": 4 }', { 1: 3, a: 4, b: 1 }],
        ['{"a": "\\u00e9", "x":', 400],
      ] as const) {
        const res = await s.fetch('/json-then-text', { method: 'POST', body, headers: JSON_TYPE })
        expect(res.status).toBe(200)
        expect(await res.json()).toEqual({ parsed, text: body, bytes: body.length })
      }
    },
  },
  {
    name: 'reads a urlencoded form with repeated keys',
    async run(s) {
      const res = await s.fetch('/form', {
        method: 'POST',
        body: 'name=Ada+L&color=red&color=blue',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
      expect(await res.json()).toEqual({ name: 'Ada L', colors: ['red', 'blue'] })
    },
  },
  {
    name: 'answers 413 to a body over maxContentLength, announced or chunked',
    async run(s) {
      const announced = await s.fetch('/length', { method: 'POST', body: 'x'.repeat(2048) })
      expect(announced.status).toBe(413)
      await announced.arrayBuffer()
      const chunks = [new Uint8Array(800).fill(120), new Uint8Array(800).fill(121)]
      const chunked = await s.fetch('/length', {
        method: 'POST',
        body: new ReadableStream({
          pull(controller) {
            const next = chunks.shift()
            if (next === undefined) controller.close()
            else controller.enqueue(next)
          },
        }),
        // @ts-expect-error Node's fetch needs duplex for a streamed body; the DOM types do not know it.
        duplex: 'half',
      })
      expect(chunked.status).toBe(413)
      await chunked.arrayBuffer()
      // Under the limit is fine, and the server still answers after refusing.
      const small = await s.fetch('/length', { method: 'POST', body: 'x'.repeat(1000) })
      expect(await small.json()).toEqual({ length: 1000 })
    },
  },
  {
    name: 'sets cookies with their attributes and reads them back',
    async run(s) {
      const set = await s.fetch('/cookies/set')
      expect(set.headers.getSetCookie()).toEqual([
        'theme=dark; Max-Age=60; Path=/; HttpOnly; SameSite=Lax',
        'lang=fr; Path=/; SameSite=Lax',
      ])
      const read = await s.fetch('/cookies/read', { headers: { cookie: 'theme=dark; lang=fr; theme=light' } })
      expect(await read.json()).toEqual({ theme: 'dark', lang: 'fr' })
    },
  },
  {
    name: 'renders a precompiled eta template with its layout, escaping the values',
    async run(s, gateway) {
      const res = await s.fetch(`/template?name=${encodeURIComponent('<Ada & co>')}`)
      expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8'])
      // `where` is the runtime and its version, as the app sees it.
      const page = new RegExp(
        `^<main><p>Hello, &lt;Ada &amp; co&gt;, from ${gateway.runtime}[^<]*</p></main>$`,
      )
      expect(await res.text()).toMatch(page)
    },
  },
  {
    name: 'keeps a signed session across requests and reads a tampered cookie as an empty session',
    async run(s) {
      const saved = await s.fetch('/session', {
        method: 'POST',
        body: 'name=ada',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
      expect(saved.status).toBe(200)
      const cookie = saved.headers.getSetCookie().find((c) => c.startsWith('session='))
      expect(cookie).toMatch(/; HttpOnly; SameSite=Lax/)
      const value = (cookie as string).split(';')[0] as string
      const read = await s.fetch('/session', { headers: { cookie: value } })
      expect(await read.json()).toEqual({ name: 'ada' })
      expect(read.headers.get('vary')).toMatch(/cookie/i)
      const flip = value.at(-2) === 'A' ? 'B' : 'A'
      const tampered = `${value.slice(0, -2)}${flip}${value.slice(-1)}`
      const forged = await s.fetch('/session', { headers: { cookie: tampered } })
      expect([forged.status, await forged.json()]).toEqual([200, { name: null }])
    },
  },
  {
    name: 'redirects with 308 to the trailing slash, keeping the mount prefix and the query',
    async run(s) {
      const res = await s.fetch('/dir?x=1', { redirect: 'manual' })
      expect(res.status).toBe(308)
      expect(res.headers.get('location')).toBe(`${s.prefix}/dir/?x=1`)
      const dir = await s.fetch('/dir/?x=1')
      expect(await dir.json()).toEqual({ root: s.prefix, self: `${s.prefix}/dir/`, q: '1' })
    },
  },
  {
    name: 'sends redirect() as written, and urlFor with the mount prefix',
    async run(s) {
      const literal = await s.fetch('/go/literal', { redirect: 'manual' })
      expect([literal.status, literal.headers.get('location')]).toEqual([302, '/target'])
      const built = await s.fetch('/go/home', { redirect: 'manual' })
      expect([built.status, built.headers.get('location')]).toEqual([303, `${s.prefix}/`])
    },
  },
  {
    name: 'streams an async generator chunk by chunk',
    async run(s) {
      const res = await s.fetch('/stream')
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(res.headers.get('content-length')).toBeNull()
      const reader = (res.body as ReadableStream<Uint8Array>).getReader()
      const decoder = new TextDecoder()
      // The generator sleeps 300 ms after its first chunk: a buffering gateway would send all at once.
      const first = await reader.read()
      expect(decoder.decode(first.value)).toBe('first;')
      let rest = ''
      for (let r = await reader.read(); !r.done; r = await reader.read()) rest += decoder.decode(r.value)
      expect(rest).toBe('second;third')
    },
  },
  {
    name: 'answers 500 to a thrown error without showing its message, and keeps serving',
    async run(s) {
      const res = await s.fetch('/boom')
      expect(res.status).toBe(500)
      const body = await res.text()
      expect(body).toContain('Internal Server Error')
      expect(body).not.toContain('secret')
      expect((await s.fetch('/')).status).toBe(200)
    },
  },
  {
    name: 'stops a streamed body when the client drops, and keeps serving',
    async run(s, gateway) {
      const id = `${gateway.name.replace(/\W/g, '')}-${++abortIds}`
      const controller = new AbortController()
      const res = await s.fetch(`/abort/${id}`, { signal: controller.signal })
      const reader = (res.body as ReadableStream<Uint8Array>).getReader()
      expect(new TextDecoder().decode((await reader.read()).value)).toContain('started;')
      controller.abort()
      await reader.cancel().catch(() => {})
      const expected = ABORT_SEEN[gateway.name]
      let seen: AbortRecord | null = null
      for (let i = 0; i < 40; i++) {
        seen = (await (await s.fetch(`/aborted/${id}`)).json()) as AbortRecord | null
        if (seen !== null && seen.signal === expected?.signal && seen.stopped === expected.stopped) break
        await sleep(50)
      }
      expect(seen).toEqual(expected)
      expect((await s.fetch('/')).status).toBe(200)
    },
  },
  {
    name: 'reports its runtime, adapter, mount prefix and the client address',
    async run(s, gateway) {
      // Cloudflare's edge sets CF-Connecting-IP; anywhere else it is a header any client can send.
      const headers = { 'cf-connecting-ip': '203.0.113.7' }
      const info = (await (await s.fetch('/info', { headers })).json()) as Record<string, string>
      expect(info.runtime?.split(' ')[0]).toBe(gateway.runtime)
      const nodeAdapter = gateway.runtime === 'node' && gateway.name !== 'app.request'
      expect(info).toMatchObject({
        adapter: nodeAdapter ? 'node' : 'fetch',
        method: 'GET',
        path: '/info',
        root: s.prefix,
        ip: gateway.runtime === 'workerd' ? '203.0.113.7' : '127.0.0.1',
      })
    },
  },
]
