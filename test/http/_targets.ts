// The app and the raw-socket request of test/http/fragments.test.ts and test/http/targets.test.ts.
import { App } from 'phial'
import { parseRaw, rawRequest } from '../adapters/_raw.ts'

/** An app that shows what it read of the target: query, path, host and URL. */
export function createTargetApp(options: ConstructorParameters<typeof App>[0] = {}): App {
  const app = new App(options)
  app.get('/q', function q(req) {
    const x = req.query.get('x')
    return { x, y: req.query.get('y'), rawQuery: req.rawQuery, path: req.path, url: req.url }
  })
  app.get('/where', (req) => ({
    host: req.host,
    url: req.url,
    external: req.urlFor('q', {}, { external: true }),
  }))
  app.get('/dir/', (req) => ({ root: req.rootPath, path: req.path, rawQuery: req.rawQuery }))
  app.get('/files/<path:p>', (req) => ({ p: req.params.p }))
  app.get('/n/<name>', (req) => ({ name: req.params.name }))
  return app
}

/** `GET <target>` on a raw socket: status, Location and the body (parsed when it is JSON). */
export async function rawGet(port: number, target: string, headers = 'Host: example.com\r\n') {
  const raw = await rawRequest(port, `GET ${target} HTTP/1.1\r\n${headers}Connection: close\r\n\r\n`)
  const { status, headers: head, body } = parseRaw(raw)
  const location = /^location: (.*)$/m.exec(head)?.[1] ?? null
  return {
    status,
    location,
    body: head.includes('content-type: application/json') ? (JSON.parse(body) as unknown) : body,
  }
}
