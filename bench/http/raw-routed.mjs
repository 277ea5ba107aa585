// An A/B variant of raw.mjs, not one of the timed frameworks: the same hand-written node:http server with
// the work a framework cannot skip. Every request is routed by phial's Router among the 208 routes
// phial's app registers (the six scenarios and the 203 GitHub routes), as a real server of that size must
// route, and the echo reads its body through a promise that an async handler awaits, as every
// promise-based API must (raw.mjs reads it with callbacks). Against raw it prices that work; against
// phial, what phial adds beyond it (bench/README.md, Findings).
// Run `npm run build` first; usage as the other servers: node bench/http/raw-routed.mjs <port>.
import { Router } from 'phial'
import { GITHUB_ROUTES, HTML, JSON_TYPE, render } from './_shared.mjs'
import { echoAsync, listen, notFound, send } from './raw.mjs'

const router = new Router()
router.add('/', ['GET'], 'hello')
router.add('/user/:id', ['GET'], 'user')
router.add('/search', ['GET'], 'search')
router.add('/echo', ['POST'], 'echo')
router.add('/render', ['GET'], 'render')
for (const { method, path } of GITHUB_ROUTES) router.add(path, [method], 'github')
router.compile()

listen((req, res, path, query) => {
  const match = router.match(req.method, path)
  if (match.type !== 'route') return notFound(res)
  switch (match.data) {
    case 'hello':
      return send(res, 200, HTML, 'Hello, World!')
    case 'user':
      return send(res, 200, JSON_TYPE, JSON.stringify({ id: match.params.id }))
    case 'search': {
      const sp = new URLSearchParams(query)
      return send(res, 200, JSON_TYPE, JSON.stringify({ q: sp.get('q'), page: sp.get('page') }))
    }
    case 'echo':
      return echoAsync(req, res)
    case 'render':
      return send(res, 200, HTML, render(new URLSearchParams(query).get('name')))
    default:
      return send(res, 200, JSON_TYPE, JSON.stringify(match.params))
  }
})
