// Type-checks every snippet in one TypeScript program, each snippet a virtual file beside the others.
import { join } from 'node:path'
import ts from 'typescript'
import type { Snippet } from './_markdown.ts'
import { LOCAL_MODULES, toPhialExports, toPrelude } from './_prelude.ts'

/** The compiler options of the repository's tsconfig.json: strict, exactOptionalPropertyTypes, … */
function toCompilerOptions(root: string): ts.CompilerOptions {
  const path = join(root, 'tsconfig.json')
  const { config, error } = ts.readConfigFile(path, ts.sys.readFile)
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'))
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, path)
  if (parsed.errors.length > 0)
    throw new Error(parsed.errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, '\n')).join('\n'))
  return { ...parsed.options, noEmit: true }
}

/** A snippet's name as a file: `docs/routing.md` line 30 is `docs_routing.md_30.ts`. */
const toFileName = (snippet: Snippet) => `${snippet.file.replaceAll('/', '_')}_${snippet.line}.ts`

/** A diagnostic of a snippet: its code, and its text placed in the doc with the line it is on. */
export interface Found {
  code: number
  text: string
}

/** One diagnostic, placed in the doc: `docs/routing.md:45:7 TS2304 Cannot find name 'db'.` */
function toMessage(snippet: Snippet, source: ts.SourceFile, diagnostic: ts.Diagnostic): string {
  const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ')
  const code = `TS${diagnostic.code}`
  if (diagnostic.start === undefined) return `${snippet.file}:${snippet.line} ${code} ${text}`
  const { line, character } = source.getLineAndCharacterOfPosition(diagnostic.start)
  const snippetLines = snippet.code.split('\n')
  const quoted = source.text.split('\n')[line] ?? ''
  if (line >= snippetLines.length)
    return `${snippet.file}:${snippet.line} ${code} in the prelude added after the block: ${text}\n    ${quoted}`
  return `${snippet.file}:${snippet.line + 1 + line}:${character + 1} ${code} ${text}\n    ${quoted.trim()}`
}

/**
 * Checks the snippets together and returns each one's diagnostics, placed in its doc. Snippets are
 * virtual files in `test/docs/__snippets__/` (never written), so `phial` resolves as it does for the
 * tests: the package's own name, through the `source` condition of its exports, to src/.
 */
export function checkSnippets(root: string, snippets: readonly Snippet[]): Map<Snippet, Found[]> {
  const options = toCompilerOptions(root)
  const dir = join(root, 'test/docs/__snippets__')
  const phialExports = toPhialExports(root)
  const virtual = new Map<string, string>()
  const bySnippet = new Map<Snippet, string>()
  for (const [name, text] of Object.entries(LOCAL_MODULES)) virtual.set(join(dir, name), text)
  for (const snippet of snippets) {
    const fileName = join(dir, toFileName(snippet))
    const parsed = ts.createSourceFile(fileName, snippet.code, ts.ScriptTarget.Latest)
    virtual.set(fileName, `${snippet.code}\n${toPrelude(parsed, phialExports)}\n`)
    bySnippet.set(snippet, fileName)
  }

  const host = ts.createCompilerHost(options, true)
  const { getSourceFile, fileExists, readFile, directoryExists } = host
  host.fileExists = (f) => virtual.has(f) || fileExists.call(host, f)
  host.readFile = (f) => virtual.get(f) ?? readFile.call(host, f)
  host.directoryExists = (d) => d === dir || (directoryExists?.call(host, d) ?? ts.sys.directoryExists(d))
  host.getSourceFile = (f, language, ...rest) => {
    const text = virtual.get(f)
    return text === undefined
      ? getSourceFile.call(host, f, language, ...rest)
      : ts.createSourceFile(f, text, language)
  }
  const program = ts.createProgram([...virtual.keys()], options, host)

  const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]
  if (global.length > 0)
    throw new Error(global.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n'))
  for (const name of Object.keys(LOCAL_MODULES)) {
    const source = program.getSourceFile(join(dir, name))
    const errors = source ? ts.getPreEmitDiagnostics(program, source) : []
    if (errors.length > 0) throw new Error(`local module ${name}: ${ts.formatDiagnostics(errors, host)}`)
  }
  const results = new Map<Snippet, Found[]>()
  for (const [snippet, fileName] of bySnippet) {
    const source = program.getSourceFile(fileName)
    if (!source) throw new Error(`${fileName} is not in the program`)
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ]
    results.set(
      snippet,
      diagnostics.map((d) => ({ code: d.code, text: toMessage(snippet, source, d) })),
    )
  }
  return results
}
