/**
 * How the `phial` command finds the app: Flask's `--app` and `FLASK_APP` discovery, and the import
 * of a TypeScript module through the project's tsx. src/cli.ts is the command.
 * @module
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, dirname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { App } from './app.ts'

/**
 * A mistake in how the command was called or what it was pointed at: printed, exit status 2. A
 * server that cannot start (port in use, unknown host) is printed too, with status 1 as Flask's.
 * Flask: `click.UsageError`.
 */
export class UsageError extends Error {
  status = 2
}

const DEFAULT_FILES = ['app.ts', 'app.mts', 'app.js', 'app.mjs']
const APP_NAMES = ['app', 'application', 'default']
const FACTORY_NAMES = ['createApp', 'makeApp']

/** Finds and imports the app module, then the App in it. Flask: `--app` and its discovery rules. */
export async function loadApp(spec: string | undefined, cwd: string): Promise<{ app: App; file: string }> {
  let [path, name] = splitSpec(spec)
  if (path === undefined) {
    path = DEFAULT_FILES.find((file) => existsSync(resolve(cwd, file)))
    if (path === undefined) {
      throw new UsageError(
        `could not find an app: pass --app path/to/app.ts (or set PHIAL_APP), or add ${DEFAULT_FILES.join(', ')} here`,
      )
    }
  }
  const file = resolve(cwd, path)
  if (!existsSync(file)) throw new UsageError(`--app: there is no file ${file}`)
  if (!statSync(file).isFile())
    throw new UsageError(`--app: ${file} is a directory; name the app's module file in it`)
  const module = toExports(await importModule(file, cwd))
  if (name !== undefined) {
    const call = name.endsWith('()')
    const key = call ? name.slice(0, -2) : name
    const value = module[key]
    const app = call && typeof value === 'function' ? await value() : value
    if (isApp(app)) return { app, file }
    throw new UsageError(
      `${path}: "${name}" is not a phial App${call ? '' : ' (a factory is written name())'}`,
    )
  }
  for (const key of APP_NAMES) if (isApp(module[key])) return { app: module[key], file }
  for (const key of FACTORY_NAMES) {
    const factory = module[key]
    if (typeof factory !== 'function') continue
    const app = await factory()
    if (isApp(app)) return { app, file }
  }
  throw new UsageError(
    `${path} exports no phial App: export it as app, application or default, or a factory createApp(); or name it with --app ${path}:name`,
  )
}

/** `file.ts:name` → [file, name]; a drive letter's colon (`C:\\x.ts`) is part of the file. */
function splitSpec(spec: string | undefined): [string | undefined, string | undefined] {
  if (spec === undefined || spec === '') return [undefined, undefined]
  const at = spec.lastIndexOf(':')
  if (at <= 1) return [spec, undefined]
  return [spec.slice(0, at), spec.slice(at + 1)]
}

/** An App by shape, not by class: the app may come from another copy of phial (dist/ or src/). */
function isApp(value: unknown): value is App {
  const app = value as Partial<App> | null
  return (
    typeof app === 'object' && app !== null && typeof app.fetch === 'function' && Array.isArray(app.urlMap)
  )
}

/**
 * Imports the module. On Node, a TypeScript app is loaded through the project's own tsx when it has
 * one, even where Node strips types itself (Node 22.18+), because type stripping runs no
 * decorators. Without tsx, Node 20's refusal becomes a message saying what to install. Where this
 * file itself runs as TypeScript (Bun, Deno, tsx, vitest), TypeScript is already handled.
 */
async function importModule(file: string, cwd: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href
  const handled = import.meta.url.endsWith('.ts') || 'Bun' in globalThis || 'Deno' in globalThis
  if (!/\.[cm]?tsx?$/.test(file) || handled) return await import(url)
  const apis = tsxApis(cwd)
  if (apis !== undefined) {
    // Both hooks, as the `tsx` command registers them: in a "type": "commonjs" package tsx compiles
    // app.ts to CommonJS, which the ESM hook alone cannot load (ERR_REQUIRE_CYCLE_MODULE).
    for (const api of apis) {
      const { register } = (await import(pathToFileURL(api).href)) as { register: () => unknown }
      register()
    }
    return await import(url)
  }
  try {
    return await import(url)
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error
    throw new UsageError(
      `${basename(file)} is TypeScript, which this Node cannot import by itself: npm install --save-dev tsx, use Node 22.18 or later, or compile it to JavaScript`,
    )
  }
}

/**
 * The ESM entries of the project's tsx APIs, CommonJS hook first; undefined without tsx
 * (require.resolve would pick their CommonJS builds).
 */
function tsxApis(cwd: string): string[] | undefined {
  try {
    const manifest = createRequire(resolve(cwd, 'package.json')).resolve('tsx/package.json')
    const { exports } = JSON.parse(readFileSync(manifest, 'utf8'))
    const apis = ['./cjs/api', './esm/api'].filter((api) => exports[api] !== undefined)
    return apis.map((api) => resolve(dirname(manifest), exports[api].import.default))
  } catch {
    return undefined
  }
}

/**
 * A module's exports. Compiled to CommonJS (tsx in a "type": "commonjs" package, tsc), an ES module
 * is imported as `{ default: module.exports }`, which holds its exports under the `__esModule` mark.
 */
function toExports(module: Record<string, unknown>): Record<string, unknown> {
  const cjs = module.default as { __esModule?: unknown } | null | undefined
  return typeof cjs === 'object' && cjs !== null && cjs.__esModule === true
    ? (cjs as Record<string, unknown>)
    : module
}
