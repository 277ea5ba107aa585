#!/usr/bin/env node
// The `phial` command (Flask's `flask`): `phial run`, `phial routes`, `phial --help`. See src/cli.ts.
import { getEventListeners } from 'node:events'
import { main } from '../dist/cli.js'

// A reader that has gone (`phial routes | head -1`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error
  })
}
// The first Ctrl+C or SIGTERM lets `phial run` close its server and finish the requests in flight.
// With no server waiting on it (another command, or an app still loading), the signal ends the
// process at once, as it would without this handler; so does a second one.
const stop = new AbortController()
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    if (getEventListeners(stop.signal, 'abort').length > 0) stop.abort()
    else process.kill(process.pid, signal)
  })
}
process.exitCode = await main(process.argv.slice(2), { signal: stop.signal })
// Done: what the app's module left open (a timer, a connection pool) does not keep the command
// running, as `flask routes` ends. Exit once the output has been written out.
process.stdout.write('', () => process.stderr.write('', () => process.exit()))
