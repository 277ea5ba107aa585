import type { PhialRequest } from './request.ts'

/** A flashed message with its category, as `getFlashedMessages(req, { withCategories: true })` returns it. */
export type FlashedMessage = [category: string, message: string]

/** Options of {@link getFlashedMessages}. Flask: the arguments of `get_flashed_messages`. */
export interface FlashedMessagesOptions {
  /** Return `[category, message]` pairs instead of messages. @default false */
  withCategories?: boolean | undefined
  /** Only the messages of these categories (the others are consumed all the same, as in Flask). */
  categoryFilter?: readonly string[] | undefined
}

// Flask's key, so a session shared with habits from Flask reads the same.
const FLASHES = '_flashes'
// Flask caches the consumed messages on the request context: every read in one request sees them.
const consumed = new WeakMap<PhialRequest, FlashedMessage[]>()

/**
 * Stores a message in the session for the next request that reads the flashed messages (usually the
 * page a redirect leads to). Needs sessions (`secretKey`). Flask: `flash`.
 *
 * @example
 * flash(req, 'Post saved.', 'success')
 * return redirect(req.urlFor('posts.index'))
 */
export function flash(req: PhialRequest, message: string, category = 'message'): void {
  const flashes = toFlashes(req.session.get(FLASHES))
  flashes.push([category, message])
  req.session.set(FLASHES, flashes)
}

/**
 * Takes the flashed messages out of the session: later reads in the same request see the same list,
 * the next request sees none. Flask: `get_flashed_messages`.
 *
 * @example
 * for (const [category, message] of getFlashedMessages(req, { withCategories: true })) …
 * getFlashedMessages(req, { categoryFilter: ['error'] })   // ['Wrong password.']
 */
export function getFlashedMessages(
  req: PhialRequest,
  options?: FlashedMessagesOptions & { withCategories?: false | undefined },
): string[]
export function getFlashedMessages(
  req: PhialRequest,
  options: FlashedMessagesOptions & { withCategories: true },
): FlashedMessage[]
export function getFlashedMessages(
  req: PhialRequest,
  options?: FlashedMessagesOptions,
): string[] | FlashedMessage[]
export function getFlashedMessages(
  req: PhialRequest,
  options: FlashedMessagesOptions = {},
): string[] | FlashedMessage[] {
  let flashes = consumed.get(req)
  if (flashes === undefined) {
    // Pop only when present: reading flashes in an app without sessions is fine, as in Flask.
    flashes = req.session.has(FLASHES) ? toFlashes(req.session.pop(FLASHES)) : []
    consumed.set(req, flashes)
  }
  const filter = options.categoryFilter
  const picked =
    filter === undefined || filter.length === 0 ? flashes : flashes.filter(([c]) => filter.includes(c))
  return options.withCategories === true
    ? picked.map(([category, message]): FlashedMessage => [category, message])
    : picked.map(([, message]) => message)
}

function toFlashes(value: unknown): FlashedMessage[] {
  if (!Array.isArray(value)) return []
  return value.filter(
    (item): item is FlashedMessage =>
      Array.isArray(item) && typeof item[0] === 'string' && typeof item[1] === 'string',
  )
}
