// Shared by the cache tests: a recording logger, and a store that fails or hangs on demand.
import { App } from 'phial'
import { Cache, type CacheStore, MemoryStore } from 'phial/cache'

/** A logger that keeps what it was given, as text. */
export function recordingLogger() {
  const lines: string[] = []
  const keep =
    (level: string) =>
    (...args: unknown[]) =>
      lines.push(`${level}: ${args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')}`)
  return {
    lines,
    logger: { error: keep('error'), warn: keep('warn'), info: keep('info'), debug: keep('debug') },
  }
}

/** A store in memory that answers with promises, and can be told to fail or to hang. */
export class FlakyStore implements CacheStore {
  readonly inner = new MemoryStore()
  mode: 'ok' | 'fail' | 'hang' = 'ok'
  calls = 0

  #answer<T>(run: () => T): Promise<T> {
    this.calls++
    if (this.mode === 'fail') return Promise.reject(new Error('store is down'))
    if (this.mode === 'hang') return new Promise(() => {})
    return Promise.resolve(run())
  }
  get(key: string) {
    return this.#answer(() => this.inner.get(key))
  }
  set(key: string, value: string, ttl: number) {
    return this.#answer(() => this.inner.set(key, value, ttl))
  }
  add(key: string, value: string, ttl: number) {
    return this.#answer(() => this.inner.add(key, value, ttl))
  }
  replace(key: string, value: string, ttl: number) {
    return this.#answer(() => this.inner.replace(key, value, ttl))
  }
  delete(key: string) {
    return this.#answer(() => this.inner.delete(key))
  }
  clear(prefix: string) {
    return this.#answer(() => this.inner.clear(prefix))
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** An app with a secret key, a cache, and a counter per name, logging into `lines`: for view tests. */
export function setup(options: ConstructorParameters<typeof Cache>[0] = {}) {
  const { lines, logger } = recordingLogger()
  const app = new App({ secretKey: 'k', logger })
  const cache = new Cache({ logger, ...options })
  const runs: Record<string, number> = {}
  const count = (name: string) => {
    runs[name] = (runs[name] ?? 0) + 1
    return runs[name]
  }
  return { app, cache, runs, count, lines }
}
