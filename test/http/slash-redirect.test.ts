// The 308 a rule ending in "/" answers to its path without the slash: the Location holds the request
// target, so what a URI cannot hold is percent-encoded as Werkzeug quotes it (safe "!$&'()*+,/:;=@"),
// and it never leaves the site (`/\evil.com/` is `//evil.com/` to a browser). Expected values are
// Werkzeug 3.1.8's, less its scheme and host (phial's Location is a path).
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { App } from 'phial'
import { toNodeListener } from 'phial/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeServer, gateways, type Served } from '../_gateways.ts'
import { rawRequest, useRawServer } from '../adapters/_raw.ts'

function createApp(): App {
  const app = new App()
  app.get('/<name>/', (req) => `name ${req.params.name}`)
  app.get('/files/<path:p>/', (req) => `path ${req.params.p}`)
  app.get('/<path:p>/', (req) => `path ${req.params.p}`)
  return app
}

/** Sends `GET <target>` on a raw socket; status, the Location exactly as sent, and the body. */
async function rawGet(port: number, target: string) {
  const raw = await rawRequest(
    port,
    `GET ${target} HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n`,
  )
  const end = raw.indexOf('\r\n\r\n')
  return {
    status: Number(raw.split(' ')[1]),
    location: /\r\nlocation: ([^\r]*)/i.exec(raw.slice(0, end))?.[1] ?? null,
    body: raw.slice(end + 4),
  }
}

describe('the trailing-slash 308 over a raw socket (node:http)', () => {
  const port = useRawServer(createApp)

  it.each([
    ['/\\evil.com', '/%5Cevil.com/'],
    ['/\\evil.com?next=/x', '/%5Cevil.com/?next=/x'],
    ['/a"<b>?x="<y>', '/a%22%3Cb%3E/?x=%22%3Cy%3E'],
    ['/files/\\\\evil.com', '/files/%5C%5Cevil.com/'],
    ['/\\/evil.com', '/%5C/evil.com/'],
    ['/x`y{z}|^', '/x%60y%7Bz%7D%7C%5E/'],
    ['/caf%C3%A9', '/caf%C3%A9/'],
  ])('percent-encodes %s into a Location on this site', async (target, location) => {
    expect(await rawGet(port(), target)).toEqual({ status: 308, location, body: '' })
  })

  it('collapses leading slashes after encoding, so no Location starts with // or /\\', async () => {
    // `//\evil.com` is `<path:p>` = `/\evil.com` under `/<path:p>/`: encoded, then one leading slash.
    expect(await rawGet(port(), '//\\evil.com')).toEqual({ status: 308, location: '/%5Cevil.com/', body: '' })
    expect(await rawGet(port(), '///evil.com?q=1')).toEqual({
      status: 308,
      location: '/evil.com/?q=1',
      body: '',
    })
  })
})

describe('the trailing-slash 308 under an Express mount, over a raw socket', () => {
  it('encodes the target and keeps the prefix: /mnt/\\evil.com is /mnt/%5Cevil.com/', async () => {
    const host = express()
    host.use('/mnt', toNodeListener(createApp()))
    const server = createServer(host)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      expect(await rawGet(port, '/mnt/\\evil.com?next=1')).toEqual({
        status: 308,
        location: '/mnt/%5Cevil.com/?next=1',
        body: '',
      })
    } finally {
      await closeServer(server)
    }
  })
})

describe.each(gateways)('the trailing-slash 308 through $name', (gateway) => {
  let served: Served
  beforeAll(async () => {
    served = await gateway.serve(createApp())
  })
  afterAll(() => served.close())

  // `|` and `^` are outside the WHATWG path percent-encode set: fetch and app.request send them raw.
  it('percent-encodes | and ^, which WHATWG URLs leave raw, keeping the prefix and query', async () => {
    const res = await served.fetch('/a|b^c?x=|', { redirect: 'manual' })
    expect(res.status).toBe(308)
    expect(res.headers.get('location')).toBe(`${served.prefix}/a%7Cb%5Ec/?x=%7C`)
    expect(await res.text()).toBe('')
  })
})
