// This machine's npm registry serves only the linux-glibc builds of platform packages, so `npm install`
// leaves every other platform's optional dependency out of package-lock.json, and `npm ci` then
// refuses the lock as out of sync. This adds the missing entries with the os, cpu and libc their
// names declare (`@biomejs/cli-darwin-arm64`, `@rollup/rollup-linux-x64-musl`), so `npm ci` skips
// them here and still picks the right one on other machines. Run it after `npm install`.
import { readFileSync, writeFileSync } from 'node:fs'

const OS = [
  'darwin',
  'linux',
  'win32',
  'android',
  'freebsd',
  'openbsd',
  'netbsd',
  'sunos',
  'aix',
  'openharmony',
  'cygwin',
]
const CPU = ['x64', 'arm64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el', 'wasm32']
const ALIASES = {
  windows: 'win32',
  win: 'win32',
  macos: 'darwin',
  x86_64: 'x64',
  aarch64: 'arm64',
  x86: 'ia32',
  armv7: 'arm',
}

const file = new URL('../package-lock.json', import.meta.url)
const lock = JSON.parse(readFileSync(file, 'utf8'))
const packages = lock.packages
let added = 0
for (const [, entry] of Object.entries({ ...packages })) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`
    if (packages[key] !== undefined) continue
    const words = name
      .toLowerCase()
      .split(/[^a-z0-9_]+/)
      .map((w) => ALIASES[w] ?? w)
    const os = OS.find((o) => words.includes(o))
    const cpu = CPU.find((c) => words.includes(c))
    const place = {
      version,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      os: [os ?? 'none'],
      ...(cpu ? { cpu: [cpu] } : {}),
      ...(words.includes('musl') ? { libc: ['musl'] } : {}),
    }
    packages[key] = place
    added++
  }
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`)
console.log(`fix-lock: added ${added} platform entries`)
