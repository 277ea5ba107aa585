// server.ts: one process per core sharing one port, as Gunicorn's workers do
import cluster from 'node:cluster'
import { availableParallelism } from 'node:os'
import { app } from './app.ts'

let stopping = false
if (cluster.isPrimary) {
  const count = Number(process.env.WEB_CONCURRENCY ?? availableParallelism())
  for (let i = 0; i < count; i++) cluster.fork()
  cluster.on('exit', () => {
    if (!stopping) cluster.fork() // replace a worker that died
  })
  // SIGTERM (systemd, docker stop) or Ctrl+C: pass SIGTERM on, and kill a worker still busy after 10 s.
  const stop = () => {
    stopping = true
    const workers = Object.values(cluster.workers ?? {})
    for (const worker of workers) worker?.process.kill('SIGTERM')
    setTimeout(() => {
      for (const worker of workers) worker?.process.kill('SIGKILL')
    }, 10_000).unref()
  }
  process.once('SIGTERM', stop).once('SIGINT', stop)
} else {
  await app.listen(Number(process.env.PORT ?? 8000))
  // SIGTERM from the primary, or sent to every process at once (systemd's default), or both: stop
  // accepting connections, answer the requests in flight, then exit.
  process.on('SIGTERM', () => {
    if (!stopping) cluster.worker?.disconnect()
    stopping = true
  })
}
