import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { createHTTPError, type HTTPError } from '../errors.ts'

/** Files up to this size are read in one go and sent as bytes; larger ones are streamed in chunks of it. */
export const SMALL_FILE = 64 * 1024

/** The error codes of a path that names no file: answered 404. */
export const NOT_FOUND = new Set(['ENOENT', 'ENOTDIR', 'ENAMETOOLONG', 'ELOOP', 'EISDIR', 'EINVAL'])

/** The 500 for a file whose size changed under phial: its validators and lengths no longer hold. */
export function toFileChangedError(file: string, detail: string): HTTPError {
  return createHTTPError(500, `${file} changed while it was being sent: ${detail}`)
}

/**
 * The `size` bytes of a small file, or `undefined` when it does not have exactly `size` bytes any more
 * (it changed since `stat`). Reads one byte more than expected to tell a file that grew.
 */
export async function readSmall(file: string, size: number): Promise<Uint8Array | undefined> {
  const handle = await open(file, 'r')
  try {
    const buffer = new Uint8Array(size + 1)
    let total = 0
    while (total < buffer.byteLength) {
      const { bytesRead } = await handle.read(buffer, total, buffer.byteLength - total, total)
      if (bytesRead === 0) break
      total += bytesRead
    }
    return total === size ? buffer.subarray(0, size) : undefined
  } finally {
    await handle.close()
  }
}

/**
 * Bytes `start` to `end` (included) of a file, streamed. Opens the file only when the first chunk is
 * asked for, so a response that is dropped (replaced by an after-request hook, or a client gone before
 * the body) never holds a descriptor; returning early (client gone) closes it. Never more bytes than
 * that range, even if the file grew; and when the file has fewer (it shrank, or went away, since
 * `stat`), it throws after the last one, so the adapter breaks the connection: the client sees a body
 * shorter than its `Content-Length`, never a next response read as the rest of this one.
 */
export async function* readChunks(file: string, start: number, end: number): AsyncGenerator<Uint8Array> {
  const length = end - start + 1
  let sent = 0
  for await (const chunk of createReadStream(file, { start, end, highWaterMark: SMALL_FILE })) {
    sent += (chunk as Uint8Array).byteLength
    yield chunk as Uint8Array
  }
  if (sent < length) throw toFileChangedError(file, `${sent} of the ${length} bytes announced were left`)
}
