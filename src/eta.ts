/**
 * `phial/eta`: Flask's `render_template` on eta. Templates come from folders (Node, Bun, Deno) or from
 * a map loaded ahead of time (Workers); `phial` itself never loads eta.
 *
 * @packageDocumentation
 */
import type { Eta, TemplateFunction } from 'eta/core'
import { PhialError } from './errors.ts'
import { type FlashedMessagesOptions, getFlashedMessages } from './flash.ts'
import type { PhialRequest } from './request.ts'
import { type HeadersInit, html, type PhialResponse } from './response.ts'
import { createEngine, precompileTemplates } from './templates/engine.ts'
import { builtins, createFolderLoader, createMapLoader, TemplateNotFound } from './templates/loader.ts'
import type { UrlForOptions } from './url-for.ts'

export { precompileTemplates, type TemplateFunction, TemplateNotFound }

/** Options of {@link createTemplates}. */
export interface TemplatesOptions {
  /** The directory `folder` and blueprint folders are relative to: usually `import.meta.dirname`. */
  root?: string | undefined
  /** The app's templates folder, relative to `root` or absolute. @default 'templates' (Flask: `template_folder`) */
  folder?: string | undefined
  /**
   * Blueprint template folders by blueprint name, searched after the app's folder in this order, so
   * the app can override a blueprint's template (Flask's `Blueprint(template_folder=…)`).
   * @example { admin: 'admin/templates' }
   */
  blueprints?: Readonly<Record<string, string>> | undefined
  /**
   * Templates loaded ahead of time instead of folders: name → source, or the functions of
   * {@link precompileTemplates} (required on Workers, which forbid `new Function`).
   */
  templates?: Readonly<Record<string, string | TemplateFunction>> | undefined
  /** Values every template sees, such as helper functions. Flask: `jinja_env.globals`. */
  globals?: Record<string, unknown> | undefined
  /** Re-read templates on every render. @default app.config.debug (Flask: `TEMPLATES_AUTO_RELOAD`) */
  autoReload?: boolean | undefined
  /** Reads the messages behind `it.getFlashedMessages(options)`. @default phial's `getFlashedMessages` */
  getFlashedMessages?: ((req: PhialRequest, options?: FlashedMessagesOptions) => unknown) | undefined
}

/** Options of `render` and `renderString`. */
export interface RenderOptions {
  /** @default 200 */
  status?: number | undefined
  headers?: HeadersInit | undefined
}

/** Adds values to every template's context. Flask: `context_processor`. */
export type ContextProcessor = (req: PhialRequest) => Readonly<Record<string, unknown>> | undefined

interface Processor {
  fn: ContextProcessor
  blueprint: string | undefined
}

/**
 * Renders eta templates into HTML responses, with Flask's context: `it.req`, `it.state` (Flask's
 * `g`), `it.session`, `it.urlFor`, `it.getFlashedMessages`, the globals and context processors.
 * `<%= %>` escapes, `<%~ %>` does not; `layout()` and `include()` take names relative to the folder.
 * Build one with {@link createTemplates}.
 */
export class Templates {
  /** Values every template sees; add to it at startup. Flask: `jinja_env.globals`. */
  readonly globals: Record<string, unknown>
  readonly #processors: Processor[] = []
  readonly #cached: Eta
  readonly #fresh: Eta | undefined
  readonly #autoReload: boolean | undefined
  readonly #flashes: NonNullable<TemplatesOptions['getFlashedMessages']>

  constructor(options: TemplatesOptions) {
    const { templates, root, folder, blueprints } = options
    if (templates !== undefined && (root !== undefined || folder !== undefined || blueprints !== undefined)) {
      throw new PhialError(
        'createTemplates: pass either { templates } or folders ({ root, folder, blueprints }), not both',
      )
    }
    const loader =
      templates === undefined ? createFolderLoader(toFolders(options)) : createMapLoader(templates)
    this.#cached = createEngine(loader, true, false)
    this.#fresh = loader.reloadable ? createEngine(loader, false, true) : undefined
    this.#autoReload = options.autoReload
    this.globals = { ...options.globals }
    this.#flashes = options.getFlashedMessages ?? getFlashedMessages
  }

