// RFC 9110 §5.6.7: the three forms of an HTTP-date, each with a fixed layout (and case-sensitive).
// Anchored, and every part has a fixed length, so a match is linear. The day name is checked for its
// form only, as Go's `http.ParseTime` does: a wrong weekday does not make the date another one.
const MONTH = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)'
const TIME = '(\\d\\d):(\\d\\d):(\\d\\d)'
// IMF-fixdate, what senders must generate: `Sun, 06 Nov 1994 08:49:37 GMT`.
const IMF_FIXDATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d\\d) ${MONTH} (\\d{4}) ${TIME} GMT$`)
// Obsolete RFC 850 form: `Sunday, 06-Nov-94 08:49:37 GMT`.
const RFC_850 = new RegExp(
  `^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d\\d)-${MONTH}-(\\d\\d) ${TIME} GMT$`,
)
// Obsolete asctime form, in UTC though it names no zone: `Sun Nov  6 08:49:37 1994`.
const ASCTIME = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${MONTH} ( \\d|\\d\\d) ${TIME} (\\d{4})$`)
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * Seconds since the epoch of an HTTP-date in any of its three forms (IMF-fixdate, RFC 850, asctime),
 * always read as UTC; `undefined` for anything else, which a recipient must ignore (RFC 9110 §13.1.3).
 * Unlike `Date.parse`, it reads no bare year (`3000`), ISO date or local time. `now` (ms) places the
 * two-digit years of the RFC 850 form. Werkzeug: `http.parse_date`.
 *
 * @example
 * parseHTTPDate('Tue, 02 Jan 2024 03:04:05 GMT') // 1704164645
 * parseHTTPDate('2030-01-01')                    // undefined
 */
export function parseHTTPDate(value: string, now: number = Date.now()): number | undefined {
  let match = IMF_FIXDATE.exec(value)
  if (match !== null) {
    const [, day, month, year, hour, minute, second] = match
    return toSeconds(Number(year), month, day, [hour, minute, second])
  }
  match = RFC_850.exec(value)
  if (match !== null) {
    const [, day, month, year, hour, minute, second] = match
    return toSeconds(fullYear(Number(year), now), month, day, [hour, minute, second])
  }
  match = ASCTIME.exec(value)
  if (match !== null) {
    const [, month, day, hour, minute, second, year] = match
    return toSeconds(Number(year), month, day, [hour, minute, second])
  }
  return undefined
}

// RFC 9110 §5.6.7: a two-digit year that would be more than 50 years in the future is the most recent
// past year with those digits.
function fullYear(twoDigits: number, now: number): number {
  const current = new Date(now).getUTCFullYear()
  const year = current - (current % 100) + twoDigits
  if (year > current + 50) return year - 100
  if (year <= current - 50) return year + 100
  return year
}

function toSeconds(
  year: number,
  monthName: string | undefined,
  dayText: string | undefined,
  time: Array<string | undefined>,
): number | undefined {
  const month = MONTHS.indexOf(monthName ?? '')
  const day = Number(dayText)
  const [hour, minute, second] = time.map(Number) as [number, number, number]
  // 23:59:60 is a leap second (RFC 5322 §3.3); Date has none, so it counts as :59.
  if (hour > 23 || minute > 59 || second > 60) return undefined
  // UTC setters only: the process time zone never enters. `setUTCFullYear` keeps years below 100
  // as they are, where `Date.UTC` would add 1900.
  const date = new Date(0)
  date.setUTCFullYear(year, month, day)
  date.setUTCHours(hour, minute, Math.min(second, 59))
  // A day the month does not have (31 Feb) rolls over into the next month: not a date.
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month) return undefined
  return Math.floor(date.getTime() / 1000)
}
