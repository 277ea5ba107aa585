import { describe, expect, it } from 'vitest'
import { type ByteRange, parseRange } from '../../src/static/conditional.ts'
import { gateways } from '../_gateways.ts'
import { useStaticApp } from './_files.ts'

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz'
// Runs of blanks, then a character that makes the header malformed. A backtracking pattern with
// blanks on both sides of an optional number tries every split of a run before it gives up: for one
// run of 60 kB, its length squared, seconds of blocked event loop; for two runs of 2 kB, their
// product times the length, as long. A single scan costs nothing. These lengths are the point of the
// inputs; no time is measured.
const BLANKS = ' '.repeat(60_000)
// Node refuses request headers past 16 KiB (431): the longest run a Range can carry over a socket,
// about a quarter of a second per request with a backtracking pattern.
const WIRE_BLANKS = ' '.repeat(15_000)

const RANGES: Array<[header: string, expected: ByteRange | 'unsatisfiable' | undefined]> = [
  ['bytes=0-4', { start: 0, end: 4 }],
  ['bytes=21-', { start: 21, end: 25 }],
  ['bytes=-5', { start: 21, end: 25 }],
  ['bytes=20-99', { start: 20, end: 25 }],
  ['  Bytes = 1 - 2 ', { start: 1, end: 2 }],
  ['bytes=\t3-\t3', { start: 3, end: 3 }],
  ['bytes=26-', 'unsatisfiable'],
  ['bytes=-0', 'unsatisfiable'],
  ['bytes=5-2', undefined],
  ['bytes=-', undefined],
  ['bytes=0-1,4-5', undefined],
  ['bytes 0-4', undefined],
  ['lines=0-4', undefined],
  ['bytes=0x-4', undefined],
  [`bytes=0-${BLANKS}x`, undefined],
  [`bytes=${BLANKS.slice(0, 2000)}-${BLANKS.slice(0, 2000)}x`, undefined],
  [`bytes=0${BLANKS}-${BLANKS}4${BLANKS}`, { start: 0, end: 4 }],
  [`${BLANKS}bytes${BLANKS}=${BLANKS}-3${BLANKS}`, { start: 23, end: 25 }],
]

describe('parseRange', () => {
  it.each(
    RANGES.map(([header, expected]) => [
      header.length > 80 ? `${header.slice(0, 12)}… (${header.length} chars)` : header,
      header,
      expected,
    ]),
  )('reads %j', (_name, header, expected) => {
    expect(parseRange(header as string, ALPHABET.length)).toEqual(expected)
  })
})

describe.each(gateways)('Range headers through $name', (gateway) => {
  const s = useStaticApp(gateway, { 'alphabet.txt': ALPHABET }, {})

  it('answers a long malformed Range with the whole file, and a long valid one with its bytes', async () => {
    // Long on purpose, as above: the request must be answered, and the event loop not held.
    const malformed = await s.served.fetch('/static/alphabet.txt', {
      headers: { range: `bytes=0-${WIRE_BLANKS}x` },
    })
    expect(malformed.status).toBe(200)
    expect(malformed.headers.get('content-range')).toBeNull()
    expect(await malformed.text()).toBe(ALPHABET)
    const valid = await s.served.fetch('/static/alphabet.txt', {
      headers: { range: `bytes=2${WIRE_BLANKS.slice(0, 5000)}-${WIRE_BLANKS.slice(0, 5000)}4 ` },
    })
    expect(valid.status).toBe(206)
    expect(valid.headers.get('content-range')).toBe('bytes 2-4/26')
    expect(await valid.text()).toBe('cde')
  })
})
