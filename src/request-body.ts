import type { App } from './app.ts'
import { isJSONType, mediaType, parseJSONBody, parseURLEncoded, tooLarge } from './body.ts'
import { createHTTPError, type HTTPError, PhialError } from './errors.ts'
import { type Multipart, multipartLimits, parseMultipart, toChunks } from './multipart.ts'
import { createMemoryStore, UploadedFiles, type UploadStore } from './upload-file.ts'

const decoder = new TextDecoder()
const encoder = new TextEncoder()
const decode = (bytes: Uint8Array): string => decoder.decode(bytes)
const encode = (text: string): Uint8Array => encoder.encode(text)

/**
 * The body half of `PhialRequest`: read once, on demand, under the app's limits, as bytes,
 * text, JSON, a form or uploaded files. Adapters supply the raw read (`readBody`, and a native
 * `readText` where the runtime has one).
 */
export abstract class RequestBody {
  /** The application answering this request. */
  readonly app: App
  #bytes: Promise<Uint8Array> | undefined
  #text: Promise<string> | undefined
  /** The first `json()`, parsed where the read ends; `#bodyText` is its text once read. */
  #json: Promise<unknown> | undefined
  #bodyText: string | undefined
  #multipart: Promise<Multipart> | undefined

  constructor(app: App) {
    this.app = app
    this.#bytes = undefined
    this.#text = undefined
    this.#json = undefined
    this.#bodyText = undefined
    this.#multipart = undefined
  }

  /** One header's value, read without building a `Headers` object; `name` is case-insensitive. */
  abstract header(name: string): string | undefined
  /** The body as a stream, or `null` for a request without one. Reading it bypasses `json()` and friends. */
  abstract get body(): ReadableStream<Uint8Array> | null
  /** Reads the whole body, throwing 413 past `limit` bytes. */
  protected abstract readBody(limit: number): Promise<Uint8Array>

  /** The `Content-Type` header's media type, lower-case, without parameters. Flask: `request.mimetype`. */
  get mimetype(): string {
    return mediaType(this.header('content-type'))
  }

  /**
   * The body as bytes, read once (later calls share it); over `maxContentLength` is 413. After
   * `form()` or `files()` parsed a multipart body as it streamed, empty (Flask's `get_data()` after
   * `request.form`); before them, the bytes, which the form is then parsed from.
   */
  bytes(): Promise<Uint8Array> {
    if (this.#bytes === undefined) {
      const text = this.#text ?? (this.#json === undefined ? undefined : this.text())
      if (text !== undefined) this.#bytes = text.then(encode)
      else if (this.#multipart !== undefined) this.#bytes = this.#multipart.then(empty, empty)
      else this.#bytes = this.readBody(this.app.config.maxContentLength)
    }
    return this.#bytes
  }

  /** The body as an `ArrayBuffer`. */
  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.bytes()
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  }

  /** The body decoded as UTF-8 (`''` after a multipart `form()`, as for `bytes()`). Flask: `request.get_data(as_text=True)`. */
  text(): Promise<string> {
    if (this.#text === undefined) {
      const bytes = this.#bytes
      const json = this.#json
      // After json(): the text it read, even when it was not JSON; the read's error if there was one.
      if (json !== undefined)
        this.#text = json.then(
          () => this.#bodyText as string,
          (error) => this.#bodyText ?? Promise.reject(error),
        )
      else if (bytes !== undefined || this.#multipart !== undefined) this.#text = this.bytes().then(decode)
      else this.#text = this.readText(this.app.config.maxContentLength)
    }
    return this.#text
  }

  /**
   * Reads the whole body as UTF-8 and resolves to `parse(text)` (or the text), `parse` run where the
   * read ends with no promise hop between; adapters with a native reader override it.
   */
  protected readText(limit: number): Promise<string>
  protected readText<T>(limit: number, parse: (text: string) => T): Promise<T>
  protected readText<T>(limit: number, parse?: (text: string) => T): Promise<T | string> {
    return this.readBody(limit).then((bytes) => (parse === undefined ? decode(bytes) : parse(decode(bytes))))
  }

