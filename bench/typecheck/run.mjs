// Type-checking cost of typed params and urlFor: tsc on an app of the 203 GitHub routes, each handler
// using its typed params and each URL built through its handler, against the same app with one route.
// Usage: node bench/typecheck/run.mjs
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const routes = JSON.parse(readFileSync(join(root, '..', 'shared', 'data', 'github-routes.json'), 'utf8'))
const out = join(root, 'bench', 'results', 'typecheck')
rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })

function app(list) {
  const lines = ["import { App } from 'phial'", 'export const app = new App()']
  list.forEach((route, i) => {
    const params = route.path.match(/:\w+/g) ?? []
    const used = params.map((p) => `req.params.${p.slice(1)}`).join(' + ')
    const values = params.map((p) => `${p.slice(1)}: 'x'`).join(', ')
    lines.push(
      `const h${i} = app.route('${route.path}', { methods: ['${route.method}'], endpoint: 'e${i}' }, (req) => String(${used || "''"}))`,
    )
    lines.push(`export const u${i}: string = app.urlFor(h${i}, { ${values} })`)
  })
  return `${lines.join('\n')}\n`
}

function check(name, list) {
  writeFileSync(join(out, `${name}.ts`), app(list))
  const config = {
    extends: '../../../tsconfig.json',
    include: [`${name}.ts`],
    compilerOptions: { noEmit: true },
  }
  writeFileSync(join(out, `tsconfig.${name}.json`), JSON.stringify(config))
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
  const text = execFileSync(
    process.execPath,
    [tsc, '-p', join(out, `tsconfig.${name}.json`), '--extendedDiagnostics'],
    {
      encoding: 'utf8',
    },
  )
  const pick = (label) => Number(text.match(new RegExp(`${label}:\\s+([\\d.]+)`))?.[1])
  return {
    check: pick('Check time'),
    total: pick('Total time'),
    types: pick('Types'),
    instantiations: pick('Instantiations'),
  }
}

const base = check('one', routes.slice(0, 1))
const full = check('github', routes)
console.log('| app | check s | total s | types | instantiations |')
console.log('| --- | --- | --- | --- | --- |')
for (const [name, r] of [
  ['1 route', base],
  [`${routes.length} routes`, full],
]) {
  console.log(
    `| ${name} | ${r.check.toFixed(2)} | ${r.total.toFixed(2)} | ${r.types} | ${r.instantiations} |`,
  )
}
