/** Node: `npx tsx --conditions=phial-source examples/runtimes/node.ts` (app.listen uses node:http here). */
import { realpathSync } from 'node:fs'
import { app } from './app.ts'

export { app }

if (realpathSync(process.argv[1] ?? '.') === realpathSync(import.meta.filename)) {
  const port = Number(process.env.PORT ?? 8000)
  await app.listen(port)
}
