import { resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { contentTypeFor, safeJoin } from '../../src/static.ts'

const root = resolve('/srv/site/static')

describe('safeJoin', () => {
  it.each([
    ['app.css', `${root}${sep}app.css`],
    ['css/app.css', `${root}${sep}css${sep}app.css`],
    ['%2e%2e%2fsecret', `${root}${sep}%2e%2e%2fsecret`],
    ['caf\u00e9 menu.pdf', `${root}${sep}caf\u00e9 menu.pdf`],
  ])('joins the safe name %j inside the root', (name, expected) => {
    expect(safeJoin(root, name)).toBe(expected)
  })

  it.each([
    '',
    '..',
    '../x',
    'a/../../x',
    'a/..',
    '.',
    './a',
    '.env',
    'a/.git/config',
    '/etc/passwd',
    'a//b',
    'a/',
    '..\\x',
    'a\\b',
    'a\0b',
  ])('refuses %j', (name) => {
    expect(safeJoin(root, name)).toBeUndefined()
  })
})

describe('contentTypeFor', () => {
  it.each([
    ['a.HTML', 'text/html; charset=utf-8'],
    ['a.js', 'text/javascript; charset=utf-8'],
    ['dir.v2/file', 'application/octet-stream'],
    ['.env', 'application/octet-stream'],
    ['a.constructor', 'application/octet-stream'],
    ['a.__proto__', 'application/octet-stream'],
    ['font.woff2', 'font/woff2'],
    ['x.svg', 'image/svg+xml'],
  ])('answers %j with %s', (name, type) => {
    expect(contentTypeFor(name)).toBe(type)
  })
})
