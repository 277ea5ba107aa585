/**
 * Static files for Node, Bun and Deno: `serveStatic` (Flask's `static_folder`), `sendFile` and
 * `sendFromDirectory`. A subpath of its own (`phial/static`) because it reads the file system: `phial`
 * itself never imports `node:fs`, so the core still bundles for Workers.
 *
 * @packageDocumentation
 */
import type { Stats } from 'node:fs'
import { stat } from 'node:fs/promises'
import { isAbsolute, resolve, sep } from 'node:path'
import { Readable } from 'node:stream'
import type { App } from './app.ts'
import type { Blueprint } from './blueprint.ts'
import { setRepresentation } from './compression.ts'
import { createHTTPError, PhialError } from './errors.ts'
import type { PhialRequest } from './request.ts'
import { PhialResponse } from './response.ts'
import { type ByteRange, evaluatePreconditions, requestedRange, toETag } from './static/conditional.ts'
import { toCacheControl, toContentDisposition } from './static/headers.ts'
import { contentTypeFor } from './static/mime.ts'
import { NOT_FOUND, readChunks, readSmall, SMALL_FILE, toFileChangedError } from './static/read.ts'

export { contentTypeFor } from './static/mime.ts'

/** Options of {@link sendFile} and {@link sendFromDirectory}. */
export interface SendFileOptions {
  /** The `Content-Type`. @default guessed from the file name (Flask: `mimetype`) */
  contentType?: string | undefined
  /** Send `Content-Disposition: attachment` so the browser downloads it. @default false */
  asAttachment?: boolean | undefined
  /** The file name the browser saves or shows. @default the file's own name */
  downloadName?: string | undefined
  /**
   * `Cache-Control: public, max-age=N` in seconds; `0` or unset sends `no-cache` (revalidate each time
   * with the ETag). @default `app.config.sendFileMaxAge` (Flask: `SEND_FILE_MAX_AGE_DEFAULT`)
   */
  maxAge?: number | undefined
  /** Answer `If-None-Match`, `If-Modified-Since`, `If-Match` and `Range` (and send `Accept-Ranges`). @default true */
  conditional?: boolean | undefined
}

/** Options of {@link serveStatic}. */
export interface StaticOptions extends Pick<SendFileOptions, 'maxAge'> {
  /** The directory `folder` is relative to: usually `import.meta.dirname`. */
  root?: string | undefined
  /** The folder served, relative to `root` or absolute. @default 'static' */
  folder?: string | undefined
  /** Where it is served, under the blueprint's prefix for a blueprint. @default '/static' (Flask: `static_url_path`) */
  urlPath?: string | undefined
  /** The endpoint name, `bp.static` on a blueprint. @default 'static' */
  endpoint?: string | undefined
}

/**
 * Serves a folder of files at `urlPath` on an app or a blueprint, under the endpoint `static`, so
 * `urlFor('static', { filename: 'app.css' })` builds its URL. Flask: `static_folder` and `static_url_path`.
 *
 * @example
 * serveStatic(app, { root: import.meta.dirname })            // ./static at /static
 * serveStatic(admin, { root: import.meta.dirname })          // ./static at /admin/static, endpoint admin.static
 */
export function serveStatic(scaffold: App | Blueprint, options: StaticOptions = {}): void {
  const folder = toFolder(options.root, options.folder ?? 'static', 'serveStatic')
  const urlPath = (options.urlPath ?? '/static').replace(/\/+$/, '')
  const send: SendFileOptions = options.maxAge === undefined ? {} : { maxAge: options.maxAge }
  scaffold.get(`${urlPath}/<path:filename>`, { endpoint: options.endpoint ?? 'static' }, (req) =>
    sendFromDirectory(req, folder, String(req.params.filename), send),
  )
}

/**
 * Sends a file from `directory`, where `name` may come from the URL: a name that is absolute, has a
 * `..`, dot-file or empty segment, a backslash or a NUL, or that names a directory or nothing, is 404,
 * and nothing outside `directory` is ever read. `name` is used as given: phial decoded the path once
 * already, and decoding again would let `%252e%252e` through. Flask: `send_from_directory`.
 *
 * @example
 * app.get('/uploads/<path:name>', (req) => sendFromDirectory(req, uploads, req.params.name))
 */
export function sendFromDirectory(
  req: PhialRequest,
  directory: string,
  name: string,
  options: SendFileOptions = {},
): Promise<PhialResponse> {
  const path = safeJoin(resolve(directory), name)
  if (path === undefined) return Promise.reject(notFound())
  return sendFile(req, path, options)
}

/**
 * Sends a file with its `Content-Type`, `ETag`, `Last-Modified` and `Cache-Control`; answers 304 to a
 * matching `If-None-Match` or `If-Modified-Since`, 206 to a single `Range` (416 when it cannot be
 * satisfied), and HEAD with the headers alone. A large file is streamed, never read whole. A file
 * that does not exist is 404. A small file whose size changes before it is read is looked at once
 * more, then 500; a large one that shrinks while it is sent ends its body in an error, which closes
 * the connection. Never pass a path from the client: use {@link sendFromDirectory}.
 * Flask: `send_file`.
 *
 * @example
 * app.get('/report', (req) => sendFile(req, reportPath, { asAttachment: true, downloadName: 'report.pdf' }))
 */
export async function sendFile(
  req: PhialRequest,
  path: string,
  options: SendFileOptions = {},
): Promise<PhialResponse> {
  const file = resolve(path)
  // A small file that changed between `stat` and the read is looked at afresh once, so the validators,
  // range and length all describe the bytes sent; a file that keeps changing is a 500.
  const res = (await respond(req, file, options)) ?? (await respond(req, file, options))
  if (res === undefined) throw toFileChangedError(file, 'its size differed from stat twice')
  return res
}

