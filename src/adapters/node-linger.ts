import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

/** How long a connection closed over an unread body keeps reading, and dropping, what still comes. */
const LINGER_MS = 1000

/**
 * Makes the connection of a response sent with `Connection: close` over an unread request body close
 * in stages, as RFC 9112 §9.6 asks: half-close after the response, read and drop what the client still
 * sends until it closes too (or for at most a second), then close. Closing at once with unread bytes in
 * the socket makes the kernel answer them with a reset, which can destroy the response before the
 * client reads it: nginx, still sending the body it buffered, then answers 502 instead of phial's 413.
 * nginx and Apache close their own connections this way ("lingering close").
 */
export function lingerOnClose(res: ServerResponse, incoming: IncomingMessage): void {
  const socket = res.socket
  if (socket === null || socket.destroyed) return
  // Node's server calls destroySoon() once a response that closes the connection is finished.
  socket.destroySoon = function lingeringClose(this: Socket): void {
    if (this.writable) this.end() // FIN after the response; the read side stays open
    incoming.resume() // drop the rest of the body, also when a refused read paused it
    const timer = setTimeout(() => this.destroy(), LINGER_MS)
    timer.unref()
    // The client's FIN completes the close (both sides ended); an error or destroy() ends it too.
    this.once('close', () => clearTimeout(timer))
  }
}
