import { App, negotiateEncoding, negotiateType } from 'phial'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateways, type Served } from '../_gateways.ts'

const TYPES: Array<[string | undefined, string[], string | undefined]> = [
  [undefined, ['json', 'html'], 'json'],
  ['', ['html', 'json'], 'html'],
  ['application/json', ['html', 'json'], 'json'],
  ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', ['json', 'html'], 'html'],
  ['text/html;q=0.5, application/json', ['html', 'json'], 'json'],
  ['text/*;q=0.3, text/html;q=0.7, */*;q=0.1', ['json', 'text', 'html'], 'html'],
  ['text/*', ['json', 'text/csv'], 'text/csv'],
  ['application/json;q=0', ['json'], undefined],
  ['*/*;q=0.1, application/json;q=0', ['json', 'html'], 'html'],
  ['image/png', ['json', 'html'], undefined],
  ['APPLICATION/JSON', ['application/json'], 'application/json'],
  ['text/html;level=1', ['html'], undefined],
  ['*/*', ['xml', 'json'], 'xml'],
  ['application/json;q=abc, text/html', ['json', 'html'], 'html'],
]

const ENCODINGS: Array<[string | undefined, string | undefined]> = [
  [undefined, undefined],
  ['gzip', 'gzip'],
  ['gzip, br', 'br'],
  ['br;q=0.5, gzip', 'gzip'],
  ['identity', undefined],
  ['*', 'br'],
  ['*, br;q=0', 'gzip'],
  ['gzip;q=0, br;q=0', undefined],
  ['x-gzip', 'gzip'],
  ['deflate', undefined],
]

describe('negotiateType and negotiateEncoding', () => {
  it.each(TYPES)('Accept %j with offers %j → %j', (header, offers, expected) => {
    expect(negotiateType(header, offers)).toBe(expected)
  })
  it.each(ENCODINGS)('Accept-Encoding %j → %j', (header, expected) => {
    expect(negotiateEncoding(header, ['br', 'gzip'])).toBe(expected)
  })
})

describe.each(gateways)('req.accepts() through $name', (gateway) => {
  let served: Served
  beforeAll(async () => {
    const app = new App()
    app.get('/item', (req) =>
      req.accepts('html', 'json') === 'html' ? '<p>item</p>' : { item: true, accepted: req.accepts() },
    )
    served = await gateway.serve(app)
  })
  afterAll(() => served.close())

  it('answers HTML to a browser and JSON to an API client', async () => {
    const browser = await served.fetch('/item', {
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    })
    expect(await browser.text()).toBe('<p>item</p>')
    const api = await served.fetch('/item', { headers: { accept: 'application/json, text/html;q=0.5' } })
    expect(await api.json()).toEqual({ item: true, accepted: ['application/json', 'text/html'] })
  })
})
