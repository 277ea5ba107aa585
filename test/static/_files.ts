import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { App, type AppOptions } from 'phial'
import { afterAll, beforeAll } from 'vitest'
import { serveStatic } from '../../src/static.ts'
import type { Gateway, Served } from '../_gateways.ts'

/** The modification time every file of {@link createFolder} gets: Tue, 02 Jan 2024 03:04:05 GMT. */
export const MTIME = Date.UTC(2024, 0, 2, 3, 4, 5) / 1000

/** A temporary folder holding `files` (name → content), each modified at {@link MTIME}. */
export function createFolder(files: Record<string, string | Uint8Array>): {
  dir: string
  remove(): void
} {
  const dir = mkdtempSync(join(tmpdir(), 'phial-static-'))
  for (const [name, content] of Object.entries(files)) writeFile(join(dir, name), content)
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** What {@link useStaticApp} gives a test: the served app (once `beforeAll` ran) and the folder. */
export interface StaticApp {
  served: Served
  dir: string
}

/**
 * An app with `files` in a temporary folder served at `/static`, through `gateway`, for one describe
 * block: started in `beforeAll`, closed and the folder removed in `afterAll`. `setup` adds routes.
 */
export function useStaticApp(
  gateway: Gateway,
  files: Record<string, string | Uint8Array>,
  options: AppOptions = {},
  setup?: (app: App, dir: string) => void,
): StaticApp {
  const folder = createFolder(files)
  const state = { served: undefined as unknown as Served, dir: folder.dir }
  beforeAll(async () => {
    const app = new App(options)
    serveStatic(app, { folder: folder.dir })
    setup?.(app, folder.dir)
    state.served = await gateway.serve(app)
  })
  afterAll(async () => {
    await state.served.close()
    folder.remove()
  })
  return state
}

/** (Re)writes a file and sets its modification time back to {@link MTIME}. */
export function writeFile(path: string, content: string | Uint8Array): void {
  writeFileSync(path, content)
  utimesSync(path, MTIME, MTIME)
}

/** A response as it came off the wire: headers and the body still encoded. */
export interface RawResponse {
  status: number
  headers: Headers
  body: Buffer
}

/**
 * Fetches without decoding the body: `fetch` over a socket would undo gzip itself. In-process, the
 * app's own `Response` is read as it is.
 */
export async function fetchRaw(
  served: Served,
  path: string,
  init: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  if (served.port === undefined) {
    const res = await served.fetch(path, init)
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) }
  }
  const options = {
    port: served.port,
    host: '127.0.0.1',
    path: served.prefix + path,
    method: init.method ?? 'GET',
    headers: init.headers,
  }
  return new Promise((resolve, reject) => {
    const req = request(options, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const headers = new Headers()
        for (const [name, value] of Object.entries(res.headers)) {
          if (typeof value === 'string') headers.set(name, value)
        }
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) })
      })
    })
    req.on('error', reject)
    req.end()
  })
}

/** What a client saw on one connection. */
export interface Exchange {
  /** Everything received, headers included. */
  raw: Buffer
  /** Whether the server closed the connection (rather than leave it idle for a second). */
  closed: boolean
}

/**
 * Sends GET requests for `paths`, pipelined on one keep-alive connection, and reads until the server
 * closes it or stays idle for a second (a server that goes on to the next response must not hang the
 * test). `onFirstData` runs once, reading held, when the first bytes arrive.
 */
export function pipeline(served: Served, paths: string[], onFirstData?: () => void): Promise<Exchange> {
  const socket = connect(served.port as number, '127.0.0.1')
  socket.write(
    paths.map((path) => `GET ${served.prefix}${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`).join(''),
  )
  const chunks: Buffer[] = []
  let first = true
  return new Promise((resolve, reject) => {
    let idle: NodeJS.Timeout | undefined
    const finish = (closed: boolean) => {
      clearTimeout(idle)
      socket.destroy()
      resolve({ raw: Buffer.concat(chunks), closed })
    }
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      clearTimeout(idle)
      idle = setTimeout(() => finish(false), 1000)
      if (first && onFirstData !== undefined) {
        socket.pause()
        onFirstData()
        setImmediate(() => socket.resume())
      }
      first = false
    })
    socket.on('close', () => finish(true))
    socket.on('error', reject)
  })
}

/** The status line and headers (lower-cased) of the first response in `raw`, and its body length. */
export function firstResponse(raw: Buffer): { head: string; bodyLength: number } {
  const text = raw.toString('latin1')
  const end = text.indexOf('\r\n\r\n')
  return { head: text.slice(0, end).toLowerCase(), bodyLength: raw.byteLength - end - 4 }
}
