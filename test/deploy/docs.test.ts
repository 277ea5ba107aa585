// docs/deployment.md shows each recipe the deployment tests run, byte for byte: the tests read them
// from examples/deploy, so a recipe in the doc is always the tested one.
import { describe, expect, it } from 'vitest'
import { docBlocks, example } from './_docs.ts'

describe('docs/deployment.md', () => {
  it.each(['nginx.conf', 'haproxy.cfg', 'cluster.ts', 'prefix.ts'])(
    'shows examples/deploy/%s as it is',
    (name) => {
      expect(docBlocks()).toContain(example(name))
    },
  )
})
