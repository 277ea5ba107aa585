// Response bodies as the fetch runtimes take them: an iterable made a byte stream, a HEAD's stream
// that nothing reads, and how a body that will not be sent is stopped (the Node adapter uses it too).
import type { ResponseBody } from '../response.ts'

const encoder = new TextEncoder()

/**
 * @internal A stream nothing reads, for a HEAD answer to a streamed route: its high-water mark of 0
 * keeps the runtime from pulling it (Bun treats a stream it finds already closed as empty and
 * announces `content-length: 0`).
 */
export function unread(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({ pull: (controller) => controller.close() }, { highWaterMark: 0 })
}

/**
 * @internal Stops a body that will not be sent (HEAD, 204, 205, 304, a failed write): cancels a web
 * stream, destroys a Node `Readable` (closing its file), calls an iterator's `return()` so a generator's
 * `finally` runs. Never throws.
 */
export function cancelBody(body: ResponseBody): void {
  if (body === null || typeof body !== 'object' || body instanceof Uint8Array) return
  try {
    if (body instanceof ReadableStream) body.cancel().catch(ignore)
    else {
      // Duck-typed: this module runs where node:stream does not (Workers).
      const source = body as { destroy?: () => void; return?: () => unknown }
      if (typeof source.destroy === 'function') source.destroy()
      else if (typeof source.return === 'function') Promise.resolve(source.return()).catch(ignore)
    }
  } catch {
    // A locked stream, a return() or destroy() that throws: the body was not ours to stop.
  }
}

function ignore(): void {}

/**
 * Adapts an async iterable (a generator, a Node `Readable`) to a byte stream that stops it when
 * cancelled. A string chunk is encoded as UTF-8; a chunk neither string nor `Uint8Array` errors the
 * stream with a `TypeError` (and stops the source), as Node's `res.write` refuses it: every gateway
 * then cuts the body the same way, and a `CompressionStream`, which would wait forever, is not fed it.
 */
export function toReadableStream(
  iterable: AsyncIterable<Uint8Array | string>,
  onError?: (error: unknown) => void,
): ReadableStream<Uint8Array> {
  let iterator: AsyncIterator<Uint8Array | string> | undefined
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let result: IteratorResult<Uint8Array | string>
      try {
        iterator ??= iterable[Symbol.asyncIterator]()
        result = await iterator.next()
      } catch (error) {
        onError?.(error)
        throw error
      }
      const { value, done } = result
      if (done === true) controller.close()
      else if (typeof value === 'string') controller.enqueue(encoder.encode(value))
      else if (value instanceof Uint8Array) controller.enqueue(value)
      else {
        Promise.resolve(iterator.return?.()).catch(ignore)
        const error = new TypeError(`a streamed body yields strings or Uint8Arrays, not ${typeOf(value)}`)
        onError?.(error)
        controller.error(error)
      }
    },
    async cancel(reason) {
      await iterator?.return?.(reason)
    },
  })
}

// `null`, `number`, `ArrayBuffer`: what a chunk is, for the error.
function typeOf(value: unknown): string {
  if (value === null || typeof value !== 'object') return value === null ? 'null' : typeof value
  return (value as object).constructor?.name ?? 'object'
}
