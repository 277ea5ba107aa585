// A view takes the request alone and returns the response. Express's `(req, res)` and Flask's
// `def show(id)` habits declare more: phial refuses them when the route is registered, naming the fix,
// instead of a TypeError on `res.send` at every request.
import { App, PhialError } from 'phial'
import { describe, expect, it } from 'vitest'

type Loose = (path: string, handler: (...args: never[]) => unknown) => unknown

describe('a handler declaring more than the request', () => {
  it.each([
    ['(req, res), as in Express', (_req: unknown, res: { send(s: string): void }) => res.send('x')],
    ['(req, id), as a Flask view takes its URL values', (_req: unknown, id: number) => id],
    ['(req, res, next)', (_req: unknown, _res: unknown, next: () => void) => next()],
  ])('is refused when registered: %s', async (_name, handler) => {
    const app = new App()
    app.get('/', () => 'home')
    const get = app.get as unknown as Loose
    const arity = handler.length
    expect(() => get('/users/<int:id>', handler)).toThrow(PhialError)
    expect(() => get('/users/<int:id>', handler)).toThrow(
      `route "/users/<int:id>": the handler declares ${arity} parameters, but phial calls it with the request alone: URL values are in req.params, and there is no res (return a string, an object for JSON, or json(…))`,
    )
    // Nothing half-registered: the route is unknown, the app serves the rest.
    expect((await app.request('/users/7')).status).toBe(404)
    const home = await app.request('/')
    expect(home.status).toBe(200)
    expect(await home.text()).toBe('home')
  })

  it('accepts the shapes a view has: none, the request, a rest parameter, a default', async () => {
    const app = new App()
    const wrap =
      (view: (req: unknown) => unknown) =>
      (...args: [unknown]) =>
        view(...args) // how a decorator such as loginRequired wraps a view
    app.get('/none', () => 'none')
    app.get('/req', (req) => req.path)
    app.get(
      '/wrapped',
      wrap(() => 'wrapped'),
    )
    const withDefault = (req: { path: string }, suffix = '!') => req.path + suffix
    app.get('/default', withDefault as (req: { path: string }) => string)
    for (const [path, body] of [
      ['/none', 'none'],
      ['/req', '/req'],
      ['/wrapped', 'wrapped'],
      ['/default', '/default!'],
    ]) {
      const res = await app.request(path as string)
      expect(res.status, path).toBe(200)
      expect(await res.text(), path).toBe(body)
    }
  })
})
