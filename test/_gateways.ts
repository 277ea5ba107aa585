import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import type { App } from 'phial'
import { serve, toNodeListener } from 'phial/node'

/** One way of serving an app, as a test sees it. */
export interface Served {
  /** Sends a request to `path` (relative to the app's root, before any mount prefix). */
  fetch(path: string, init?: RequestInit): Promise<Response>
  /** The mount prefix the app sits under: Location headers and urlFor include it. */
  prefix: string
  /** The TCP port, for raw-socket tests; `undefined` in-process. */
  port: number | undefined
  close(): Promise<void>
}

/** A gateway: a name and a way to serve an app through it. */
export interface Gateway {
  name: string
  serve(app: App): Promise<Served>
}

/** Listens on a free port of 127.0.0.1; resolves to the port. */
export function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  )
}

/** Closes a server, dropping idle keep-alive connections first. */
export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections()
  return new Promise((resolve) => server.close(() => resolve()))
}

/** The same suite runs in-process, through node:http, and through Express 5 under `/mnt`. */
export const gateways: Gateway[] = [
  {
    name: 'app.request',
    async serve(app) {
      return {
        fetch: (path, init) => app.request(path, init),
        prefix: '',
        port: undefined,
        close: async () => {},
      }
    },
  },
  {
    name: 'node:http',
    async serve(app) {
      const handle = await serve(app, { port: 0 })
      const base = handle.url
      return {
        fetch: (path, init) => fetch(base + path, init),
        prefix: '',
        port: handle.port,
        close: () => handle.close(),
      }
    },
  },
  {
    name: 'express /mnt',
    async serve(app) {
      const host = express()
      // The conformance suite expects phial's own 404s; fallthrough to Express is tested on its own.
      host.use('/mnt', toNodeListener(app, { fallthrough: false }))
      host.use((_req, res) => {
        res.status(404).type('text/plain').send('express 404')
      })
      const server = createServer(host)
      const port = await listen(server)
      const base = `http://127.0.0.1:${port}/mnt`
      return {
        fetch: (path, init) => fetch(base + path, init),
        prefix: '/mnt',
        port,
        close: () => closeServer(server),
      }
    },
  },
]