// One attempt of sendFile: `undefined` when the small file read did not have the size `stat` gave.
async function respond(
  req: PhialRequest,
  file: string,
  options: SendFileOptions,
): Promise<PhialResponse | undefined> {
  const info = await statFile(file)
  const size = info.size
  const etag = toETag(size, info.mtimeMs)
  const lastModified = Math.floor(info.mtimeMs / 1000)
  const contentType = options.contentType ?? contentTypeFor(options.downloadName ?? file)
  // What the body of a 200 would be, for compression to decide a 304's or HEAD's Vary and ETag.
  const bodySize = size <= SMALL_FILE ? size : -1
  const conditional = options.conditional !== false
  const headers: Record<string, string> = {
    etag,
    'last-modified': new Date(lastModified * 1000).toUTCString(),
    'cache-control': toCacheControl(options.maxAge ?? configMaxAge(req)),
  }
  if (conditional) {
    const outcome = evaluatePreconditions(req, etag, lastModified)
    // RFC 9110 §15.4.5: a 304 carries the validators and caching headers a 200 would have.
    if (outcome === 'not-modified')
      return represent(new PhialResponse(null, 304, headers), contentType, bodySize)
    if (outcome === 'failed') throw createHTTPError(412, 'The precondition on the request failed.')
    // Only when Range is honoured: `conditional: false` ignores it, so it must not advertise it.
    headers['accept-ranges'] = 'bytes'
  }
  describe(headers, file, contentType, options)
  const range = conditional ? toRange(req, size, etag, lastModified) : undefined
  const start = range?.start ?? 0
  const end = range?.end ?? size - 1
  const status = range === undefined ? 200 : 206
  if (range !== undefined) headers['content-range'] = `bytes ${start}-${end}/${size}`
  const length = end - start + 1
  if (length <= 0) return new PhialResponse(new Uint8Array(0), status, headers)
  if (req.method === 'HEAD') {
    // HEAD keeps Content-Length through a body that is never read, so no file is opened.
    headers['content-length'] = String(length)
    return represent(new PhialResponse(EMPTY, status, headers), contentType, bodySize)
  }
  if (size <= SMALL_FILE) {
    const bytes = await readSmall(file, size).catch(toNotFound)
    return bytes && new PhialResponse(bytes.subarray(start, end + 1), status, headers)
  }
  headers['content-length'] = String(length)
  return new PhialResponse(
    Readable.from(readChunks(file, start, end), { objectMode: false }),
    status,
    headers,
  )
}

// The headers of the content: its type, and how a browser should show or save it.
function describe(
  headers: Record<string, string>,
  file: string,
  contentType: string,
  options: SendFileOptions,
): void {
  headers['content-type'] = contentType
  headers['x-content-type-options'] = 'nosniff'
  if (options.asAttachment === true || options.downloadName !== undefined) {
    const name = options.downloadName ?? file.slice(file.lastIndexOf(sep) + 1)
    headers['content-disposition'] = toContentDisposition(options.asAttachment === true, name)
  }
}

function toRange(req: PhialRequest, size: number, etag: string, lastModified: number): ByteRange | undefined {
  const range = requestedRange(req, size, etag, lastModified)
  if (range !== 'unsatisfiable') return range
  throw createHTTPError(416, 'The requested range cannot be satisfied.', {
    headers: { 'content-range': `bytes */${size}` },
  })
}

async function statFile(file: string): Promise<Stats> {
  const info = await stat(file).catch(toNotFound)
  if (!info.isFile()) throw notFound()
  return info
}

function represent(res: PhialResponse, contentType: string, size: number): PhialResponse {
  setRepresentation(res, contentType, size)
  return res
}

const EMPTY: AsyncIterable<Uint8Array> = { async *[Symbol.asyncIterator]() {} }

/**
 * Joins `name` to `root` (already resolved) and checks the result is inside it; `undefined` when the
 * name is unsafe. Werkzeug's `safe_join`, stricter: dot-files and empty segments are refused too.
 */
export function safeJoin(root: string, name: string): string | undefined {
  if (name === '' || name.includes('\0') || name.includes('\\')) return undefined
  const parts = name.split('/')
  for (const part of parts) {
    // An empty segment is `//` or a leading `/` (an absolute path); `.`-segments are `.`, `..` and dot-files.
    if (part === '' || part.startsWith('.')) return undefined
    // Windows: a drive letter or an alternate data stream.
    if (sep === '\\' && part.includes(':')) return undefined
  }
  const joined = resolve(root, ...parts)
  return joined.startsWith(root.endsWith(sep) ? root : root + sep) ? joined : undefined
}

function toFolder(root: string | undefined, folder: string, caller: string): string {
  if (isAbsolute(folder)) return resolve(folder)
  if (root === undefined) {
    throw new PhialError(
      `${caller}: the folder "${folder}" is relative; pass { root: import.meta.dirname } or an absolute folder`,
    )
  }
  return resolve(root, folder)
}

function configMaxAge(req: PhialRequest): number | undefined {
  const value = req.app.config.sendFileMaxAge
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new PhialError(`config.sendFileMaxAge must be a number of seconds, got ${JSON.stringify(value)}`)
  }
  return value
}

function notFound() {
  return createHTTPError(404, 'The requested URL was not found on the server.')
}

// A file gone (or replaced by a directory) between two looks is as missing as one never there.
function toNotFound(error: NodeJS.ErrnoException): never {
  throw NOT_FOUND.has(error.code ?? '') ? notFound() : error
}
