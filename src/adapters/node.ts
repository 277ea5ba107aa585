import type { IncomingMessage, ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import type { App, ServerHandle } from '../app.ts'
import { tooLarge } from '../body.ts'
import type { Delivery, Outcome } from '../dispatch.ts'
import { createHTTPError, PhialError } from '../errors.ts'
import { PhialRequest } from '../request.ts'
import type { UploadStore } from '../upload-file.ts'
import { toReusedBody } from './node-reuse.ts'
import { type HostMessage, mountPrefix, targetAuthority, toOriginForm } from './node-target.ts'
import { createDiskStore } from './node-uploads.ts'
import { writeResponse } from './node-write.ts'

const decoder = new TextDecoder()

/**
 * A {@link PhialRequest} read straight from Node's `IncomingMessage`: no WHATWG object is built unless
 * `headers`, `raw` or `body` is touched (the srvx and @hono/node-server approach).
 */
export class NodeRequest extends PhialRequest {
  /** Node's request. */
  readonly incoming: HostMessage
  /** Node's response, which phial writes. */
  readonly outgoing: ServerResponse
  /** Set when the connection must close after the response (a body left unread or refused). */
  closeConnection = false
  /** Whether anything started reading the body. */
  bodyTouched = false
  #headers: Headers | undefined
  #abort: AbortController | undefined
  #raw: Request | undefined

  constructor(app: App, incoming: IncomingMessage, outgoing: ServerResponse) {
    const host = incoming as HostMessage
    const target = toOriginForm(host.url ?? '/')
    const q = target.indexOf('?')
    const rawPath = q === -1 ? target : target.slice(0, q)
    super(app, host.method ?? 'GET', rawPath, q === -1 ? '' : target.slice(q + 1), mountPrefix(host))
    this.incoming = host
    this.outgoing = outgoing
    this.#headers = undefined
    this.#abort = undefined
    this.#raw = undefined
  }

  /** One header's value, or `undefined` for any name the client did not send. Flask: `request.headers.get`. */
  header(name: string): string | undefined {
    // Node's keys are lower-case: phial's own reads (always lower-case) skip the toLowerCase. The
    // object inherits from Object.prototype, whose members are functions and objects, never strings:
    // a string is the client's, and only anything else pays for the own-property check.
    const value = this.incoming.headers[name]
    return typeof value === 'string' ? value : this.#ownHeader(name, value)
  }

  // A header not sent, `Set-Cookie` (an array), a name in another case, or an inherited member
  // (`constructor`, `__proto__`), which is no header at all, as in Werkzeug and WHATWG `Headers`.
  #ownHeader(name: string, value: unknown): string | undefined {
    const headers = this.incoming.headers
    if (value === undefined || !Object.hasOwn(headers, name)) {
      const lower = name.toLowerCase()
      if (lower === name || !Object.hasOwn(headers, lower)) return undefined
      value = headers[lower]
    }
    return typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : undefined
  }

  get headers(): Headers {
    if (this.#headers === undefined) {
      const headers = new Headers()
      const raw = this.incoming.rawHeaders
      for (let i = 0; i < raw.length; i += 2) {
        try {
          headers.append(raw[i] as string, raw[i + 1] as string)
        } catch {
          // A value Node's parser let through but WHATWG Headers refuses is left out, not fatal.
        }
      }
      this.#headers = headers
    }
    return this.#headers
  }

  // RFC 9112 §3.2.2: an absolute-form target's authority is the host, `Host` ignored (Werkzeug's dev
  // server too). Read only with the host; a host framework keeps the target in `originalUrl`.
  protected override get authority(): string | undefined {
    return targetAuthority(this.incoming.originalUrl ?? this.incoming.url ?? '/') ?? this.header('host')
  }

  get signal(): AbortSignal {
    if (this.#abort === undefined) {
      const controller = new AbortController()
      const res = this.outgoing
      if (res.destroyed && !res.writableFinished) controller.abort()
      else res.once('close', () => res.writableFinished || controller.abort())
      this.#abort = controller
    }
    return this.#abort.signal
  }

  get raw(): Request {
    const method = this.method
    const hasBody = method !== 'GET' && method !== 'HEAD'
    this.#raw ??= new Request(this.url, {
      method,
      headers: this.headers,
      body: hasBody ? this.body : null,
      signal: this.signal,
      // @ts-expect-error Node's fetch needs duplex for a streamed body; the DOM types do not know it.
      duplex: 'half',
    })
    return this.#raw
  }

  get body(): ReadableStream<Uint8Array> | null {
    this.bodyTouched = true
    if (this.incoming.readableEnded) return null
    return Readable.toWeb(this.incoming) as ReadableStream<Uint8Array>
  }

  protected get remoteAddress(): string {
    return this.incoming.socket?.remoteAddress ?? ''
  }

  protected get encrypted(): boolean {
    return (this.incoming.socket as { encrypted?: boolean } | undefined)?.encrypted === true
  }

  protected readBody(limit: number): Promise<Uint8Array> {
    return this.#read(limit, false, undefined) as Promise<Uint8Array>
  }

  // Decoded (and parsed, for json()) in the 'end' callback itself: no promise hop after the last byte.
  protected override readText(limit: number): Promise<string>
  protected override readText<T>(limit: number, parse: (text: string) => T): Promise<T>
  protected override readText<T>(limit: number, parse?: (text: string) => T): Promise<T | string> {
    return this.#read(limit, true, parse) as Promise<T | string>
  }

  #read(limit: number, asText: boolean, parse: ((text: string) => unknown) | undefined): Promise<unknown> {
    const incoming = this.incoming
    this.bodyTouched = true
    if (incoming.readableEnded) {
      try {
        const bytes = this.#reuse()
        if (!asText) return Promise.resolve(bytes)
        const text = decoder.decode(bytes)
        return Promise.resolve(parse === undefined ? text : parse(text))
      } catch (error) {
        return Promise.reject(error)
      }
    }
    const declared = Number(incoming.headers['content-length'])
    if (declared > limit) {
      this.closeConnection = true
      return Promise.reject(tooLarge(limit))
    }
    // Three listeners, none removed: `settled` makes the late ones no-ops. Adding and removing an
    // 'error' listener and removing the others cost more than the rest of the read (about 5,000
    // instructions a request, by valgrind). No 'error' listener is needed: IncomingMessage emits
    // 'error' only when it has listeners, and 'close' comes in every case where the body stops short.
    return new Promise((resolve, reject) => {
      let chunks: Buffer[] = []
      let total = 0
      let settled = false
      incoming
        .on('data', (chunk: Buffer) => {
          if (settled) return
          total += chunk.length
          if (total <= limit) chunks.push(chunk)
          else {
            settled = true
            chunks = []
            this.closeConnection = true
            incoming.pause()
            reject(tooLarge(limit))
          }
        })
        .on('end', () => {
          if (settled) return
          settled = true
          // Text is decoded at once, so a body that came as one chunk is decoded where it lies (a
          // slice of the socket's buffer); bytes handed to the caller are always a copy.
          if (!asText) return resolve(Buffer.concat(chunks, total))
          const text = decoder.decode(
            chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total),
          )
          if (parse === undefined) return resolve(text)
          try {
            resolve(parse(text))
          } catch (error) {
            reject(error)
          }
        })
        .on('close', () => {
          if (settled) return
          settled = true
          reject(createHTTPError(400, 'The client closed the connection before the body was complete.'))
        })
    })
  }

  // Uploads past fileMemoryLimit go to temporary files, deleted once the response is done.
  protected override uploadStore(): UploadStore {
    const config = this.app.config
    const store = createDiskStore({ memoryLimit: config.fileMemoryLimit, dir: config.uploadTempDir })
    this.outgoing.once('close', () => void store.cleanup())
    return store
  }

  // Read IncomingMessage itself rather than a web stream over it: Node's own back-pressure, and a
  // stop that leaves the socket open for the 413 (the rest is not drained: the connection closes).
  protected override bodyChunks(): AsyncIterable<Uint8Array> {
    this.bodyTouched = true
    if (this.incoming.readableEnded) {
      throw new PhialError(
        'the request body was already read by another middleware (such as multer); mount phial before it',
      )
    }
    return this.#chunks()
  }

  async *#chunks(): AsyncIterable<Uint8Array> {
    let complete = false
    try {
      for await (const chunk of this.incoming.iterator({ destroyOnReturn: false })) yield chunk as Buffer
      complete = true
    } catch {
      throw createHTTPError(400, 'The client closed the connection before the body was complete.')
    } finally {
      if (!complete) this.closeConnection = true
    }
  }

  // A body parser (express.json(), express.urlencoded()) got here first: reuse what it parsed.
  #reuse(): Uint8Array {
    return toReusedBody(this.incoming.body, this.header('content-type'))
  }
}

