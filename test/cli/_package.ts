// The phial command as a user's node_modules holds it, in a temporary folder: bin/phial.mjs as it is,
// and dist/cli.js and dist/index.js bundled from src/ by esbuild (a tenth of a second; `npm run build`,
// which test/package.test.ts runs, takes far longer). The two bundles are two copies of phial, as the
// command from dist/ and an app from src/ can be. A project is a folder beside it with its own
// package.json and files, phial and the repository's tsx in its node_modules.
import { type ChildProcess, spawn } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import { ROOT } from '../runtimes/_children.ts'

/** A temporary folder with the bundled package in it; `remove` deletes it. */
export async function createPackage(): Promise<{ dir: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'phial-bin-'))
  const pkg = join(dir, 'phial')
  mkdirSync(join(pkg, 'bin'), { recursive: true })
  copyFileSync(join(ROOT, 'bin/phial.mjs'), join(pkg, 'bin/phial.mjs'))
  const manifest = { name: 'phial', version: '0.0.0', type: 'module', exports: { '.': './dist/index.js' } }
  writeFileSync(join(pkg, 'package.json'), JSON.stringify(manifest))
  symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules')) // eta, multipasta, path-to-regexp
  await build({
    entryPoints: { cli: join(ROOT, 'src/cli.ts'), index: join(ROOT, 'src/index.ts') },
    outdir: join(pkg, 'dist'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    conditions: ['phial-source'],
    packages: 'external',
    logLevel: 'warning',
  })
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Writes a project of `files` into `dir`/`name`, with phial (from `createPackage`) and tsx installed. */
export function createProject(dir: string, name: string, files: Record<string, string>): string {
  const project = join(dir, name)
  mkdirSync(join(project, 'node_modules'), { recursive: true })
  symlinkSync(join(dir, 'phial'), join(project, 'node_modules/phial'))
  symlinkSync(join(ROOT, 'node_modules/tsx'), join(project, 'node_modules/tsx'))
  for (const [file, text] of Object.entries(files)) writeFileSync(join(project, file), text)
  return project
}

/** What a finished command printed, and how it ended. */
export interface Ended {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** A running `phial` command. */
export interface Running {
  child: ChildProcess
  /** Resolves when it exits; it is killed with SIGKILL after 10 s. */
  ended: Promise<Ended>
  /** Resolves with the first match of `pattern` in its stdout, or fails if it exits first. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>
}

/** Starts `phial …args` in `project` with plain node. */
export function startPhial(project: string, args: string[]): Running {
  const child = spawn(process.execPath, [join(project, 'node_modules/phial/bin/phial.mjs'), ...args], {
    cwd: project,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const out: Ended = { code: null, signal: null, stdout: '', stderr: '' }
  child.stdout?.on('data', (chunk: Buffer) => {
    out.stdout += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    out.stderr += chunk.toString()
  })
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  let exited = false
  const ended = new Promise<Ended>((resolve) => {
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      exited = true
      resolve(Object.assign(out, { code, signal }))
    })
  })
  const waitFor = async (pattern: RegExp) => {
    for (;;) {
      const match = pattern.exec(out.stdout)
      if (match !== null) return match
      if (exited) throw new Error(`phial ${args.join(' ')} exited first:\n${out.stdout}\n${out.stderr}`)
      await new Promise((r) => setTimeout(r, 20))
    }
  }
  return { child, ended, waitFor }
}
