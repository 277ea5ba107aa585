import { App, type AppOptions, type PhialRequest } from 'phial'
/** One part of a hand-built multipart body. */
export interface Part {
  name: string
  value: string | Uint8Array
  filename?: string
  type?: string
  headers?: string
  /** The whole Content-Disposition value instead of `form-data; name=…`; `null` sends none. */
  disposition?: string | null
}

/** Builds a multipart/form-data body by hand, for inputs a real FormData would never send. */
export function multipart(
  parts: Part[],
  boundary = 'phial-test-boundary',
): { body: Uint8Array<ArrayBuffer>; type: string } {
  const enc = new TextEncoder()
  const chunks: Uint8Array[] = []
  for (const part of parts) {
    let head = `--${boundary}\r\n`
    if (part.disposition === undefined) {
      head += `Content-Disposition: form-data; name="${part.name}"`
      if (part.filename !== undefined) head += `; filename="${part.filename}"`
      head += '\r\n'
    } else if (part.disposition !== null) head += `Content-Disposition: ${part.disposition}\r\n`
    if (part.type !== undefined) head += `Content-Type: ${part.type}\r\n`
    head += `${part.headers ?? ''}\r\n`
    chunks.push(enc.encode(head), typeof part.value === 'string' ? enc.encode(part.value) : part.value)
    chunks.push(enc.encode('\r\n'))
  }
  chunks.push(enc.encode(`--${boundary}--\r\n`))
  const total = chunks.reduce((n, c) => n + c.byteLength, 0)
  const body = new Uint8Array(total)
  let at = 0
  for (const c of chunks) {
    body.set(c, at)
    at += c.byteLength
  }
  return { body, type: `multipart/form-data; boundary=${boundary}` }
}

/**
 * What a test upload route answers: the fields in order, and each file's field, name, type, size and,
 * when small, its text. The same summary for every multipart test, so they compare like with like.
 */
export async function uploadSummary(req: PhialRequest): Promise<Record<string, unknown>> {
  const form = await req.form()
  const files = await req.files()
  return {
    fields: [...form],
    files: await Promise.all(
      [...files].map(async ([field, f]) => ({
        field,
        fieldName: f.fieldName,
        name: f.name,
        type: f.type,
        size: f.size,
        isFile: f instanceof File,
        text: f.size <= 64 ? await f.text() : undefined,
      })),
    ),
  }
}

/**
 * An app for multipart tests: quiet, with the small limits every such test uses (100-byte fields,
 * 20 kB files, spilling to disk past 1 kB in `uploadTempDir`) and `options` on top, and `/upload`
 * answering {@link uploadSummary}; `onUpload` counts the requests that reached the handler.
 */
export function createUploadApp(options: AppOptions, onUpload: () => void): App {
  const quiet = { error() {}, warn() {}, info() {}, debug() {} }
  const app = new App({
    logger: quiet,
    maxFormMemorySize: 100,
    maxFileSize: 20_000,
    fileMemoryLimit: 1024,
    ...options,
  })
  app.post('/upload', async (req) => {
    const summary = await uploadSummary(req)
    onUpload()
    return summary
  })
  return app
}
