// `npm run bench [-- http|router|startup|all] [flags]`: builds phial, then runs the named bench (default http).
// Flags pass through, e.g. `npm run bench -- http --smoke` or `npm run bench -- router --rounds 3`;
// `--no-build` skips the build (dist/ must exist).
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const BENCHES = ['http', 'router', 'startup']
const argv = process.argv.slice(2).filter((a) => a !== '--no-build')
const [first, ...rest] = argv
const named = first === 'all' || BENCHES.includes(first)
const which = first === 'all' ? BENCHES : [named ? first : 'http']
const flags = named ? rest : argv

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
if (!process.argv.includes('--no-build'))
  execFileSync(npm, ['run', '--silent', 'build'], { stdio: 'inherit' })
for (const bench of which) {
  const script = fileURLToPath(new URL(`${bench}/run.mjs`, import.meta.url))
  execFileSync(process.execPath, [script, ...(first === 'all' ? [] : flags)], { stdio: 'inherit' })
}
