/**
 * The showcase: a small blog on phial. `npm start` serves it on http://127.0.0.1:8000/ with its
 * database in `examples/blog/data/blog.sqlite`; see README.md beside this file.
 *
 * Environment: `BLOG_DATABASE` (a file, or `:memory:`), `SECRET_KEY`, `PORT`, `HOST`, `BLOG_SEED=0` (no
 * seeded user and post), and any `PHIAL_*` setting (`PHIAL_DEBUG=1`; behind a proxy that terminates
 * HTTPS, `PHIAL_TRUST_PROXY=1` and `PHIAL_SESSION_COOKIE_SECURE=true`).
 */
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createBlog, SEED_USER } from './blog.ts'

const dataDir = join(import.meta.dirname, 'data')
const database = process.env.BLOG_DATABASE ?? join(dataDir, 'blog.sqlite')

export const app = await createBlog({
  database,
  secretKey: process.env.SECRET_KEY ?? (database === ':memory:' ? undefined : localSecretKey()),
  debug: ['1', 'true'].includes(process.env.PHIAL_DEBUG ?? ''),
  seed: process.env.BLOG_SEED !== '0',
})
// Flask's `app.config.from_prefixed_env()`: deployment settings without editing the code.
app.config.fromEnv()

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
if (realpathSync(process.argv[1] ?? '.') === realpathSync(import.meta.filename)) {
  await app.listen(Number(process.env.PORT ?? 8000), process.env.HOST ?? '127.0.0.1')
  if (process.env.BLOG_SEED !== '0')
    console.log(` * Log in as ${SEED_USER.username} / ${SEED_USER.password}; the database is ${database}`)
}
