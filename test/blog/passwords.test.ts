import { describe, expect, it } from 'vitest'
import { DEFAULT_ITERATIONS, hashPassword, verifyPassword } from '../../examples/blog/passwords.ts'

describe('examples/blog/passwords.ts', () => {
  it('stores the algorithm, the iterations, a random salt and the hash', async () => {
    const a = await hashPassword('correct horse', 1_000)
    const b = await hashPassword('correct horse', 1_000)
    expect(a).toMatch(/^pbkdf2-sha256\$1000\$[\w-]{22}\$[\w-]{43}$/)
    expect(a).not.toBe(b) // a fresh salt each time
    expect(DEFAULT_ITERATIONS).toBe(600_000)
  })

  it('verifies the right password and refuses others and malformed hashes', async () => {
    const hash = await hashPassword('correct horse', 1_000)
    expect(await verifyPassword('correct horse', hash)).toBe(true)
    expect(await verifyPassword('correct horsE', hash)).toBe(false)
    expect(await verifyPassword('', hash)).toBe(false)
    for (const bad of [
      '',
      'x',
      'md5$1000$a$b',
      'pbkdf2-sha256$0$a$b',
      'pbkdf2-sha256$1e3$a$b',
      hash.slice(0, -2),
    ])
      expect(await verifyPassword('correct horse', bad)).toBe(false)
  })
})
