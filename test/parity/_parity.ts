import type { App, Logger } from 'phial'
import { afterEach, expect } from 'vitest'
import type { Gateway, Served } from '../_gateways.ts'

/** The content type phial gives a string body (Flask's default). */
export const HTML = 'text/html; charset=utf-8'

/**
 * Flask's `app` + `client` fixtures: each test builds its own app and serves it through `gateway`;
 * everything served is closed after the test.
 */
export function useGateway(gateway: Gateway): (app: App) => Promise<Served> {
  const open: Served[] = []
  afterEach(async () => {
    await Promise.all(open.splice(0).map((served) => served.close()))
  })
  return async (app) => {
    const served = await gateway.serve(app)
    open.push(served)
    return served
  }
}

/** A logger that records instead of printing, so expected errors stay out of the test output. */
export function recordingLogger(): Logger & { errors: unknown[][] } {
  const errors: unknown[][] = []
  const ignore = () => {}
  return { errors, error: (...args) => errors.push(args), warn: ignore, info: ignore, debug: ignore }
}

/** The `Allow` header as a sorted list, the way Flask's tests compare it. */
export function allowOf(res: Response): string[] {
  return (res.headers.get('allow') ?? '')
    .split(',')
    .map((method) => method.trim())
    .filter((method) => method !== '')
    .sort()
}

/** Asserts status, content type and the exact body of a response. */
export async function expectBody(res: Response, status: number, body: string, type = HTML): Promise<void> {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toBe(type)
  expect(await res.text()).toBe(body)
}

/** The host an external URL built during a request names: `Host` as each gateway sends it. */
export function hostOf(served: Served): string {
  return served.port === undefined ? 'localhost' : `127.0.0.1:${served.port}`
}
