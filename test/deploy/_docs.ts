// The documented configurations: examples/deploy holds them, docs/deployment.md shows them, and the
// tests run them with this machine's ports and the test certificate.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { substitute, TLS } from './_proxies.ts'

const ROOT = join(import.meta.dirname, '..', '..')

/** A file of examples/deploy. */
export function example(name: string): string {
  return readFileSync(join(ROOT, 'examples', 'deploy', name), 'utf8')
}

/** Every fenced block of docs/deployment.md, without its fences. */
export function docBlocks(): string[] {
  const doc = readFileSync(join(ROOT, 'docs', 'deployment.md'), 'utf8')
  return [...doc.matchAll(/^```\w*\n([\s\S]*?)^```$/gm)].map((match) => match[1] as string)
}

/**
 * examples/deploy/nginx.conf for an app on `upstream`, listening on 127.0.0.1 (`http`, `https`) with
 * the test certificate; `edit` may change it further.
 */
export function documentedNginx(
  upstream: number,
  edit = (site: string) => site,
): (ports: number[]) => string {
  return ([http, https]) => {
    let site = example('nginx.conf')
    site = substitute(site, 'server 127.0.0.1:8000;', `server 127.0.0.1:${upstream};`)
    site = substitute(site, 'listen 80;', `listen 127.0.0.1:${http};`)
    site = substitute(site, 'listen 443 ssl;', `listen 127.0.0.1:${https} ssl;`)
    site = substitute(site, '/etc/ssl/certs/example.com.crt', TLS.cert)
    site = substitute(site, '/etc/ssl/private/example.com.key', TLS.key)
    return edit(site)
  }
}

/** The documented configuration as nginx's defaults would have it: HTTP/1.0 upstream, no keep-alive. */
export function withoutKeepAlive(site: string): string {
  site = substitute(site, /^\s*keepalive \d+;\n/m, '')
  site = substitute(site, /^\s*proxy_http_version 1\.1;\n/m, '')
  return substitute(site, /^\s*proxy_set_header Connection "";\n/m, '')
}
