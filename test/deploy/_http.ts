// A small node:http(s) client: it sets Host and the source address as a browser behind a NAT cannot,
// trusts the test certificate, and reads a streamed body chunk by chunk.

import { readFileSync } from 'node:fs'
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { TLS } from './_proxies.ts'

const CA = readFileSync(TLS.cert)

/** The client's own address: not 127.0.0.1, so that `req.ip` can tell it from the proxy's. */
export const CLIENT_IP = '127.0.0.2'

export interface SendOptions {
  method?: string
  headers?: Record<string, string>
  body?: string | Uint8Array
  /** `https` talks TLS to the port, with SNI `example.com`. @default 'http' */
  scheme?: 'http' | 'https'
  /** Gives up with a `timeout` error after this many ms without a response. */
  timeout?: number
}

export interface Reply {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** Opens a request to 127.0.0.1:`port` and resolves with the response as soon as its head arrives. */
export function open(port: number, path: string, options: SendOptions = {}): Promise<IncomingMessage> {
  const https = options.scheme === 'https'
  return new Promise((resolve, reject) => {
    const init = {
      host: '127.0.0.1',
      port,
      path,
      method: options.method ?? 'GET',
      headers: { host: 'example.com', ...options.headers },
      localAddress: CLIENT_IP,
      agent: false as const,
    }
    const req = https
      ? httpsRequest({ ...init, ca: CA, servername: 'example.com' }, resolve)
      : httpRequest(init, resolve)
    req.on('error', reject)
    if (options.timeout !== undefined) {
      req.setTimeout(options.timeout, () =>
        req.destroy(new Error(`timeout: no answer in ${options.timeout} ms`)),
      )
    }
    req.end(options.body)
  })
}

/** Sends a request and reads the whole response. */
export async function send(port: number, path: string, options: SendOptions = {}): Promise<Reply> {
  const res = await open(port, path, options)
  let body = ''
  res.setEncoding('utf8')
  for await (const chunk of res) body += chunk
  return { status: res.statusCode ?? 0, headers: res.headers, body }
}

/**
 * Reads a streamed response as it comes: `until(text)` resolves with everything received once `text`
 * has arrived, `rest()` with everything at the end.
 */
export function reader(res: IncomingMessage): {
  until(text: string): Promise<string>
  rest(): Promise<string>
} {
  res.setEncoding('utf8')
  let received = ''
  let ended = false
  let wake: (() => void) | undefined
  res.on('data', (chunk: string) => {
    received += chunk
    wake?.()
  })
  res.on('end', () => {
    ended = true
    wake?.()
  })
  res.on('error', () => {
    ended = true
    wake?.()
  })
  const wait = async (done: () => boolean) => {
    while (!done() && !ended) await new Promise<void>((resolve) => (wake = resolve))
    return received
  }
  return { until: (text) => wait(() => received.includes(text)), rest: () => wait(() => false) }
}

/** Whether `promise` settles within `ms`: a chunk that a buffering proxy holds back does not. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms)
  })
  const settled = await Promise.race([promise.then(() => true), timeout])
  clearTimeout(timer)
  return settled
}
