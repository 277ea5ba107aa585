/**
 * The showcase: a small blog on phial. `npm start` serves it on http://127.0.0.1:8000/ with its
 * database in `examples/blog/data/blog.sqlite`; see README.md beside this file.
 *
 * Environment: `BLOG_DATABASE` (a file, or `:memory:`), `SECRET_KEY`, `PORT`, `HOST`, `PHIAL_DEBUG=1`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createBlog, SEED_USER } from './blog.ts'

const dataDir = join(import.meta.dirname, 'data')
const database = process.env.BLOG_DATABASE ?? join(dataDir, 'blog.sqlite')

export const app = await createBlog({
  database,
  secretKey: process.env.SECRET_KEY ?? (database === ':memory:' ? undefined : localSecretKey()),
  debug: process.env.PHIAL_DEBUG === '1',
})

// Without SECRET_KEY, keep a generated key beside the database (Flask's instance folder), so a
// restart does not log everyone out.
function localSecretKey(): string {
  const file = join(dataDir, 'secret-key')
  try {
    return readFileSync(file, 'utf8').trim()
  } catch {
    const key = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0'))
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(file, key.join(''), { mode: 0o600 })
    return key.join('')
  }
}

// Serve only when run directly (`npm start`), not when a test imports the app.
if (import.meta.url === `file://${process.argv[1]}`) {
  await app.listen(Number(process.env.PORT ?? 8000), process.env.HOST ?? '127.0.0.1')
  console.log(` * Log in as ${SEED_USER.username} / ${SEED_USER.password}; the database is ${database}`)
}
