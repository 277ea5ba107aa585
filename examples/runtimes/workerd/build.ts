/**
 * Bundles a phial app into one ES module Worker with esbuild, as wrangler would:
 * `npx tsx examples/runtimes/workerd/build.ts`, then
 * `npx workerd serve examples/runtimes/workerd/config.capnp`.
 */
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

/**
 * Bundles `entry` to `outfile`. `source` resolves phial to its TypeScript; `workerd` and `worker` are
 * the conditions wrangler uses, and under them phial's `#node-serve` import is a stub, so the bundle
 * carries no `node:*` import at all (`node:*` stays external only as a guard).
 */
export async function buildWorker(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'phial-source'],
    mainFields: ['module', 'main'],
    external: ['node:*'],
    logLevel: 'warning',
  })
}

if (realpathSync(process.argv[1] ?? '.') === realpathSync(import.meta.filename)) {
  const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
  await buildWorker(here('./worker.ts'), here('./dist/worker.js'))
  console.log('built examples/runtimes/workerd/dist/worker.js')
}
