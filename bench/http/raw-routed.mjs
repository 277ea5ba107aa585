// An A/B variant of raw.mjs, not one of the timed frameworks: the same hand-written node:http server,
// except that GET requests are routed by phial's Router among the 208 routes phial's app registers
// (the five scenarios and the 203 GitHub routes), as a real server of that size must route. Against
// raw it prices routing; against phial, what phial adds beyond routing (bench/README.md, Findings).
// Run `npm run build` first; usage as the other servers: node bench/http/raw-routed.mjs <port>.
import { Router } from 'phial'
import { GITHUB_ROUTES, HTML, JSON_TYPE, render } from './_shared.mjs'
import { listen, notFound, send } from './raw.mjs'

const router = new Router()
router.add('/', ['GET'], 'hello')
router.add('/user/:id', ['GET'], 'user')
router.add('/search', ['GET'], 'search')
router.add('/render', ['GET'], 'render')
for (const { method, path } of GITHUB_ROUTES) router.add(path, [method], 'github')
router.compile()

listen((res, path, query) => {
  const match = router.match('GET', path)
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
    case 'render':
      return send(res, 200, HTML, render(new URLSearchParams(query).get('name')))
    default:
      return send(res, 200, JSON_TYPE, JSON.stringify(match.params))
  }
})
