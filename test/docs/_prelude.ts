// What a snippet may use without writing it: phial's exports (in fragments only) and the reader's own
// objects the docs take as given (`app`, `req`, `db`, …). See snippets.test.ts for the rules.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'

const P = `import('phial')`

/**
 * The reader's own objects, by the name a doc uses: declared in a snippet that does not declare the
 * name itself. Their types are plausible ones, as a reader's app would have.
 */
export const FIXTURES: Readonly<Record<string, string>> = {
  app: `declare const app: ${P}.App`,
  admin: `declare const admin: ${P}.Blueprint`,
  api: `declare const api: ${P}.Blueprint`,
  req: `declare const req: ${P}.PhialRequest`,
  templates: `declare const templates: import('phial/eta').Templates`,
  // Route handlers and decorators of the reader's.
  h: `declare const h: ${P}.Handler`,
  hook: `declare const hook: ${P}.Handler`,
  createUser: `declare const createUser: ${P}.Handler`,
  showPost: `declare const showPost: ${P}.Handler<{ id: number }> & ${P}.Routed<'/posts/<int:id>'>`,
  loginRequired: `declare function loginRequired<H extends ${P}.Handler>(view: H): H`,
  errorPage: `declare function errorPage(error: ${P}.HTTPError, req: ${P}.PhialRequest): ${P}.PhialResponse`,
  ValidationError: `declare class ValidationError extends Error { readonly issues: readonly string[] }`,
  // Data and services.
  path: `declare const path: string`,
  id: `declare const id: string`,
  item: `declare const item: string`,
  user: `declare const user: User`,
  User: `interface User { id: number; name: string }`,
  items: `declare const items: User[]`,
  users: `declare const users: { get(id: number): User | undefined; update(id: number, data: unknown): Promise<User> }`,
  render: `declare function render(items: readonly User[]): string`,
  listPosts: `declare function listPosts(): { id: number; title: string }[]`,
  checkPassword: `declare function checkPassword(name: string | null, password: string | null): Promise<User | undefined>`,
  downloadsDir: `declare const downloadsDir: string`,
  reportPath: `declare const reportPath: string`,
  db: `declare const db: Db`,
  Db: `interface Db {
  find(id: number): Promise<User | undefined>
  rows(): AsyncIterable<User>
  release(req: ${P}.PhialRequest): void
}`,
  redis: `declare const redis: RedisClient`,
  RedisClient: `interface RedisClient {
  get(key: string): Promise<string | null>
  set(key: string, value: string, options?: { EX?: number }): Promise<unknown>
  del(key: string): Promise<number>
}`,
}

/**
 * Local modules a snippet imports (`import templatesMap from './templates.gen.js'`): files beside the
 * snippets, by file name.
 */
export const LOCAL_MODULES: Readonly<Record<string, string>> = {
  'app.ts': `export declare const app: ${P}.App
export default app`,
  'templates.gen.ts': `declare const templates: Record<string, import('phial/eta').TemplateFunction>
export default templates`,
  'csrf.ts': `export declare function csrfToken(req: ${P}.PhialRequest): string
export declare function csrfProtect(req: ${P}.PhialRequest): Promise<void>`,
  'metrics.ts': 'export declare function sendMetrics(url: string): Promise<void>',
}

/** One name a phial entry point exports, and whether it is a type only (imported with `type`). */
interface Export {
  name: string
  typeOnly: boolean
  from: string
}

const TYPE_ONLY = new Set([ts.SyntaxKind.InterfaceDeclaration, ts.SyntaxKind.TypeAliasDeclaration])
const hasExport = (node: ts.Node) =>
  ts.canHaveModifiers(node) &&
  (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)

/** The names one entry point's source file exports, read from its syntax (no type-checking needed). */
function toExports(path: string, from: string): Export[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest)
  const exports: Export[] = []
  for (const node of source.statements) {
    if (ts.isExportDeclaration(node)) {
      if (!node.exportClause || !ts.isNamedExports(node.exportClause))
        throw new Error(`${path}: \`export *\` cannot be listed from syntax; name the exports`)
      for (const spec of node.exportClause.elements)
        exports.push({ name: spec.name.text, typeOnly: node.isTypeOnly || spec.isTypeOnly, from })
    } else if (hasExport(node)) {
      const typeOnly = TYPE_ONLY.has(node.kind)
      if (ts.isVariableStatement(node))
        for (const d of node.declarationList.declarations)
          exports.push({ name: d.name.getText(source), typeOnly, from })
      else if ('name' in node && node.name && ts.isIdentifier(node.name as ts.Node))
        exports.push({ name: (node.name as ts.Identifier).text, typeOnly, from })
    }
  }
  return exports
}

/** Every name `phial`, `phial/node`, `phial/eta` and `phial/static` export, the first entry winning a name. */
export function toPhialExports(root: string): Export[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    name: string
    exports: Record<string, { 'phial-source'?: string } | string>
  }
  const byName = new Map<string, Export>()
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    const source = typeof target === 'string' ? undefined : target['phial-source']
    if (source === undefined) continue
    const from = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`
    for (const e of toExports(join(root, source), from)) if (!byName.has(e.name)) byName.set(e.name, e)
  }
  return [...byName.values()]
}

/** The names a snippet declares at its top level: its imports, variables, functions, classes, types. */
export function toDeclaredNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>()
  const addBinding = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) names.add(name.text)
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addBinding(element.name)
  }
  for (const node of source.statements) {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause
      if (clause?.name) names.add(clause.name.text)
      const bindings = clause?.namedBindings
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text)
      else if (bindings) for (const spec of bindings.elements) names.add(spec.name.text)
    } else if (ts.isVariableStatement(node)) {
      for (const d of node.declarationList.declarations) addBinding(d.name)
    } else if (
      (ts.isFunctionDeclaration(node) ||
        ts.isClassDeclaration(node) ||
        ts.isInterfaceDeclaration(node) ||
        ts.isTypeAliasDeclaration(node) ||
        ts.isEnumDeclaration(node) ||
        ts.isImportEqualsDeclaration(node)) &&
      node.name
    ) {
      names.add(node.name.text)
    }
  }
  return names
}

/**
 * The lines appended to a snippet: phial's exports when it imports nothing itself, then the fixtures,
 * leaving out every name the snippet declares.
 */
export function toPrelude(source: ts.SourceFile, phialExports: readonly Export[]): string {
  const declared = toDeclaredNames(source)
  const isFragment = !source.statements.some(
    (s) => ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s),
  )
  const lines: string[] = []
  if (isFragment) {
    const byModule = new Map<string, string[]>()
    for (const e of phialExports) {
      if (declared.has(e.name)) continue
      const names = byModule.get(e.from) ?? []
      names.push(e.typeOnly ? `type ${e.name}` : e.name)
      byModule.set(e.from, names)
    }
    for (const [from, names] of byModule) lines.push(`import { ${names.join(', ')} } from '${from}'`)
  }
  for (const [name, declaration] of Object.entries(FIXTURES)) if (!declared.has(name)) lines.push(declaration)
  lines.push('export {}')
  return lines.join('\n')
}