  /**
   * Adds a context processor: its values join every template's context, or only the templates a
   * blueprint's views render with `{ blueprint }`. Values passed to `render` win. Flask: `context_processor`.
   *
   * @example
   * templates.contextProcessor((req) => ({ user: req.state.user }))
   */
  contextProcessor<F extends ContextProcessor>(fn: F, options: { blueprint?: string | undefined } = {}): F {
    // Used as a legacy ("experimentalDecorators") decorator it gets (target, key): it would register a
    // prototype or a class and fail at every render instead of here.
    if (typeof fn !== 'function' || typeof options !== 'object' || options === null) {
      throw new PhialError(
        'templates.contextProcessor(fn, options?) takes a function and an options object; as a decorator it needs TC39 decorators, not "experimentalDecorators"',
      )
    }
    this.#processors.push({ fn, blueprint: options.blueprint })
    return fn
  }

  /**
   * Renders the template `name` (relative to the templates folder) into an HTML response. A name that
   * could leave the folder, or matches no file, is a {@link TemplateNotFound}. Flask: `render_template`.
   *
   * @example
   * app.get('/', (req) => templates.render(req, 'index.eta', { posts }))
   */
  render(
    req: PhialRequest,
    name: string,
    context: Readonly<Record<string, unknown>> = {},
    options: RenderOptions = {},
  ): PhialResponse {
    // eta looks `@name` up among its own named templates, past the loader: refuse it here.
    if (name.startsWith('@'))
      throw new TemplateNotFound(name, 'the templates folder (names never start with @)')
    const body = this.#engine(req).render(name, this.#context(req, context))
    return html(body, options.status, options.headers)
  }

  /**
   * Renders template source (it may `include` and `layout` templates of the folder). Compiles on each
   * call, and needs `new Function`, so not on Workers. Never pass source from a client: it is code.
   * Flask: `render_template_string`.
   */
  renderString(
    req: PhialRequest,
    source: string,
    context: Readonly<Record<string, unknown>> = {},
    options: RenderOptions = {},
  ): PhialResponse {
    const body = this.#engine(req).renderString(source, this.#context(req, context))
    return html(body, options.status, options.headers)
  }

  // Cached compiled templates, or, when reloading (debug), an engine that re-reads every file.
  #engine(req: PhialRequest): Eta {
    const reload = this.#autoReload ?? req.app.config.debug
    return reload && this.#fresh !== undefined ? this.#fresh : this.#cached
  }

  // Flask's order: globals, then the request's defaults, then context processors, then the caller's values.
  #context(req: PhialRequest, context: Readonly<Record<string, unknown>>): Record<string, unknown> {
    // No prototype: a `__proto__` key in the values is a plain key, never a new prototype.
    const data: Record<string, unknown> = Object.assign(Object.create(null), this.globals)
    data.req = req
    data.state = req.state
    data.urlFor = (endpoint: string, values?: Record<string, unknown>, options?: UrlForOptions) =>
      req.urlFor(endpoint, values, options)
    data.getFlashedMessages = (options?: FlashedMessagesOptions) => this.#flashes(req, options)
    // Read only when a template (or a layout's spread of `it`) touches it.
    lazy(data, 'session', () => req.session)
    for (const { fn, blueprint } of this.#processors) {
      if (
        blueprint !== undefined &&
        req.blueprint !== blueprint &&
        !req.blueprint?.startsWith(`${blueprint}.`)
      )
        continue
      Object.assign(data, fn(req))
    }
    Object.assign(data, context)
    // eta reads `it.__blocks` to fill a layout's blocks, unescaped: values never get to set it.
    delete data.__blocks
    return data
  }
}

/**
 * Creates the template renderer: from `templates/` beside `root`, plus blueprint folders, or from a
 * map loaded ahead of time. Flask: the app's Jinja environment and `render_template`.
 *
 * @example
 * export const templates = createTemplates({ root: import.meta.dirname })  // ./templates
 * app.get('/', (req) => templates.render(req, 'index.eta', { title: 'Home' }))
 */
export function createTemplates(options: TemplatesOptions = {}): Templates {
  return new Templates(options)
}

function toFolders(options: TemplatesOptions): string[] {
  const { path } = builtins()
  const folders = [options.folder ?? 'templates', ...Object.values(options.blueprints ?? {})]
  return folders.map((folder) => {
    if (path.isAbsolute(folder)) return folder
    if (options.root === undefined) {
      throw new PhialError(
        `createTemplates: the folder "${folder}" is relative; pass { root: import.meta.dirname } or an absolute folder`,
      )
    }
    return path.resolve(options.root, folder)
  })
}

function lazy(data: Record<string, unknown>, key: string, get: () => unknown): void {
  const set = (value: unknown) =>
    Object.defineProperty(data, key, { value, writable: true, enumerable: true, configurable: true })
  Object.defineProperty(data, key, { get, set, enumerable: true, configurable: true })
}
