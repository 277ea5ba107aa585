// `npm run build`, second half: bundles src/ into a few ES modules in dist/ (tsc has written the .d.ts).
//
//   dist/core.js              every module `phial` reaches (the App, router, request, response…), one file
//   dist/index.js             `phial`: re-exports the public names of core.js
//   dist/adapters/node.js     `phial/node`: the Node adapter, importing the rest from ../core.js
//   dist/eta.js, static.js,   `phial/eta`, `phial/static`, `phial/cache`, likewise
//   cache.js
//   dist/adapters/no-node.js  `#node-serve` on Workers (elsewhere it is adapters/node.js, which has `serve`)
//   dist/cli.js               the `phial` command's `main`, which bin/phial.mjs runs
//
// Why: a module per source file meant about 40 files read at import, each through the ES module
// loader, which on Node opens a FileHandle (an EventEmitter) per file; that set the inline caches of
// EventEmitter.init, which every request's IncomingMessage and ServerResponse run, to megamorphic, and
// it cost import time. Bundled, importing `phial` and `phial/node` reads three files, takes about
// half as long, and leaves those caches as in a one-file server (bench/README.md, Findings, session 7;
// throughput moved within the noise). Every entry point shares core.js, so a class is one class
// whichever entry point it was imported through. Dependencies stay external, as a library's should.
import { readdirSync, rmSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const src = join(root, 'src')
const dist = join(root, 'dist')

/** Entry points: source file → output file, both relative to src/ and dist/. */
const ENTRIES = {
  'index.ts': 'index.js',
  'adapters/node.ts': 'adapters/node.js',
  'adapters/no-node.ts': 'adapters/no-node.js',
  'eta.ts': 'eta.js',
  'static.ts': 'static.js',
  'cache.ts': 'cache.js',
  'cli.ts': 'cli.js',
}
const CORE = 'core.js'

const common = {
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  // Dependencies and node:* stay imports; `#node-serve` too, so a Workers bundler can still swap it.
  packages: 'external',
  external: ['node:*', '#node-serve'],
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  metafile: true,
  absWorkingDir: root,
}

/** The source files `entry` reaches, found by bundling it once to nowhere. */
async function reached(entry) {
  const { metafile } = await build({
    ...common,
    entryPoints: [join(src, entry)],
    write: false,
    sourcemap: false,
  })
  return new Set(Object.keys(metafile.inputs).map((input) => resolve(root, input)))
}

const coreFiles = await reached('index.ts')
coreFiles.delete(join(src, 'index.ts')) // it only re-exports: index.js is built from it below

// core.js exports every name of every core module, so that the entry points can import internals
// from it. A name two modules export differently would be ambiguous and missing: the import check at
// the end fails the build on it.
rmSync(join(dist, CORE), { force: true })
for (const out of Object.values(ENTRIES)) rmSync(join(dist, out), { force: true })

const coreSource = [...coreFiles].map((file) => `export * from ${JSON.stringify(file)}`).join('\n')
await build({
  ...common,
  stdin: { contents: coreSource, resolveDir: src, sourcefile: 'core.ts', loader: 'ts' },
  outfile: join(dist, CORE),
})

/** Bundles `entry`, importing core modules from core.js and other entry points from their own files. */
const bundled = new Map()
for (const [entry, out] of Object.entries(ENTRIES)) {
  const outfile = join(dist, out)
  const self = join(src, entry)
  const target = (file) => {
    if (file === self) return undefined
    const other = Object.entries(ENTRIES).find(([source]) => join(src, source) === file)
    if (other !== undefined) return join(dist, other[1])
    return coreFiles.has(file) ? join(dist, CORE) : undefined
  }
  const { metafile } = await build({
    ...common,
    entryPoints: [self],
    outfile,
    plugins: [redirect(outfile, target)],
  })
  // A module inlined into two entry points would exist twice, its classes and state with it.
  for (const input of Object.keys(metafile.inputs)) {
    const file = resolve(root, input)
    if (bundled.has(file)) throw new Error(`${input} is bundled into both ${bundled.get(file)} and ${out}`)
    bundled.set(file, out)
  }
}

// The per-module .js files of earlier builds (before bundling) would otherwise linger beside the bundles.
const expected = new Set([CORE, ...Object.values(ENTRIES)].flatMap((out) => [out, `${out}.map`]))
for (const file of listFiles(dist)) {
  if (/\.js(\.map)?$/.test(file) && !expected.has(file)) rmSync(join(dist, file))
}

// Link every entry point now: a missing or ambiguous export of core.js fails here, not in a user's app.
for (const out of Object.values(ENTRIES)) await import(pathToFileURL(join(dist, out)).href)

/** An esbuild plugin: relative imports that `target` maps to a built file become imports of that file. */
function redirect(outfile, target) {
  return {
    name: 'phial-redirect',
    setup(b) {
      b.onResolve({ filter: /^\./ }, (args) => {
        const file = resolve(args.resolveDir, args.path)
        const to = target(file)
        if (to === undefined) return undefined
        let path = relative(dirname(outfile), to)
        if (!path.startsWith('.')) path = `./${path}`
        return { path, external: true }
      })
    },
  }
}

function listFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath ?? entry.path, entry.name)))
}
