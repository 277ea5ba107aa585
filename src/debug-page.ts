import type { PhialRequest } from './request.ts'
import { escapeHTML, PhialResponse } from './response.ts'

interface FileSystem {
  readFileSync(path: string, encoding: 'utf8'): string
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])
const CONTEXT_LINES = 3

/**
 * Whether a request may see the debug page: its `Host` names this machine and it came over loopback.
 * Werkzeug's debugger is only ever for the developer's own browser; so is this page.
 */
export function isLocalRequest(req: PhialRequest): boolean {
  let host: string
  try {
    host = req.host
  } catch {
    return false
  }
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? '')
  // An unknown peer (a Unix socket behind nginx, a fetch handler given no connection info) is not
  // known to be local: the Host header alone is the client's word.
  const peer = req.ip
  const loopbackPeer = peer === '::1' || peer.startsWith('127.') || peer.startsWith('::ffff:127.')
  return LOOPBACK_HOSTS.has(name.toLowerCase()) && loopbackPeer
}

/**
 * The debug page: the error, its stack, and the source lines around each frame where the runtime has
 * a file system (Werkzeug's traceback page, without the console). Never shown outside debug mode.
 */
export function toDebugResponse(req: PhialRequest, error: unknown): PhialResponse {
  let title: string
  let stack = ''
  try {
    title = error instanceof Error ? `${error.name}: ${error.message}` : `Thrown: ${String(error)}`
    if (error instanceof Error && typeof error.stack === 'string') stack = error.stack
  } catch {
    title = 'An error whose message cannot be read'
  }
  // The stack starts with the message, which may hold anything a client sent (`at x (/etc/passwd:1:1)`
  // on a line of its own): frames are read after it, and source files only for a stack that starts
  // with that message as V8 writes it. Another stack's frames are listed without their source.
  const trusted = stack.startsWith(title)
  const frames = (trusted ? stack.slice(title.length) : stack)
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .map((line) => renderFrame(line.trim(), trusted))
    .join('\n')
  const body = `<!doctype html>
<html lang="en">
<title>${escapeHTML(title)} // phial debug</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em}pre{background:#f6f6f6;padding:.5em;overflow:auto}
.frame{margin:1em 0}.here{background:#fde2e2;display:block}</style>
<h1>${escapeHTML(title)}</h1>
<p>${escapeHTML(`${req.method} ${req.path}`)} (endpoint ${escapeHTML(req.endpoint ?? 'none')}). This page shows
because debug mode is on and the request is local; it is never sent to other clients.</p>
${frames}
</html>
`
  return new PhialResponse(body, 500, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'x-content-type-options': 'nosniff',
  })
}

function renderFrame(line: string, withSource: boolean): string {
  const match = withSource ? /\(?((?:file:\/\/)?\/[^():]+):(\d+):(\d+)\)?$/.exec(line) : null
  let source = ''
  if (match !== null) {
    const file = (match[1] as string).replace(/^file:\/\//, '')
    const lineNo = Number(match[2])
    const lines = readLines(file)
    if (lines !== undefined) {
      const from = Math.max(0, lineNo - 1 - CONTEXT_LINES)
      const shown = lines.slice(from, lineNo + CONTEXT_LINES).map((text, i) => {
        const n = from + i + 1
        const html = `${String(n).padStart(5)}  ${escapeHTML(text)}`
        return n === lineNo ? `<span class="here">${html}</span>` : html
      })
      source = `<pre>${shown.join('\n')}</pre>`
    }
  }
  return `<div class="frame"><code>${escapeHTML(line)}</code>${source}</div>`
}

function readLines(file: string): string[] | undefined {
  // No import of node:fs: the core runs on Workers too. Where the runtime has one (Node ≥ 20.16,
  // Bun, Deno), getBuiltinModule hands it over; elsewhere the page shows the stack alone.
  const runtime = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
  const fs = runtime.process?.getBuiltinModule?.('node:fs') as FileSystem | undefined
  if (fs === undefined || file.includes('node_modules') || file.startsWith('node:')) return undefined
  try {
    return fs.readFileSync(file, 'utf8').split('\n')
  } catch {
    return undefined
  }
}
