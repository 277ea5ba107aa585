#!/usr/bin/env node
// The `phial` command (Flask's `flask`): `phial run`, `phial routes`, `phial --help`. See src/cli.ts.
import { main } from '../dist/cli.js'

// A reader that has gone (`phial routes | head -1`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error
  })
}
const stop = new AbortController()
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => stop.abort())
process.exitCode = await main(process.argv.slice(2), { signal: stop.signal })