/** Options of {@link toNodeListener}. */
export interface NodeListenerOptions {
  /** With Express/Connect's `next`, pass unmatched URLs on instead of answering 404. @default true */
  fallthrough?: boolean | undefined
}

/** A Node listener: `(req, res)` for `http.createServer`, `(req, res, next)` for Express and Connect. */
export type NodeListener = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => void

/**
 * Mounts the app on Node's `http` server, Express or Connect. Under a prefix (`express().use('/blog', …)`)
 * phial routes on the rest of the path and its own redirects and `urlFor` keep the prefix.
 *
 * @example
 * http.createServer(toNodeListener(app)).listen(8000)
 * express().use('/blog', toNodeListener(app))
 */
export function toNodeListener(app: App, options: NodeListenerOptions = {}): NodeListener {
  const fallthrough = options.fallthrough ?? true
  return (incoming, outgoing, next) => {
    const req = new NodeRequest(app, incoming, outgoing)
    const canFall = fallthrough && next !== undefined
    let out: Outcome | null | undefined
    try {
      out = app.handle(req, canFall, DELIVERY)
    } catch (error) {
      return fail(app, outgoing, error)
    }
    if (out === undefined) return // an async view: DELIVERY writes its answer
    if (out === null) return next?.()
    if (out instanceof Promise) {
      out.then(
        (res) => (res === null ? next?.() : writeResponse(outgoing, res, req, app.logger)),
        (error: unknown) => fail(app, outgoing, error),
      )
    } else writeResponse(outgoing, out, req, app.logger)
  }
}

// One object for every request: an async view's response is written straight from its promise.
const DELIVERY: Delivery = {
  deliver: (req, response) => {
    const node = req as NodeRequest
    writeResponse(node.outgoing, response, node, node.app.logger)
  },
  fail: (req, error) => fail(req.app, (req as NodeRequest).outgoing, error),
}

function fail(app: App, outgoing: ServerResponse, error: unknown): void {
  app.logger.error('phial: a request failed outside every error handler:', error)
  if (outgoing.headersSent) outgoing.destroy()
  else outgoing.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Internal Server Error')
}

export { type ServeOptions, serve } from './node-serve.ts'
export { stripPrefix } from './node-target.ts'
export type { ServerHandle }
