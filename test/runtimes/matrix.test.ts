import { afterAll, beforeAll, describe, it } from 'vitest'
import { cases } from './_cases.ts'
import { cacheCases } from './_cases-cache.ts'
import { inputCases } from './_cases-input.ts'
import { gateways, type Served } from './_gateways.ts'

// The gateway conformance matrix: one app (./_app.ts), one table of cases (./_cases.ts), every
// gateway (./_gateways.ts). Bun, Deno and workerd run as child processes from their npm packages;
// a runtime that cannot start fails its whole row, in CI and locally alike: nothing is skipped.
describe.each(gateways)('$name', (gateway) => {
  let served: Served | undefined
  let failed: unknown
  // A gateway that cannot start fails each of its cases with the reason (vitest would report the
  // cases of a failed beforeAll as skipped).
  beforeAll(async () => {
    served = await gateway.start().catch((error: unknown) => {
      failed = error
      return undefined
    })
  }, 60_000)
  afterAll(async () => {
    await served?.close()
  })

  it.each([...cases, ...inputCases, ...cacheCases])('$name', async (c) => {
    if (served === undefined) throw failed
    await c.run(served, gateway)
  })
})
