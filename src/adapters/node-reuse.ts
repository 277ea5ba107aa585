// A body a host's parser (express.json(), express.urlencoded(), express.text(), express.raw()) read
// before phial: turned back into bytes phial's own readers take. The wire bytes are gone, so JSON is
// re-serialised and a form re-encoded; what cannot be rebuilt faithfully is refused, never guessed.
import { isJSONType, mediaType } from '../body.ts'
import { PhialError } from '../errors.ts'

const CONSUMED =
  'the request body was already read by another middleware (such as a body parser) in a form phial cannot reuse; mount phial before it'

/**
 * The bytes of a body a host's parser left in `req.body`, read by the request's `Content-Type`:
 * a JSON type takes any value `express.json()` parsed (scalars too, with `strict: false`), a form
 * takes string and string-array values, and otherwise a string or a `Buffer` is the body itself.
 *
 * @throws PhialError when the body cannot be rebuilt (a nested form, or nothing left in `req.body`).
 */
export function toReusedBody(body: unknown, contentType: string | undefined): Uint8Array {
  if (body instanceof Uint8Array) return body // express.raw(), whatever the type
  if (body === undefined) throw new PhialError(CONSUMED)
  // The type comes first: under a JSON type a string is the JSON string express.json() parsed
  // (`"abc"` → `abc`), not raw text to parse again.
  if (isJSONType(contentType)) return fromJSON(body)
  if (typeof body === 'string') return Buffer.from(body) // express.text()
  if (mediaType(contentType) === 'application/x-www-form-urlencoded') return fromForm(body)
  throw new PhialError(CONSUMED)
}

function fromJSON(body: unknown): Uint8Array {
  let text: string | undefined
  try {
    text = JSON.stringify(body)
  } catch {
    // A reviver's BigInt or a cycle: nothing JSON can carry.
  }
  if (text === undefined) throw new PhialError(CONSUMED)
  return Buffer.from(text)
}

// express.urlencoded() gives repeated keys (`tag=a&tag=b`) as arrays: each item is appended in order.
// Different keys keep their first-seen order but are no longer interleaved (`a&b&a` → `a&a&b`).
function fromForm(body: unknown): Uint8Array {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new PhialError(CONSUMED)
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') params.append(key, value)
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
      for (const item of value) params.append(key, item)
    } else {
      throw new PhialError(
        `the request body was already read by another middleware: express.urlencoded({ extended: true }) parsed the form field "${key}" into a nested value, which phial cannot rebuild (it keeps bracket keys such as a[b] literal); use extended: false or mount phial before the parser`,
      )
    }
  }
  return Buffer.from(params.toString())
}
