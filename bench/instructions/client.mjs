// A fixed number of keep-alive requests over `conns` connections: node client.mjs port path n [conns] [jsonBody]
import http from 'node:http'

const [port, path, n, conns = '10', body] = process.argv.slice(2)
const total = Number(n)
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(conns) })
const headers = body ? { 'content-type': 'application/json' } : {}
let sent = 0
let done = 0
await new Promise((resolve, reject) => {
  const one = () => {
    if (sent >= total) return
    sent++
    const req = http.request({ port, path, agent, method: body ? 'POST' : 'GET', headers }, (res) => {
      res.resume()
      res.on('end', () => (++done === total ? resolve() : one()))
    })
    req.on('error', reject)
    req.end(body)
  }
  for (let i = 0; i < Number(conns); i++) one()
})
agent.destroy()
