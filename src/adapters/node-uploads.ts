import { randomBytes } from 'node:crypto'
import { constants, openAsBlob } from 'node:fs'
import { copyFile, type FileHandle, open, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { StoredUpload, UploadSink, UploadStore } from '../upload-file.ts'

/** Options of {@link createDiskStore}. */
export interface DiskStoreOptions {
  /** Bytes kept in memory before a file is spilled to disk. */
  memoryLimit: number
  /** Where temporary files go. @default os.tmpdir() */
  dir?: string | undefined
}

/** A disk store with a way to delete what it left once the response is done. */
export interface DiskStore extends UploadStore {
  /** Deletes every temporary file; saved copies stay. */
  cleanup(): Promise<void>
}

/** A name the client cannot choose: 128 random bits. */
function randomName(): string {
  return randomBytes(16).toString('hex')
}

/**
 * The Node upload store (Werkzeug's approach): a file stays in memory up to `memoryLimit` bytes, then
 * goes to a temporary file written at the network's pace (the parser waits for each write). Failed or
 * aborted parses close and delete everything at once; the rest is deleted by `cleanup()` after the response.
 */
export function createDiskStore(options: DiskStoreOptions): DiskStore {
  const dir = options.dir ?? tmpdir()
  const temps = new Set<string>()
  const handles = new Set<FileHandle>()

  async function saveBytes(chunks: Uint8Array[], target: string): Promise<string> {
    const path = join(resolve(target), randomName())
    await writeFile(path, chunks, { flag: 'wx', mode: 0o644 })
    return path
  }

  async function saveTemp(temp: string, target: string): Promise<string> {
    // Copy, not rename: the File handed to the handler reads the temporary file until the response ends.
    const path = join(resolve(target), randomName())
    await copyFile(temp, path, constants.COPYFILE_EXCL)
    return path
  }

  function createSink(): UploadSink {
    let chunks: Uint8Array[] = []
    let size = 0
    let handle: FileHandle | undefined
    let path: string | undefined
    let tail: Promise<void> = Promise.resolve()

    async function spill(): Promise<void> {
      path = join(dir, `phial-upload-${randomName()}`)
      temps.add(path)
      handle = await open(path, 'wx', 0o600)
      handles.add(handle)
      const buffered = chunks
      chunks = []
      await handle.writev(buffered)
    }

    return {
      write(chunk) {
        size += chunk.byteLength
        if (handle === undefined && path === undefined) {
          chunks.push(chunk)
          if (size <= options.memoryLimit) return
          tail = spill()
          return tail
        }
        // Writes are chained so they land in order; the parser awaits the returned promise.
        tail = tail.then(() => (handle as FileHandle).write(chunk).then(() => {}))
        return tail
      },
      async finish(): Promise<StoredUpload> {
        await tail
        if (path === undefined) {
          const kept = chunks
          return { blob: new Blob(kept as BlobPart[]), save: (target) => saveBytes(kept, target) }
        }
        const temp = path
        const open = handle as FileHandle
        handles.delete(open)
        await open.close()
        return { blob: await openAsBlob(temp), save: (target) => saveTemp(temp, target) }
      },
    }
  }

  async function cleanup(): Promise<void> {
    const open = [...handles]
    handles.clear()
    await Promise.allSettled(open.map((h) => h.close()))
    const paths = [...temps]
    temps.clear()
    await Promise.allSettled(paths.map((p) => rm(p, { force: true })))
  }

  return { createSink, discard: cleanup, cleanup }
}
