/** Node: `npx tsx --conditions=source examples/runtimes/node.ts` (app.listen uses node:http here). */
import { fileURLToPath } from 'node:url'
import { app } from './app.ts'

export { app }

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 8000)
  await app.listen(port)
}
