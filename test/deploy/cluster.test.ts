// examples/deploy/cluster.ts (docs/deployment.md's node:cluster server) run for real with two workers:
// both answer, a killed worker is replaced, sessions need the same secretKey everywhere, and SIGTERM
// lets the requests in flight finish before everything exits. No proxy binary is needed.
import { afterAll, describe, expect, it } from 'vitest'
import { alive, type ClusterProcess, startCluster } from './_cluster.ts'
import { send } from './_http.ts'

const started: ClusterProcess[] = []
afterAll(() => Promise.all(started.map((cluster) => cluster.kill())))

async function start(env: Record<string, string> = {}): Promise<ClusterProcess> {
  const cluster = await startCluster(env)
  started.push(cluster)
  return cluster
}

const pidOf = async (port: number, path = '/', headers: Record<string, string> = {}) => {
  const res = await send(port, path, { headers })
  expect(res.status).toBe(200)
  return JSON.parse(res.body) as { pid: number; user?: string | null }
}

/** Asks until `count` different workers have answered. */
async function workers(port: number, count = 2): Promise<number[]> {
  const pids = new Set<number>()
  for (let i = 0; i < 40 && pids.size < count; i++) pids.add((await pidOf(port)).pid)
  return [...pids]
}

describe('the node:cluster server of docs/deployment.md', () => {
  // Node's primary hands each connection to a worker in turn; one it handed to the killed worker
  // before noticing the death is lost (the client waits until its own timeout), at most one here.
  it('answers from both workers, replaces a killed one, and the port keeps answering', async () => {
    const { port } = await start({ SECRET_KEY: 'shared' })
    const before = await workers(port)
    expect(before).toHaveLength(2)
    const [victim, survivor] = before as [number, number]
    process.kill(victim, 'SIGKILL')
    const seen = new Set<number>()
    let lost = 0
    for (let i = 0; i < 100 && seen.size < 2; i++) {
      try {
        const res = await send(port, '/', { timeout: 2000 })
        expect(res.status).toBe(200)
        seen.add(JSON.parse(res.body).pid)
      } catch (error) {
        expect(String(error)).toMatch(/timeout/)
        lost++
      }
      if (seen.size < 2) await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(lost).toBeLessThanOrEqual(1)
    expect(seen.has(victim)).toBe(false)
    expect(seen.has(survivor)).toBe(true)
    expect(seen.size).toBe(2) // the survivor and the replacement
    expect(alive(victim)).toBe(false)
  })

  it('keeps a login across workers that share SECRET_KEY', async () => {
    const { port } = await start({ SECRET_KEY: 'shared' })
    const login = await send(port, '/login', { method: 'POST' })
    expect(login.status).toBe(200)
    const signer = JSON.parse(login.body).pid as number
    const cookie = (login.headers['set-cookie']?.[0] ?? '').split(';')[0] as string
    let other: { pid: number; user?: string | null } | undefined
    for (let i = 0; i < 10 && other === undefined; i++) {
      const seen = await pidOf(port, '/me', { cookie })
      expect(seen.user).toBe('ada')
      if (seen.pid !== signer) other = seen
    }
    expect(other?.user).toBe('ada')
  })

  it('refuses to write a session without SECRET_KEY: a 500, and the reason in the log', async () => {
    const cluster = await start()
    const login = await send(cluster.port, '/login', { method: 'POST' })
    expect(login.status).toBe(500)
    expect(login.headers['set-cookie']).toBeUndefined()
    expect(cluster.output()).toContain('the session is unavailable because the app has no secretKey')
    expect((await pidOf(cluster.port, '/me')).user).toBe(null)
  })

  const stops = [
    { to: 'the primary', group: false },
    { to: "every process of the service (systemd's default KillMode)", group: true },
  ]
  it.each(stops)(
    'on SIGTERM to $to finishes the request in flight, then every process exits',
    async ({ group }) => {
      const cluster = await start({ SECRET_KEY: 'shared' })
      const pids = await workers(cluster.port)
      const slow = send(cluster.port, '/slow?ms=500')
      while (!cluster.output().includes('slow request started')) {
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      const primary = cluster.primary.pid as number
      process.kill(group ? -primary : primary, 'SIGTERM')
      const res = await slow
      expect([res.status, JSON.parse(res.body).slow]).toEqual([200, true])
      expect(await cluster.exited).toBe(0)
      await expect(send(cluster.port, '/')).rejects.toThrow(/ECONNREFUSED/)
      for (let i = 0; i < 50 && pids.some(alive); i++) await new Promise((resolve) => setTimeout(resolve, 20))
      expect(pids.filter(alive)).toEqual([])
    },
  )
})
