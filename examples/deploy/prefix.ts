// server.ts: the app at /blog, behind a proxy that passes /blog/… on unchanged
import { realpathSync } from 'node:fs'
import { createServer } from 'node:http'
import { stripPrefix, toNodeListener } from 'phial/node'
import { app } from './app.ts'

const listener = toNodeListener(app)
export const server = createServer((req, res) => {
  // /blog/posts/ reaches the app as /posts/, with req.rootPath '/blog'
  if (stripPrefix(req, '/blog')) listener(req, res)
  else res.writeHead(404).end()
})

if (realpathSync(process.argv[1] ?? '.') === realpathSync(import.meta.filename))
  server.listen(8000, '127.0.0.1')
