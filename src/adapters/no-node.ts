import type { ServerHandle } from '../app.ts'
import { PhialError } from '../errors.ts'

/**
 * What `#node-serve` resolves to in a Workers bundle (the `workerd` and `worker` conditions): no
 * `node:*` import, so the bundle loads without `nodejs_compat`. Workers have no server to start.
 */
export function serve(): Promise<ServerHandle> {
  return Promise.reject(
    new PhialError(
      'app.listen() needs Node, Bun or Deno; on Workers, export the app instead: export default app',
    ),
  )
}
