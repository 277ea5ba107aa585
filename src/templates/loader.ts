import type * as FS from 'node:fs'
import type * as Path from 'node:path'
import type { TemplateFunction } from 'eta/core'
import { PhialError } from '../errors.ts'

/** Where templates come from: folders on disk, or a map loaded ahead of time. */
export interface Loader {
  /** The cache key of a template name (a file path, or `/name` for a map entry); throws if there is none. */
  resolve(name: string): string
  /** The source of the template at `key`. */
  read(key: string): string
  /** Precompiled functions, by key. */
  readonly functions: ReadonlyMap<string, TemplateFunction>
  /** Whether sources can change while the app runs (folders can; a map cannot). */
  readonly reloadable: boolean
}

/** A template name that is unsafe or matches no file. Flask (Jinja): `TemplateNotFound`. */
export class TemplateNotFound extends PhialError {
  override name = 'TemplateNotFound'
  /** The name asked for. */
  readonly template: string

  constructor(template: string, where: string) {
    super(`template ${JSON.stringify(template)} was not found in ${where}`)
    this.template = template
  }
}

/**
 * Normalises a template name (Jinja's `split_template_path`): names are always relative to a templates
 * folder, `/` separates, `.` and empty segments are dropped, and a name without an extension gets
 * `.eta`. Returns `undefined` for a name that could leave the folder: a `..` segment, a backslash, a
 * NUL, a leading `/` or drive letter, a `:` (Windows streams), or a leading `@` (eta's named templates).
 */
export function toTemplatePath(name: string): string | undefined {
  if (/[\0\\:]/.test(name) || name.startsWith('/') || name.startsWith('@')) return undefined
  const parts: string[] = []
  for (const part of name.split('/')) {
    if (part === '..') return undefined
    if (part !== '' && part !== '.') parts.push(part)
  }
  const last = parts[parts.length - 1]
  if (last === undefined) return undefined
  if (!last.includes('.')) parts[parts.length - 1] = `${last}.eta`
  return parts.join('/')
}

/** Templates given as a map of name → source or precompiled function (Workers: no file system). */
export function createMapLoader(templates: Readonly<Record<string, string | TemplateFunction>>): Loader {
  const sources = new Map<string, string>()
  const functions = new Map<string, TemplateFunction>()
  for (const [name, value] of Object.entries(templates)) {
    const path = toTemplatePath(name)
    if (path === undefined)
      throw new PhialError(
        `createTemplates: the template name ${JSON.stringify(name)} is not a safe relative name`,
      )
    if (typeof value === 'function') functions.set(`/${path}`, value)
    else sources.set(`/${path}`, value)
  }
  return {
    resolve(name) {
      const path = toTemplatePath(name)
      const key = `/${path}`
      if (path === undefined || !(sources.has(key) || functions.has(key))) {
        throw new TemplateNotFound(name, 'the templates given to createTemplates')
      }
      return key
    },
    read: (key) => sources.get(key) ?? '',
    functions,
    reloadable: false,
  }
}

/**
 * Templates read from folders, searched in order (the app's, then each blueprint's: Flask's
 * `DispatchingJinjaLoader`). `node:fs` is reached through `process.getBuiltinModule`, so this module
 * never imports it and `phial/eta` still bundles for Workers.
 */
export function createFolderLoader(folders: readonly string[]): Loader {
  const { fs, path } = builtins()
  const roots = folders.map((folder) => path.resolve(folder))
  return {
    resolve(name) {
      const relative = toTemplatePath(name)
      if (relative !== undefined) {
        for (const root of roots) {
          const file = path.resolve(root, ...relative.split('/'))
          // Belt and braces: the name was checked, and the file must still be inside its folder.
          if (!file.startsWith(root + path.sep)) continue
          if (fs.statSync(file, { throwIfNoEntry: false })?.isFile() === true) return file
        }
      }
      throw new TemplateNotFound(name, roots.join(', '))
    },
    read: (key) => fs.readFileSync(key, 'utf8'),
    functions: new Map(),
    reloadable: true,
  }
}

/** `node:fs` and `node:path`, or a clear error on a runtime without them (Workers). */
export function builtins(): { fs: typeof FS; path: typeof Path } {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  const get = proc?.getBuiltinModule
  if (typeof get !== 'function') {
    throw new PhialError(
      'createTemplates: this runtime has no file system; load the templates ahead of time with { templates } (see precompileTemplates)',
    )
  }
  return { fs: get.call(proc, 'node:fs') as typeof FS, path: get.call(proc, 'node:path') as typeof Path }
}
