import type * as MP from 'multipasta'
import { readChunk, tooLarge } from './body.ts'
import type { Config } from './config.ts'
import { createHTTPError, type HTTPError, isHTTPError } from './errors.ts'
import { type FormDisposition, toFormDisposition } from './multipart-disposition.ts'
import { MultipartFraming } from './multipart-framing.ts'
import { UploadedFile, UploadedFiles, type UploadStore } from './upload-file.ts'

/** The limits a multipart body is parsed under; each one broken is a 413 (or 400) before any handler sees data. */
export interface MultipartLimits {
  /** Bytes in the whole body. */
  maxContentLength: number
  /** Parts (fields and files). */
  maxParts: number
  /** Bytes of one non-file field. */
  maxFieldSize: number
  /** Bytes of one file. */
  maxFileSize: number
  /** Bytes of one part's headers (the parser itself stops at 16 KiB). */
  maxHeaderSize: number
}

/** The limits an app's config sets (`maxFormParts`, `maxFormMemorySize`, `maxFileSize`, …). */
export function multipartLimits(config: Config): MultipartLimits {
  return {
    maxContentLength: config.maxContentLength,
    maxParts: config.maxFormParts,
    maxFieldSize: config.maxFormMemorySize,
    maxFileSize: config.maxFileSize,
    maxHeaderSize: config.maxPartHeaderSize,
  }
}

/** A parsed multipart body: fields as `URLSearchParams` (repeats kept), files by field name. */
export interface Multipart {
  fields: URLSearchParams
  files: UploadedFiles
}

// RFC 2046 §5.1.1: 1 to 70 characters from bchars, not ending in a space. The cap keeps the boundary
// search linear in the body whatever the client sends.
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/
const BOUNDARY_PARAM = /;\s*boundary\s*=\s*(?:"([^"]*)"|([^;\s]*))/i

/** The boundary of a `multipart/form-data` content type; missing or malformed is 400. */
export function toBoundary(contentType: string | undefined): string {
  const match = BOUNDARY_PARAM.exec(contentType ?? '')
  if (match === null) throw createHTTPError(400, 'The multipart body has no boundary parameter.')
  const boundary = match[1] ?? match[2] ?? ''
  if (!BOUNDARY.test(boundary)) {
    throw createHTTPError(400, 'The multipart boundary is malformed: RFC 2046 allows 1 to 70 characters.')
  }
  return boundary
}

// multipasta is loaded on the first multipart body, not at import: it is five module files, which
// every app would otherwise read at start-up whether it takes uploads or not.
let multipastaModule: Promise<typeof MP> | undefined
const loadMultipasta = (): Promise<typeof MP> => (multipastaModule ??= import('multipasta'))

/**
 * Parses a `multipart/form-data` body as it streams (with multipasta): fields into memory, files into
 * `store`. A broken limit, a malformed body or a client that goes away rejects after every stored file
 * has been discarded, so nothing is left open or on disk. Everything after the close delimiter (RFC 2046
 * §5.1.1's epilogue) is read, counted against `maxContentLength`, and ignored.
 */
export async function parseMultipart(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  contentType: string | undefined,
  limits: MultipartLimits,
  store: UploadStore,
): Promise<Multipart> {
  const boundary = toBoundary(contentType)
  const multipasta = await loadMultipasta()
  const framing = new MultipartFraming(boundary)
  const fields = new URLSearchParams()
  const files: Array<Promise<UploadedFile>> = []
  let failure: HTTPError | undefined
  let done = false
  let pending: Array<void | Promise<void>> = []
  const fail = (error: HTTPError) => {
    failure ??= error
  }
  // multipasta's own Content-Disposition parser drops every parameter of a header holding a character
  // above U+00FF (its obs-text is Latin-1, but it reads headers decoded as UTF-8): 日本.pdf would lose
  // its name and filename. phial reads the header itself, once per part, before the part's body.
  const parts = new WeakMap<MP.PartInfo, Part>()
  // Every callback first checks `done`: multipasta keeps splitting the epilogue after onDone().
  const parser = multipasta.make({
    headers: { 'content-type': `multipart/form-data; boundary="${boundary}"` },
    maxParts: limits.maxParts,
    maxFieldSize: limits.maxFieldSize,
    isFile(info) {
      if (done || failure !== undefined) return true // a file's body is skipped, a field's would be buffered
      const error = framing.check() ?? checkHeaderSize(info, limits)
      if (error !== undefined) {
        fail(error)
        return true
      }
      try {
        const part = toPart(info)
        parts.set(info, part)
        return part.isFile
      } catch (error) {
        fail(isHTTPError(error) ? error : createHTTPError(400, 'A multipart part has malformed headers.'))
        return true
      }
    },
    onField(info, value) {
      if (done || failure !== undefined) return
      const part = parts.get(info)
      // multipasta ends the previous part again (with no data) when a boundary comes before a part's
      // headers ended, or ends a part it never announced (info undefined): never emit a part twice.
      if (part === undefined || part.ended) return fail(unfinishedPart())
      part.ended = true
      fields.append(part.name, multipasta.decodeField(info, value))
    },
    onFile(info) {
      const part = parts.get(info)
      if (done || failure !== undefined || part === undefined) return () => {}
      const sink = store.createSink()
      let size = 0
      return (chunk) => {
        if (done || failure !== undefined) return
        if (chunk === null) {
          // The same re-emission as for fields: finishing a sink twice would hand over the file twice.
          if (part.ended) return fail(unfinishedPart())
          part.ended = true
          const file = sink.finish().then((s) => new UploadedFile(s, part.name, part.filename, part.type))
          file.catch(() => {}) // awaited below; a failed parse never awaits it
          files.push(file)
          return
        }
        size += chunk.byteLength
        if (size > limits.maxFileSize) {
          fail(
            createHTTPError(413, `An uploaded file is larger than the limit of ${limits.maxFileSize} bytes.`),
          )
        } else pending.push(sink.write(chunk))
      }
    },
    onError(error) {
      if (done) return // in the epilogue
      // A line that is not a header may be the first after a malformed boundary line: say which.
      fail((error._tag === 'BadHeaders' ? framing.check() : undefined) ?? toHTTPError(error, limits))
    },
    onDone() {
      done = failure === undefined
    },
  })
  const feed = (bytes: Uint8Array) => write(parser, bytes, fail)
  try {
    let total = 0
    for await (const chunk of source) {
      total += chunk.byteLength
      if (total > limits.maxContentLength) fail(tooLarge(limits.maxContentLength))
      else if (!done) {
        const error = framing.push(chunk, feed)
        if (error !== undefined) fail(error)
      }
      if (pending.length > 0) {
        const writes = pending
        pending = []
        await Promise.all(writes) // the disk's pace is the network's pace
      }
      if (failure !== undefined) break
    }
    if (failure === undefined && !done) {
      framing.flush(feed)
      parser.end()
    }
    if (!done) fail(createHTTPError(400, 'The multipart body ended before its closing boundary.'))
    if (failure !== undefined) throw failure
    const out = new UploadedFiles()
    for (const file of await Promise.all(files)) out.append(file)
    return { fields, files: out }
  } catch (error) {
    await Promise.allSettled(pending)
    await Promise.allSettled(files)
    await store.discard()
    throw error
  }
}

