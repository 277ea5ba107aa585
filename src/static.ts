/**
 * Static files for Node, Bun and Deno: `serveStatic` (Flask's `static_folder`), `sendFile` and
 * `sendFromDirectory`. A subpath of its own (`phial/static`) because it reads the file system: `phial`
 * itself never imports `node:fs`, so the core still bundles for Workers.
 *
 * @packageDocumentation
 */
import { createReadStream, type Stats } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { isAbsolute, resolve, sep } from 'node:path'
import { Readable } from 'node:stream'
import type { App } from './app.ts'
import type { Blueprint } from './blueprint.ts'
import { createHTTPError, PhialError } from './errors.ts'
import type { PhialRequest } from './request.ts'
import { PhialResponse } from './response.ts'
import { evaluatePreconditions, requestedRange, toETag } from './static/conditional.ts'
import { contentTypeFor } from './static/mime.ts'

export { contentTypeFor } from './static/mime.ts'

/** Options of {@link sendFile} and {@link sendFromDirectory}. */
export interface SendFileOptions {
  /** The `Content-Type`. @default guessed from the file name (Flask: `mimetype`) */
  contentType?: string
  /** Send `Content-Disposition: attachment` so the browser downloads it. @default false */
  asAttachment?: boolean
  /** The file name the browser saves or shows. @default the file's own name */
  downloadName?: string
  /**
   * `Cache-Control: public, max-age=N` in seconds; `0` or unset sends `no-cache` (revalidate each time
   * with the ETag). @default `app.config.sendFileMaxAge` (Flask: `SEND_FILE_MAX_AGE_DEFAULT`)
   */
  maxAge?: number
  /** Answer `If-None-Match`, `If-Modified-Since`, `If-Match` and `Range`. @default true */
  conditional?: boolean
}

/** Options of {@link serveStatic}. */
export interface StaticOptions extends Pick<SendFileOptions, 'maxAge'> {
  /** The directory `folder` is relative to: usually `import.meta.dirname`. */
  root?: string
  /** The folder served, relative to `root` or absolute. @default 'static' */
  folder?: string
  /** Where it is served, under the blueprint's prefix for a blueprint. @default '/static' (Flask: `static_url_path`) */
  urlPath?: string
  /** The endpoint name, `bp.static` on a blueprint. @default 'static' */
  endpoint?: string
}

// Small files are read in one go and written with one `end`; larger ones are streamed.
const SMALL_FILE = 64 * 1024
const NOT_FOUND = new Set(['ENOENT', 'ENOTDIR', 'ENAMETOOLONG', 'ELOOP', 'EISDIR', 'EINVAL'])

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
 * that does not exist is 404. Never pass a path from the client: use {@link sendFromDirectory}.
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
  let info: Stats
  try {
    info = await stat(file)
  } catch (error) {
    if (NOT_FOUND.has((error as NodeJS.ErrnoException).code ?? '')) throw notFound()
    throw error
  }
  if (!info.isFile()) throw notFound()
  const size = info.size
  const etag = toETag(size, info.mtimeMs)
  const lastModified = Math.floor(info.mtimeMs / 1000)
  const headers: Record<string, string> = {
    etag,
    'last-modified': new Date(lastModified * 1000).toUTCString(),
    'cache-control': cacheControl(options.maxAge ?? configMaxAge(req)),
  }
  if (options.conditional !== false) {
    const outcome = evaluatePreconditions(req, etag, lastModified)
    // RFC 9110 §15.4.5: a 304 carries the validators and caching headers a 200 would have.
    if (outcome === 'not-modified') return new PhialResponse(null, 304, headers)
    if (outcome === 'failed') throw createHTTPError(412, 'The precondition on the request failed.')
  }
  headers['content-type'] = options.contentType ?? contentTypeFor(options.downloadName ?? file)
  headers['accept-ranges'] = 'bytes'
  headers['x-content-type-options'] = 'nosniff'
  if (options.asAttachment === true || options.downloadName !== undefined) {
    const name = options.downloadName ?? file.slice(file.lastIndexOf(sep) + 1)
    headers['content-disposition'] = contentDisposition(options.asAttachment === true, name)
  }
  const range = options.conditional === false ? undefined : requestedRange(req, size, etag, lastModified)
  if (range === 'unsatisfiable') {
    throw createHTTPError(416, 'The requested range cannot be satisfied.', {
      headers: { 'content-range': `bytes */${size}` },
    })
  }
  const start = range?.start ?? 0
  const end = range?.end ?? size - 1
  const status = range === undefined ? 200 : 206
  if (range !== undefined) headers['content-range'] = `bytes ${start}-${end}/${size}`
  const length = end - start + 1
  if (length <= 0) return new PhialResponse(new Uint8Array(0), status, headers)
  if (size <= SMALL_FILE && req.method !== 'HEAD') {
    const bytes = await readFile(file)
    return new PhialResponse(bytes.subarray(start, end + 1), status, headers)
  }
  headers['content-length'] = String(length)
  // HEAD keeps Content-Length through a body that is never read, so no file is opened.
  const body =
    req.method === 'HEAD' ? EMPTY : Readable.from(readChunks(file, start, end), { objectMode: false })
  return new PhialResponse(body, status, headers)
}

const EMPTY: AsyncIterable<Uint8Array> = { async *[Symbol.asyncIterator]() {} }

// Opens the file only when the first chunk is asked for, so a response that is dropped (replaced by an
// after-request hook, or a client gone before the body) never holds a descriptor. Returning early
// (client gone) closes the stream through `yield*`.
async function* readChunks(file: string, start: number, end: number): AsyncGenerator<Uint8Array> {
  yield* createReadStream(file, { start, end, highWaterMark: SMALL_FILE })
}

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

// Flask 2: without a max age the browser revalidates every time (no-cache) and gets a 304.
function cacheControl(maxAge: number | undefined): string {
  if (maxAge === undefined || maxAge <= 0) return 'no-cache'
  return `public, max-age=${Math.floor(maxAge)}`
}

// RFC 6266 and RFC 8187: an ASCII fallback for old clients, and the UTF-8 name for the others.
function contentDisposition(attachment: boolean, name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_')
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  const kind = attachment ? 'attachment' : 'inline'
  return fallback === name
    ? `${kind}; filename="${name}"`
    : `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`
}

function notFound() {
  return createHTTPError(404, 'The requested URL was not found on the server.')
}
