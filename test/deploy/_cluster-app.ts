// The app cluster.test.ts runs in examples/deploy/cluster.ts's workers in place of ./app.ts: it tells
// which worker answered, takes its time when asked, and keeps a session.
import { App } from 'phial'

export const app = new App({ secretKey: process.env.SECRET_KEY })

app.get('/', () => ({ pid: process.pid }))
app.get('/slow', async (req) => {
  console.log(`slow request started in ${process.pid}`) // the test stops the cluster after this line
  await new Promise((resolve) => setTimeout(resolve, Number(req.query.get('ms') ?? 500)))
  return { pid: process.pid, slow: true }
})
app.post('/login', (req) => {
  req.session.set('user', 'ada')
  return { pid: process.pid, user: 'ada' }
})
app.get('/me', (req) => ({ pid: process.pid, user: req.session.get('user') ?? null }))
