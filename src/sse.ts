import { PhialError } from './errors.ts'
import { type HeadersInit, PhialResponse } from './response.ts'

/** One server-sent event (HTML Living Standard §9.2). */
export interface ServerSentEvent {
  /** The payload: a string is sent as is (each line its own `data:` line), anything else as JSON. */
  data?: unknown
  /** The event type the browser dispatches (`addEventListener(event, …)`); no CR or LF. */
  event?: string | undefined
  /** The last-event id the browser sends back on reconnect; no CR, LF or NUL. */
  id?: string | number | undefined
  /** Milliseconds the browser waits before reconnecting: a non-negative safe integer. */
  retry?: number | undefined
  /** A comment (a string; each line its own `:` line), ignored by browsers. */
  comment?: string | undefined
}

/** Options of {@link sse}. */
export interface SSEOptions {
  /** Milliseconds between keep-alive comments, so proxies keep an idle stream open; `0` for none. @default 15000 */
  keepAlive?: number | undefined
  /** @default 200 */
  status?: number | undefined
  /** Extra response headers. */
  headers?: HeadersInit | undefined
}

const encoder = new TextEncoder()
const LINES = /\r\n|\r|\n/
const PING = encoder.encode(': keep-alive\n\n')

function field(name: string, value: string, forbidden: RegExp, what: string): string {
  if (forbidden.test(value)) {
    throw new PhialError(`sse: the event's ${name} contains ${what}; a ${name} must be one line`)
  }
  return `${name}: ${value}\n`
}

/**
 * Serializes one event. A CR or LF in `event` or `id` (or NUL in `id`) is refused with a
 * `PhialError`: it would let the value inject fields of its own. So are a `retry` that is not a
 * non-negative safe integer, a `comment` that is not a string, and `data` JSON cannot hold (a function,
 * a symbol).
 */
export function formatEvent(event: ServerSentEvent): string {
  let out = ''
  if (event.comment !== undefined) {
    if (typeof event.comment !== 'string')
      throw new PhialError(`sse: the event's comment must be a string, not ${typeof event.comment}`)
    for (const line of event.comment.split(LINES)) out += `: ${line}\n`
  }
  if (event.event !== undefined) out += field('event', event.event, /[\r\n]/, 'a line break')
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL makes browsers ignore the id
  if (event.id !== undefined) out += field('id', String(event.id), /[\r\n\u0000]/, 'a line break or NUL')
  if (event.retry !== undefined) {
    // HTML §9.2.6: the browser takes ASCII digits only; 1e21 would be written `1e+21` and ignored.
    if (!Number.isSafeInteger(event.retry) || event.retry < 0)
      throw new PhialError(
        `sse: retry must be a non-negative safe integer of milliseconds, not ${String(event.retry)}`,
      )
    out += `retry: ${event.retry}\n`
  }
  if (event.data !== undefined) for (const line of toData(event.data).split(LINES)) out += `data: ${line}\n`
  return `${out}\n`
}

function toData(data: unknown): string {
  if (typeof data === 'string') return data
  // JSON has no function, symbol or undefined: stringify gives `undefined` for them, not text.
  const text = JSON.stringify(data) as string | undefined
  if (text === undefined)
    throw new PhialError(`sse: the event's data must be a string or a JSON value, not a ${typeof data}`)
  return text
}

/**
 * A `text/event-stream` response from an async iterable of events, with keep-alive comments; it stops
 * (and calls the iterable's `return()`) when the client goes away. A generator that waits for its own
 * events should also watch `req.signal`, since `return()` waits for a pending `await` to settle.
 *
 * @example
 * app.get('/clock', (req) => sse((async function* () {
 *   while (!req.signal.aborted) {
 *     yield { event: 'tick', data: new Date().toISOString() }
 *     await new Promise((r) => setTimeout(r, 1000))
 *   }
 * })()))
 */
export function sse(
  events: AsyncIterable<ServerSentEvent> | Iterable<ServerSentEvent>,
  options: SSEOptions = {},
): PhialResponse {
  const keepAlive = options.keepAlive ?? 15_000
  let iterator: AsyncIterator<ServerSentEvent> | Iterator<ServerSentEvent> | undefined
  let timer: ReturnType<typeof setInterval> | undefined
  const stop = () => {
    if (timer !== undefined) clearInterval(timer)
    timer = undefined
  }
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (keepAlive <= 0) return
      timer = setInterval(() => {
        try {
          controller.enqueue(PING)
        } catch {
          stop()
        }
      }, keepAlive)
    },
    async pull(controller) {
      iterator ??= Symbol.asyncIterator in events ? events[Symbol.asyncIterator]() : events[Symbol.iterator]()
      try {
        const { value, done } = await iterator.next()
        if (done === true) {
          stop()
          controller.close()
        } else controller.enqueue(encoder.encode(formatEvent(value)))
      } catch (error) {
        stop()
        void Promise.resolve(iterator.return?.()).catch(() => {})
        controller.error(error)
      }
    },
    cancel(reason) {
      stop()
      // Not awaited: a generator's return() waits for its pending await, which may be a long while.
      void Promise.resolve(iterator?.return?.(reason)).catch(() => {})
    },
  })
  const headers = new Headers(options.headers as ConstructorParameters<typeof Headers>[0])
  headers.set('content-type', 'text/event-stream')
  headers.set('cache-control', 'no-cache')
  headers.set('x-accel-buffering', 'no') // nginx: do not buffer the stream
  return new PhialResponse(body, options.status ?? 200, headers)
}
