// RSS across a million requests: warm up, then sample the server's resident set after each quarter
// of a million requests (a mix of text, params + query, and JSON bodies). Flat means within 10 %.
// Usage: node bench/memory/run.mjs [--requests 1000000]
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { environment, num, stamp, table } from '../_stats.mjs'
import { measure, pin } from '../http/_load.mjs'

const { values: opt } = parseArgs({ options: { requests: { type: 'string', default: '1000000' } } })
const total = Number(opt.requests)
const port = 3400
const [exe, ...args] = [
  ...pin(0),
  process.execPath,
  fileURLToPath(new URL('server.mjs', import.meta.url)),
  String(port),
]
const child = spawn(exe, args, { stdio: 'inherit' })
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) / 1024
for (let i = 0; i < 50; i++) {
  try {
    if ((await fetch(`http://127.0.0.1:${port}/`)).ok) break
  } catch {}
  await new Promise((r) => setTimeout(r, 100))
}
const mix = [
  { path: '/' },
  { path: '/user/42?q=x' },
  { path: '/echo', method: 'POST', body: '{"hello":"world","n":[1,2,3]}' },
]
async function send(count) {
  let done = 0
  while (done < count) {
    for (const request of mix) {
      const { requests } = await measure(`http://127.0.0.1:${port}${request.path}`, request, 1)
      done += requests
    }
  }
  return done
}
await send(100_000) // warm-up: JIT and pools settle
const samples = [[0, rss()]]
let sent = 0
while (sent < total) {
  sent += await send(total / 4)
  samples.push([sent, rss()])
}
child.kill()
const base = samples[0][1]
const text = `# RSS across ${num(total)} requests, ${stamp()}\n\n${environment()}. After a 100k warm-up; text, params + query and JSON bodies in turn.\n\n${table(
  ['requests after warm-up', 'RSS MB', 'vs first'],
  samples.map(([n, mb]) => [num(n), mb.toFixed(1), `${(((mb - base) / base) * 100).toFixed(1)} %`]),
)}\n`
console.log(text)
