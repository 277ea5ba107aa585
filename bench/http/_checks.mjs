// The body checks phial's `req.json()` makes, by hand, for the reference servers that must do the same
// work: raw node:http's echoes (raw.mjs) and Hono's checked echo on Bun and Deno (runtimes/apps.ts).
// No Node imports, so the runtimes bundle can take it.
export const LIMIT = 1024 * 1024
export const MAX_DEPTH = 64

export const isJSON = (type) => {
  if (type === undefined) return false
  const semi = type.indexOf(';')
  const essence = (semi === -1 ? type : type.slice(0, semi)).trim().toLowerCase()
  return essence === 'application/json' || (essence.startsWith('application/') && essence.endsWith('+json'))
}

export const tooDeep = (text) => {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92) i++
      else if (c === 34) inString = false
    } else if (c === 34) inString = true
    else if (c === 91 || c === 123) {
      if (++depth > MAX_DEPTH) return true
    } else if (c === 93 || c === 125) depth--
  }
  return false
}

export const poisoned = (value) => {
  const stack = [value]
  while (stack.length > 0) {
    const node = stack.pop()
    if (typeof node !== 'object' || node === null) continue
    if (Object.hasOwn(node, '__proto__')) return true
    const ctor = node.constructor
    if (
      Object.hasOwn(node, 'constructor') &&
      typeof ctor === 'object' &&
      ctor !== null &&
      Object.hasOwn(ctor, 'prototype')
    )
      return true
    for (const key in node) stack.push(node[key])
  }
  return false
}