  /**
   * The body parsed as JSON. A content type other than `application/json` or `application/*+json`
   * is 415; malformed JSON, a `__proto__` key or nesting past `maxJsonDepth` is 400. Flask: `request.get_json()`.
   */
  json<T = unknown>(): Promise<T> {
    if (!isJSONType(this.header('content-type'))) {
      return Promise.reject(
        createHTTPError(415, 'Expected a JSON body: send Content-Type: application/json.'),
      )
    }
    // Not an async function, and the first call parses inside the adapter's read: no promise hop
    // between the body's last byte and the handler (about 3 % of an echo on Deno).
    const depth = this.app.config.maxJsonDepth
    if (this.#json !== undefined || this.#text !== undefined || this.#bytes !== undefined)
      return this.text().then((text) => parseJSONBody(text, depth) as T)
    this.#json = this.readText(this.app.config.maxContentLength, (text) => {
      this.#bodyText = text
      return parseJSONBody(text, depth)
    })
    return this.#json as Promise<T>
  }

  /**
   * The fields of an urlencoded or `multipart/form-data` body, repeats kept (`getAll`); more than
   * `maxParams` (urlencoded) or `maxFormParts` (multipart) is 413. Flask: `request.form`.
   */
  async form(): Promise<URLSearchParams> {
    const type = this.mimetype
    if (type === 'multipart/form-data') return (await this.#readMultipart()).fields
    if (type !== 'application/x-www-form-urlencoded') {
      throw createHTTPError(
        415,
        'Expected a form body: send Content-Type: application/x-www-form-urlencoded or multipart/form-data.',
      )
    }
    // Flask 3.1's MAX_FORM_MEMORY_SIZE bounds an urlencoded body too: it is held in memory whole.
    const limit = this.app.config.maxFormMemorySize
    if (Number(this.header('content-length')) > limit) throw formTooLarge(limit)
    const text = await this.text()
    if (text.length > limit) throw formTooLarge(limit)
    return parseURLEncoded(text, this.app.config.maxParams, 'form body')
  }

  /**
   * The files of a `multipart/form-data` body by field name (empty for any other body), parsed as the
   * body streams, under the upload limits. Flask: `request.files`.
   *
   * @example
   * const avatar = (await req.files()).get('avatar')
   * if (avatar) await avatar.save('./uploads')
   */
  async files(): Promise<UploadedFiles> {
    if (this.mimetype !== 'multipart/form-data') return new UploadedFiles()
    return (await this.#readMultipart()).files
  }

  /** Where uploaded files go while a multipart body is parsed; the Node adapter spills to disk. */
  protected uploadStore(): UploadStore {
    return createMemoryStore()
  }

  /** The body as chunks for the streaming parsers; the Node adapter reads `IncomingMessage` directly. */
  protected bodyChunks(): AsyncIterable<Uint8Array> {
    return toChunks(this.body ?? new ReadableStream({ start: (controller) => controller.close() }))
  }

  #readMultipart(): Promise<Multipart> {
    this.#multipart ??= this.#parseMultipart(this.#bytes ?? this.#text)
    return this.#multipart
  }

  // Flask parses request.form from the bytes get_data() cached: so does phial, under the same limits.
  async #parseMultipart(read: Promise<Uint8Array | string> | undefined): Promise<Multipart> {
    const limits = multipartLimits(this.app.config)
    const type = this.header('content-type')
    if (read !== undefined) return parseMultipart([toBytes(await read)], type, limits, this.uploadStore())
    if (Number(this.header('content-length')) > limits.maxContentLength)
      throw tooLarge(limits.maxContentLength)
    return parseMultipart(this.bodyChunks(), type, limits, this.uploadStore())
  }
}

const empty = (): Uint8Array => new Uint8Array(0)

// text() decoded the body as UTF-8: encoding it again gives the same bytes unless some were not UTF-8,
// which the decoder turned into U+FFFD (a binary file, most often). Those bytes are gone.
function toBytes(body: Uint8Array | string): Uint8Array {
  if (typeof body !== 'string') return body
  if (body.includes('\uFFFD')) {
    throw new PhialError(
      'req.text() decoded this multipart body as UTF-8 and lost its bytes that were not (a binary file?): call req.bytes() instead of req.text() before req.form() or req.files()',
    )
  }
  return encode(body)
}

function formTooLarge(limit: number): HTTPError {
  return createHTTPError(413, `The form body is larger than the limit of ${limit} bytes.`)
}
