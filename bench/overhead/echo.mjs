// The JSON echo without sockets: phial's Node listener beside a hand-written echo, each given a real
// `Readable` as the request (the body pushed after the listener returns, as Node's parser does) and
// a mock response. The difference is phial's own cost for `await req.json()`: the request object,
// routing, the content-type and size checks, the promise hops, the response. Run `npm run build` first.
// Usage: node bench/overhead/echo.mjs [--requests 100000] [--rounds 5]
//        (--only phial|hand runs one side, e.g. under `node --cpu-prof`)
import { Readable } from 'node:stream'
import { parseArgs } from 'node:util'
import { App } from 'phial'
import { toNodeListener } from 'phial/node'

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '5' },
    only: { type: 'string' },
  },
})
const requests = Number(values.requests)
const rounds = Number(values.rounds)

const app = new App()
app.post('/echo', async (req) => await req.json())
const phial = toNodeListener(app)

const BODY = Buffer.from('{"hello":"world","n":[1,2,3]}')
let sink = 0
let done = () => {}
const response = () => ({
  headersSent: false,
  destroyed: false,
  writeHead(status) {
    sink += status
    return this
  },
  end(body) {
    sink += body ? body.length : 0
    done()
  },
  once() {
    return this
  },
  on() {
    return this
  },
})
const request = () => {
  const req = new Readable({ read() {} })
  req.url = '/echo'
  req.method = 'POST'
  req.headers = {
    host: 'localhost',
    'content-type': 'application/json',
    'content-length': String(BODY.length),
  }
  req.rawHeaders = [
    'Host',
    'localhost',
    'Content-Type',
    'application/json',
    'Content-Length',
    String(BODY.length),
  ]
  req.socket = { remoteAddress: '127.0.0.1' }
  req.complete = false
  return req
}

// What bench/http/raw.mjs does for a well-formed body, minus the checks that only a bad body reaches.
const hand = (req, res) => {
  if (req.headers['content-type'] !== 'application/json') return
  const chunks = []
  req
    .on('data', (chunk) => chunks.push(chunk))
    .on('end', () => {
      const text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString()
      const out = JSON.stringify(JSON.parse(text))
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) })
      res.end(out)
    })
}

async function time(listener) {
  const start = process.hrtime.bigint()
  for (let i = 0; i < requests; i++) {
    const req = request()
    const answered = new Promise((resolve) => {
      done = resolve
    })
    listener(req, response())
    req.push(BODY)
    req.push(null)
    await answered
  }
  return Number(process.hrtime.bigint() - start) / requests
}

if (values.only !== undefined) {
  for (let round = 0; round < rounds; round++) await time(values.only === 'hand' ? hand : phial)
} else {
  const best = { hand: Infinity, phial: Infinity }
  for (let round = 0; round < rounds; round++) {
    best.hand = Math.min(best.hand, await time(hand))
    best.phial = Math.min(best.phial, await time(phial))
  }
  console.log('| request | hand-written ns | phial ns | phial − hand-written |\n| --- | --- | --- | --- |')
  console.log(
    `| \`POST /echo\` | ${best.hand.toFixed(0)} | ${best.phial.toFixed(0)} | ${(best.phial - best.hand).toFixed(0)} |`,
  )
}
if (sink === 0) throw new Error('nothing was answered')
