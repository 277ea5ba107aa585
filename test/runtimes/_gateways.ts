import { copyFile, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import connect from 'connect'
import express from 'express'
import { serve, toNodeListener } from 'phial/node'
import { buildWorker } from '../../examples/runtimes/workerd/build.ts'
import { closeServer, listen } from '../_gateways.ts'
import { createFastifyHost, createKoaHost } from '../_hosts.ts'
import { createConformanceApp } from './_app.ts'
import { binaryOf, type Child, ROOT, startChild } from './_children.ts'

/** One gateway serving the conformance app, as the cases see it. */
export interface Served {
  /** Sends a request to `path`, relative to the app's root (the mount prefix is added). */
  fetch(path: string, init?: RequestInit): Promise<Response>
  /** The mount prefix: phial's own redirects and `urlFor` include it. */
  prefix: string
  /** The TCP port, for cases that must send bytes `fetch` cannot (`undefined` in-process). */
  port?: number
  /** What a Bun or Deno child printed: its ports, including the ones `app.listen()` opened. */
  report?: RuntimeReport
  close(): Promise<void>
}

/** A way of serving the conformance app: in this process, under a Node host, or in a child runtime. */
export interface Gateway {
  name: string
  /** What the runtime's `/info` says; the Node hosts report `node`. */
  runtime: 'node' | 'bun' | 'deno' | 'workerd'
  start(): Promise<Served>
}

const local = (port: number, prefix = '') => ({
  fetch: (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${port}${prefix}${path}`, init),
  prefix,
  port,
})

/** Serves a Node request listener (a host framework) on a free port. */
async function viaNodeServer(listener: Parameters<typeof createServer>[1], prefix: string): Promise<Served> {
  const server = createServer(listener)
  const port = await listen(server)
  return { ...local(port, prefix), close: () => closeServer(server) }
}

const node = `node ${process.versions.node}`

/** What the Bun and Deno children print once they listen. */
export interface RuntimeReport {
  port: number
  listen: { port: number; url: string }
  closed: number
}

function fromChild(child: Child<RuntimeReport>): Served {
  return { ...local(child.report.port), report: child.report, close: () => child.kill() }
}

export const gateways: Gateway[] = [
  {
    name: 'app.request',
    runtime: 'node',
    async start() {
      const app = createConformanceApp(node)
      return { fetch: (path, init) => app.request(path, init), prefix: '', close: async () => {} }
    },
  },
  {
    name: 'node:http',
    runtime: 'node',
    async start() {
      const handle = await serve(createConformanceApp(node), { port: 0 })
      return { ...local(handle.port), close: () => handle.close() }
    },
  },
  {
    name: 'Express 5 /mnt',
    runtime: 'node',
    async start() {
      const host = express()
      host.use('/mnt', toNodeListener(createConformanceApp(node), { fallthrough: false }))
      return viaNodeServer(host, '/mnt')
    },
  },
  {
    name: 'Connect /mnt',
    runtime: 'node',
    async start() {
      const host = connect()
      host.use('/mnt', toNodeListener(createConformanceApp(node), { fallthrough: false }))
      return viaNodeServer(host, '/mnt')
    },
  },
  {
    // The recipe of docs/request-response.md#mounting-in-fastify-and-koa.
    name: 'Fastify 5 /blog',
    runtime: 'node',
    async start() {
      const fastify = await createFastifyHost(toNodeListener(createConformanceApp(node)), '/blog')
      await fastify.listen({ port: 0, host: '127.0.0.1' })
      const { port } = fastify.server.address() as AddressInfo
      return {
        ...local(port, '/blog'),
        close: async () => {
          fastify.server.closeAllConnections()
          await fastify.close()
        },
      }
    },
  },
  {
    name: 'Koa 3 /blog',
    runtime: 'node',
    async start() {
      const koa = createKoaHost(toNodeListener(createConformanceApp(node)), '/blog')
      return viaNodeServer(koa.callback(), '/blog')
    },
  },
  {
    name: 'Bun',
    runtime: 'bun',
    async start() {
      const entry = join(ROOT, 'test/runtimes/bun-entry.ts')
      const child = await startChild<RuntimeReport>(binaryOf('bun'), ['--conditions=phial-source', entry])
      return fromChild(child)
    },
  },
  {
    name: 'Deno',
    runtime: 'deno',
    async start() {
      const entry = join(ROOT, 'test/runtimes/deno-entry.ts')
      const args = [
        'run',
        '--allow-net=127.0.0.1',
        '--allow-env',
        '--allow-read',
        '--conditions=phial-source',
        entry,
      ]
      const child = await startChild<RuntimeReport>(binaryOf('deno'), args)
      return fromChild(child)
    },
  },
  {
    name: 'workerd',
    runtime: 'workerd',
    async start() {
      const dir = await mkdtemp(join(tmpdir(), 'phial-workerd-'))
      await buildWorker(join(ROOT, 'test/runtimes/worker-entry.ts'), join(dir, 'worker.js'))
      await copyFile(join(ROOT, 'test/runtimes/workerd.capnp'), join(dir, 'config.capnp'))
      // --control-fd 3: workerd writes {"event":"listen","port":…} there once the socket is bound.
      const child = await startChild<{ port: number }>(
        binaryOf('workerd'),
        ['serve', 'config.capnp', '--control-fd=3'],
        { cwd: dir, reportFd: 3 },
      )
      return {
        ...local(child.report.port),
        close: async () => {
          await child.kill()
          await rm(dir, { recursive: true, force: true })
        },
      }
    },
  },
]
