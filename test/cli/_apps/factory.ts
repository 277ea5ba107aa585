// A module whose app comes from a factory (Flask's create_app), with every kind of rule `phial routes` shows.
import { App, type PhialRequest } from 'phial'

export function createApp(): App {
  const app = new App()
  app.get('/', function index() {
    return 'home'
  })
  const users = (req: PhialRequest) => req.params
  app.get('/users/', { endpoint: 'users', defaults: { page: 1 } }, users)
  app.get('/users/page/<int:page>', { endpoint: 'users' }, users)
  app.head('/ping', function ping() {
    return ''
  })
  app.post('/hook', { provideAutomaticOptions: false }, function hook() {
    return 'ok'
  })
  app.all('/any', function any() {
    return 'any'
  })
  app.get('/debug', function debug(req) {
    return { debug: req.app.config.debug }
  })
  return app
}

/** Not an app: `--app factory.ts:notAnApp` is refused. */
export const notAnApp = { fetch: 'no' }
