import { PhialError } from './errors.ts'

/**
 * Where a file part's bytes go while a multipart body is parsed. Fetch runtimes keep them in memory
 * (bounded by `maxFileSize` and `maxContentLength`); the Node adapter spills past `fileMemoryLimit`
 * to a temporary file it deletes when the response is done.
 */
export interface UploadStore {
  /** Starts one file; the sink receives its chunks in order. */
  createSink(): UploadSink
  /** Throws away every file this store kept: the parse failed or the client went away. */
  discard(): Promise<void>
}

/** One file being received. */
export interface UploadSink {
  /** Takes one chunk; a returned promise makes the parser wait before reading more (back-pressure). */
  write(chunk: Uint8Array): void | Promise<void>
  /** The whole file: its bytes as a `Blob`, and how to save it, when the runtime has a file system. */
  finish(): Promise<StoredUpload>
}

/** A received file's content. */
export interface StoredUpload {
  blob: Blob
  save?: ((dir: string) => Promise<string>) | undefined
}

/** The default store: every file in memory. */
export function createMemoryStore(): UploadStore {
  return {
    createSink() {
      const chunks: Uint8Array[] = []
      return {
        write: (chunk) => void chunks.push(chunk),
        finish: async () => ({ blob: new Blob(chunks as BlobPart[]) }),
      }
    },
    discard: async () => {},
  }
}

/**
 * The last path segment of a client's filename, without control characters: `C:\\x\\..\\a.txt` and
 * `../../a.txt` are both `a.txt`; `..` is `''`. Never use it as a path: {@link UploadedFile.save} does not.
 */
export function toBasename(filename: string | undefined): string {
  if (filename === undefined) return ''
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const name = filename.replace(/[\u0000-\u001f\u007f]/g, '')
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).trim()
  return base === '.' || base === '..' ? '' : base
}

/**
 * An uploaded file: a standard `File` (`name`, `type`, `size`, `stream()`, `arrayBuffer()`, `text()`)
 * whose `name` is the basename of the client's filename, plus the form field it came in and `save()`.
 * Flask: `werkzeug.datastructures.FileStorage`.
 */
export class UploadedFile extends File {
  /** The form field's name (`<input name>`). */
  readonly fieldName: string
  readonly #save: StoredUpload['save']

  constructor(stored: StoredUpload, fieldName: string, filename: string | undefined, type: string) {
    super([stored.blob], toBasename(filename), { type })
    this.fieldName = fieldName
    this.#save = stored.save
  }

  /**
   * Writes the file into `dir` under a random name the client cannot choose, and resolves to its path.
   * Needs the Node adapter (or a runtime with `node:fs`); on other runtimes read `stream()` instead.
   *
   * @example
   * const path = await (await req.files()).get('avatar')?.save('./uploads')
   */
  save(dir: string): Promise<string> {
    if (this.#save === undefined) {
      return Promise.reject(
        new PhialError(
          'file.save() needs a file system: serve the app through phial/node, or write file.stream() yourself',
        ),
      )
    }
    return this.#save(dir)
  }
}

/**
 * The files of a multipart body by field name, keeping repeats (Flask's `request.files`, a MultiDict).
 *
 * @example
 * const files = await req.files()
 * files.get('avatar')?.name
 * files.getAll('photos').length
 */
export class UploadedFiles implements Iterable<[string, UploadedFile]> {
  readonly #map = new Map<string, UploadedFile[]>()

  /** @internal Adds a file under its field name. */
  append(file: UploadedFile): void {
    const list = this.#map.get(file.fieldName)
    if (list === undefined) this.#map.set(file.fieldName, [file])
    else list.push(file)
  }

  /** The first file of a field, or `undefined`. */
  get(name: string): UploadedFile | undefined {
    return this.#map.get(name)?.[0]
  }

  /** Every file of a field, in the order sent. */
  getAll(name: string): UploadedFile[] {
    return this.#map.get(name)?.slice() ?? []
  }

  /** Whether a field has a file. */
  has(name: string): boolean {
    return this.#map.has(name)
  }

  /** The field names, in the order first seen. */
  keys(): IterableIterator<string> {
    return this.#map.keys()
  }

  /** How many files in all. */
  get size(): number {
    let n = 0
    for (const list of this.#map.values()) n += list.length
    return n
  }

  *[Symbol.iterator](): IterableIterator<[string, UploadedFile]> {
    for (const [name, list] of this.#map) for (const file of list) yield [name, file]
  }
}
