import { afterEach, describe, expect, it } from 'vitest'
import { parseHTTPDate } from '../../src/static/http-date.ts'
import { gateways } from '../_gateways.ts'
import { MTIME, useStaticApp } from './_files.ts'

// Time zones far on either side of UTC: a date read as local time lands hours off in each.
const ZONES = ['America/New_York', 'Asia/Tokyo', 'UTC']
const zone = process.env.TZ
afterEach(() => {
  if (zone === undefined) delete process.env.TZ
  else process.env.TZ = zone
})

// 2024-06-01: the two-digit years of the RFC 850 form are placed around it.
const NOW = Date.UTC(2024, 5, 1)

describe('parseHTTPDate', () => {
  it.each(ZONES)('reads the three forms of RFC 9110 as UTC in %s', (tz) => {
    process.env.TZ = tz
    for (const value of [
      'Tue, 02 Jan 2024 03:04:05 GMT',
      'Tuesday, 02-Jan-24 03:04:05 GMT',
      'Tue Jan  2 03:04:05 2024',
      'Tue Jan 02 03:04:05 2024',
    ]) {
      expect(parseHTTPDate(value, NOW), value).toBe(MTIME)
    }
  })

  it('places a two-digit year no more than 50 years ahead (RFC 9110 §5.6.7)', () => {
    expect(parseHTTPDate('Monday, 01-Jan-74 00:00:00 GMT', NOW)).toBe(Date.UTC(2074, 0, 1) / 1000)
    expect(parseHTTPDate('Wednesday, 01-Jan-75 00:00:00 GMT', NOW)).toBe(Date.UTC(1975, 0, 1) / 1000)
    expect(parseHTTPDate('Sunday, 06-Nov-94 08:49:37 GMT', NOW)).toBe(Date.UTC(1994, 10, 6, 8, 49, 37) / 1000)
    // Late in a century, a small two-digit year is the next one.
    expect(parseHTTPDate('Friday, 01-Jan-10 00:00:00 GMT', Date.UTC(2090, 0, 1))).toBe(
      Date.UTC(2110, 0, 1) / 1000,
    )
  })

  it('reads years below 100 as they are and a leap second as the second before', () => {
    // Date.UTC would read the year 50 as 1950.
    expect(parseHTTPDate('Sat, 01 Jan 0050 00:00:00 GMT')).toBe(Date.parse('0050-01-01T00:00:00Z') / 1000)
    expect(parseHTTPDate('Sat, 31 Dec 2016 23:59:60 GMT')).toBe(Date.UTC(2016, 11, 31, 23, 59, 59) / 1000)
  })

  it.each([
    '3000',
    '2030-01-01',
    '2030-01-01T00:00:00Z',
    'garbage 2030',
    'yesterday',
    '',
    'Tue, 02 Jan 2024 03:04:05', // no zone
    'Tue, 02 Jan 2024 03:04:05 UTC', // only GMT is an HTTP-date zone
    'Tue, 02 Jan 2024 03:04:05 +0000',
    'tue, 02 jan 2024 03:04:05 gmt', // HTTP-date is case-sensitive
    'Tue, 2 Jan 2024 03:04:05 GMT', // IMF-fixdate has two day digits
    'Tue,  02 Jan 2024 03:04:05 GMT',
    ' Tue, 02 Jan 2024 03:04:05 GMT',
    'Tue, 31 Feb 2024 03:04:05 GMT', // no such day
    'Tue, 00 Jan 2024 03:04:05 GMT',
    'Tue, 02 Jan 2024 24:00:00 GMT',
    'Tue, 02 Jan 2024 03:60:05 GMT',
    'Tuesday, 02-Jan-2024 03:04:05 GMT',
    'Tue Jan 2 03:04:05 2024', // asctime pads the day with a space
    'Tue Jan  2 03:04:05 2024 GMT',
  ])('ignores %j, which is not an HTTP-date', (value) => {
    expect(parseHTTPDate(value, NOW)).toBeUndefined()
  })
})

describe.each(gateways)('conditional dates through $name', (gateway) => {
  const s = useStaticApp(gateway, { 'hello.txt': 'Hello, static world!\n' }, {})

  async function status(headers: Record<string, string>): Promise<number> {
    const res = await s.served.fetch('/static/hello.txt', { headers })
    await res.arrayBuffer()
    return res.status
  }

  it.each(ZONES)('reads each HTTP-date form of If-Modified-Since as UTC, in %s', async (tz) => {
    process.env.TZ = tz
    const cases: Array<[value: string, status: number]> = [
      ['Tue, 02 Jan 2024 03:04:05 GMT', 304],
      ['Tuesday, 02-Jan-24 03:04:05 GMT', 304],
      ['Tue Jan  2 03:04:05 2024', 304],
      ['Tue Jan  2 01:04:05 2024', 200], // two hours before the file changed
      ['Tue, 02 Jan 2024 01:04:05 GMT', 200],
    ]
    for (const [value, expected] of cases)
      expect(await status({ 'if-modified-since': value }), value).toBe(expected)
  })

  it.each(ZONES)('ignores an If-Modified-Since that is not an HTTP-date, in %s', async (tz) => {
    process.env.TZ = tz
    // Date.parse reads each of these as a date after the file's: a 304 for a header to be ignored.
    for (const value of [
      '3000',
      '2030-01-01',
      'garbage 2030',
      'Tue, 02 Jan 2024 09:04:05',
      'Wed Jan  3 2024',
    ]) {
      expect(await status({ 'if-modified-since': value }), value).toBe(200)
    }
  })

  it('ignores an If-Unmodified-Since that is not an HTTP-date, and honours one that is', async () => {
    for (const value of ['2000', '1999-12-31', 'garbage 2000']) {
      expect(await status({ 'if-unmodified-since': value }), value).toBe(200)
    }
    expect(await status({ 'if-unmodified-since': 'Mon, 01 Jan 2024 00:00:00 GMT' })).toBe(412)
    expect(await status({ 'if-unmodified-since': 'Tue Jan  2 03:04:05 2024' })).toBe(200)
  })

  it.each(ZONES)('honours an If-Range date in asctime form as UTC, in %s', async (tz) => {
    process.env.TZ = tz
    const res = await s.served.fetch('/static/hello.txt', {
      headers: { range: 'bytes=0-4', 'if-range': 'Tue Jan  2 03:04:05 2024' },
    })
    expect(res.status).toBe(206)
    expect(res.headers.get('content-range')).toBe('bytes 0-4/21')
    expect(await res.text()).toBe('Hello')
  })
})
