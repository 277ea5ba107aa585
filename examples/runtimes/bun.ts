/** Bun: `npx bun --conditions=phial-source examples/runtimes/bun.ts` (app.listen uses Bun.serve here). */
import { app } from './app.ts'

export { app }

// import.meta.main: true when this file is the entry point (Bun and Deno; Node's types lack it).
if ((import.meta as ImportMeta & { main?: boolean }).main) await app.listen(Number(process.env.PORT ?? 8000))