function write(parser: ReturnType<typeof MP.make>, chunk: Uint8Array, fail: (e: HTTPError) => void): void {
  try {
    parser.write(chunk)
  } catch {
    // The parser throws on a malformed filename* (RFC 5987 percent-encoding): the client's fault.
    fail(createHTTPError(400, 'A multipart part has malformed headers.'))
  }
}

const unfinishedPart = (): HTTPError =>
  createHTTPError(400, 'The multipart body is malformed: a boundary came before the headers of a part ended.')

interface Part extends FormDisposition {
  type: string
  isFile: boolean
  /** Whether multipasta has ended the part (its field value or its file's last chunk). */
  ended: boolean
}

function toPart(info: MP.PartInfo): Part {
  const { name, filename } = toFormDisposition(info.headers['content-disposition'])
  // RFC 7578 §4.4: a part's Content-Type defaults to text/plain; a file's, as documented, to
  // application/octet-stream (the type §4.4 says a sender should label unknown file data with).
  const type =
    info.headers['content-type'] === undefined
      ? filename === undefined
        ? 'text/plain'
        : 'application/octet-stream'
      : info.contentType
  // RFC 7578 §4.2 and Werkzeug: a part is a file when it has a filename, whatever its Content-Type.
  return { name, filename, type, isFile: filename !== undefined, ended: false }
}

function checkHeaderSize(info: MP.PartInfo, limits: MultipartLimits): HTTPError | undefined {
  if (headerSize(info) <= limits.maxHeaderSize) return undefined
  return createHTTPError(413, `A multipart part's headers are larger than ${limits.maxHeaderSize} bytes.`)
}

function headerSize(info: MP.PartInfo): number {
  let size = 0
  for (const name in info.headers) {
    const value = info.headers[name] as string | string[]
    size += name.length + (typeof value === 'string' ? value.length : value.join('').length) + 4
  }
  return size
}

function toHTTPError(error: MP.MultipartError, limits: MultipartLimits): HTTPError {
  switch (error._tag) {
    case 'ReachedLimit':
      if (error.limit === 'MaxParts')
        return createHTTPError(413, `The multipart body has more than ${limits.maxParts} parts.`)
      return createHTTPError(413, `A form field is larger than the limit of ${limits.maxFieldSize} bytes.`)
    case 'BadHeaders':
      if (error.error.reason === 'HeaderTooLarge' || error.error.reason === 'TooManyHeaders')
        return createHTTPError(
          413,
          `A multipart part's headers are larger than ${limits.maxHeaderSize} bytes.`,
        )
      // RFC 7578 §4.8 and RFC 2046 §5.1.1: header lines end with CRLF (Werkzeug also takes LF alone).
      return createHTTPError(
        400,
        'A multipart part has malformed headers: each must be a "Name: value" line ending with CRLF.',
      )
    case 'InvalidDisposition':
      return createHTTPError(400, 'A multipart part has a Content-Disposition without a name.')
    case 'InvalidBoundary':
      return createHTTPError(400, 'The multipart body has no boundary parameter.')
    case 'EndNotReached':
      return createHTTPError(400, 'The multipart body ended before its closing boundary.')
  }
}

/** Reads a web stream as an async iterable on every runtime, cancelling it when the loop stops early. */
export async function* toChunks(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader()
  let finished = false
  try {
    for (;;) {
      const { done, value } = await readChunk(reader)
      if (done) {
        finished = true
        return
      }
      yield value
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => {})
    reader.releaseLock()
  }
}
