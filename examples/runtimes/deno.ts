/**
 * Deno: `npx deno run --allow-net --allow-env --allow-read --conditions=phial-source examples/runtimes/deno.ts`
 * (app.listen uses Deno.serve here; `Deno.serve(app.fetch)` works too).
 */
import { app } from './app.ts'

export { app }

declare const Deno: { env: { get(name: string): string | undefined } }

// import.meta.main: true when this file is the entry point (Bun and Deno; Node's types lack it).
if ((import.meta as ImportMeta & { main?: boolean }).main)
  await app.listen(Number(Deno.env.get('PORT') ?? 8000))
