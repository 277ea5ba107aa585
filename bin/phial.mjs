#!/usr/bin/env node
// The `phial` command (Flask's `flask`): `phial run`, `phial routes`, `phial --help`. See src/cli.ts.
import { main } from '../dist/cli.js'

const stop = new AbortController()
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => stop.abort())
process.exitCode = await main(process.argv.slice(2), { signal: stop.signal })
