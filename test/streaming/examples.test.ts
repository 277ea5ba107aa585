import { describe, expect, it } from 'vitest'
import { app } from '../../examples/sse.ts'

describe('examples/sse.ts', () => {
  it('serves the page and a clock of tick events', async () => {
    expect(await (await app.request('/')).text()).toContain("new EventSource('/clock')")
    const res = await app.request('/clock?count=3&every=1')
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    const text = await res.text()
    expect(text.match(/^event: tick$/gm)).toHaveLength(3)
    expect(text).toMatch(/^id: 2\ndata: \d{4}-\d\d-\d\dT/m)
  })
})
