import { defineConfig } from 'vitest/config'

// `npm test` runs vitest twice: the suites, then (BENCH_SMOKE=1) the bench smoke test alone, so
// its load generators never compete for the CPU with the timing-sensitive suites.
const benches = process.env.BENCH_SMOKE === '1'

export default defineConfig({
  resolve: { conditions: ['phial-source'] },
  ssr: { resolve: { conditions: ['phial-source'] } },
  test: {
    include: benches ? ['test/bench/**/*.test.ts'] : ['test/**/*.test.ts'],
    exclude: benches ? ['**/node_modules/**'] : ['**/node_modules/**', 'test/bench/**'],
    typecheck: { enabled: !benches, include: ['test/**/*.test-d.ts'] },
    testTimeout: 20_000,
  },
})
