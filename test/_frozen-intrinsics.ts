// Run by test/process.test.ts under `node --frozen-intrinsics`, where `Error.stackTraceLimit` is read-only:
// a 4xx must still be answered (phial leaves the limit alone there). Prints the status, the limit's
// writability, and whether the 4xx kept a stack.
import { App, HTTPError } from 'phial'

const app = new App()
app.post('/json', async (req) => ({ got: await req.json() }))
const bad = await app.request('/json', {
  method: 'POST',
  body: '{"a":',
  headers: { 'content-type': 'application/json' },
})
const writable = Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit')?.writable
const stacked = (new HTTPError(404).stack ?? '').includes('\n')
console.log(JSON.stringify({ status: bad.status, writable, stacked }))
