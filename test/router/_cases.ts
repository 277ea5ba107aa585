/**
 * Router behaviour as a typed table, shared by the router tests and the app-level HTTP tests.
 * Each case registers `rules` in order (data = the rule's index), then requests `method path`.
 */

/** One rule of a case; `methods` defaults to `['GET']`. */
export interface CaseRule {
  rule: string
  methods?: readonly string[] | '*'
}

/** What the router answers; `route` is the index of the rule in `rules`. */
export type CaseExpect =
  | { type: 'route'; route: number; params?: Record<string, unknown> }
  | { type: 'options'; allow: string }
  | { type: 'method-not-allowed'; allow: string }
  | { type: 'redirect'; path: string }
  | { type: 'not-found' }

export interface RouterCase {
  name: string
  rules: readonly CaseRule[]
  method: string
  path: string
  expect: CaseExpect
}

const r = (rule: string, methods?: readonly string[] | '*'): CaseRule =>
  methods === undefined ? { rule } : { rule, methods }

export const routerCases: readonly RouterCase[] = [
  // static, params, priority
  {
    name: 'root',
    rules: [r('/')],
    method: 'GET',
    path: '/',
    expect: { type: 'route', route: 0, params: {} },
  },
  {
    name: 'static path',
    rules: [r('/about')],
    method: 'GET',
    path: '/about',
    expect: { type: 'route', route: 0 },
  },
  {
    name: 'routing is case-sensitive',
    rules: [r('/about')],
    method: 'GET',
    path: '/About',
    expect: { type: 'not-found' },
  },
  { name: 'unknown path', rules: [r('/about')], method: 'GET', path: '/nope', expect: { type: 'not-found' } },
  {
    name: 'empty segments count',
    rules: [r('/x')],
    method: 'GET',
    path: '//x',
    expect: { type: 'not-found' },
  },
  {
    name: 'param',
    rules: [r('/users/:id')],
    method: 'GET',
    path: '/users/42',
    expect: { type: 'route', route: 0, params: { id: '42' } },
  },
  {
    name: 'param never matches an empty segment',
    rules: [r('/users/:id')],
    method: 'GET',
    path: '/users/',
    expect: { type: 'not-found' },
  },
  {
    name: 'param does not cross /',
    rules: [r('/users/:id')],
    method: 'GET',
    path: '/users/1/2',
    expect: { type: 'not-found' },
  },
  {
    name: 'quoted param name',
    rules: [r('/x/:"user id"')],
    method: 'GET',
    path: '/x/1',
    expect: { type: 'route', route: 0, params: { 'user id': '1' } },
  },
  {
    name: 'escaped colon is text',
    rules: [r('/a\\:b')],
    method: 'GET',
    path: '/a:b',
    expect: { type: 'route', route: 0, params: {} },
  },
  {
    name: 'static beats param (static first)',
    rules: [r('/users/new'), r('/users/:id')],
    method: 'GET',
    path: '/users/new',
    expect: { type: 'route', route: 0 },
  },
  {
    name: 'static beats param (param first)',
    rules: [r('/users/:id'), r('/users/new')],
    method: 'GET',
    path: '/users/new',
    expect: { type: 'route', route: 1 },
  },
  {
    name: 'param beats wildcard (wildcard first)',
    rules: [r('/f/*path'), r('/f/:name')],
    method: 'GET',
    path: '/f/a',
    expect: { type: 'route', route: 1, params: { name: 'a' } },
  },
  {
    name: 'static beats wildcard (wildcard first)',
    rules: [r('/f/*path'), r('/f/index')],
    method: 'GET',
    path: '/f/index',
    expect: { type: 'route', route: 1 },
  },
  {
    name: 'backtracks from a static dead end',
    rules: [r('/a/b/c'), r('/a/:x/d')],
    method: 'GET',
    path: '/a/b/d',
    expect: { type: 'route', route: 1, params: { x: 'b' } },
  },
  {
    name: 'static segment wins deeper',
    rules: [r('/gists/:gist_id/:sha'), r('/gists/:gist_id/commits')],
    method: 'GET',
    path: '/gists/1/commits',
    expect: { type: 'route', route: 1, params: { gist_id: '1' } },
  },
  // converters
  {
    name: 'int converter',
    rules: [r('/posts/<int:id>')],
    method: 'GET',
    path: '/posts/12',
    expect: { type: 'route', route: 0, params: { id: 12 } },
  },
  {
    name: 'int refusal is not found',
    rules: [r('/posts/<int:id>')],
    method: 'GET',
    path: '/posts/abc',
    expect: { type: 'not-found' },
  },
  {
    name: 'int refusal falls through',
    rules: [r('/posts/<int:id>'), r('/posts/<slug>')],
    method: 'GET',
    path: '/posts/abc',
    expect: { type: 'route', route: 1, params: { slug: 'abc' } },
  },
  {
    name: 'int tried before string whatever the order',
    rules: [r('/posts/<slug>'), r('/posts/<int:id>')],
    method: 'GET',
    path: '/posts/7',
    expect: { type: 'route', route: 1, params: { id: 7 } },
  },
  {
    name: 'int min refuses',
    rules: [r('/p/<int(min=1):n>')],
    method: 'GET',
    path: '/p/0',
    expect: { type: 'not-found' },
  },
  {
    name: 'int max accepts',
    rules: [r('/p/<int(min=1, max=9):n>')],
    method: 'GET',
    path: '/p/9',
    expect: { type: 'route', route: 0, params: { n: 9 } },
  },
  {
    name: 'int unsigned refuses -1',
    rules: [r('/p/<int:n>')],
    method: 'GET',
    path: '/p/-1',
    expect: { type: 'not-found' },
  },
  {
    name: 'int signed',
    rules: [r('/p/<int(signed=True):n>')],
    method: 'GET',
    path: '/p/-1',
    expect: { type: 'route', route: 0, params: { n: -1 } },
  },
  {
    name: 'int fixed_digits',
    rules: [r('/y/<int(fixed_digits=4):y>')],
    method: 'GET',
    path: '/y/123',
    expect: { type: 'not-found' },
  },
  {
    name: 'float',
    rules: [r('/f/<float:x>')],
    method: 'GET',
    path: '/f/1.5',
    expect: { type: 'route', route: 0, params: { x: 1.5 } },
  },
  {
    name: 'float needs a dot',
    rules: [r('/f/<float:x>')],
    method: 'GET',
    path: '/f/1',
    expect: { type: 'not-found' },
  },
  {
    name: 'float max',
    rules: [r('/f/<float(max=1.0):x>')],
    method: 'GET',
    path: '/f/1.5',
    expect: { type: 'not-found' },
  },
  {
    name: 'uuid lower',
    rules: [r('/u/<uuid:u>')],
    method: 'GET',
    path: '/u/123e4567-e89b-12d3-a456-426614174000',
    expect: { type: 'route', route: 0, params: { u: '123e4567-e89b-12d3-a456-426614174000' } },
  },
  {
    name: 'uuid upper',
    rules: [r('/u/<uuid:u>')],
    method: 'GET',
    path: '/u/123E4567-E89B-12D3-A456-426614174000',
    expect: { type: 'route', route: 0, params: { u: '123E4567-E89B-12D3-A456-426614174000' } },
  },
  {
    name: 'uuid refuses',
    rules: [r('/u/<uuid:u>')],
    method: 'GET',
    path: '/u/123',
    expect: { type: 'not-found' },
  },
  {
    name: 'any',
    rules: [r('/<any(about, help):page>')],
    method: 'GET',
    path: '/help',
    expect: { type: 'route', route: 0, params: { page: 'help' } },
  },
  {
    name: 'any refuses',
    rules: [r('/<any(about, help):page>')],
    method: 'GET',
    path: '/x',
    expect: { type: 'not-found' },
  },
  {
    name: 'string length',
    rules: [r('/c/<string(length=2):c>')],
    method: 'GET',
    path: '/c/abc',
    expect: { type: 'not-found' },
  },
  {
    name: 'string maxlength',
    rules: [r('/c/<string(maxlength=3):c>')],
    method: 'GET',
    path: '/c/abc',
    expect: { type: 'route', route: 0, params: { c: 'abc' } },
  },
  {
    name: 'flask <name> is string',
    rules: [r('/users/<name>')],
    method: 'GET',
    path: '/users/ann',
    expect: { type: 'route', route: 0, params: { name: 'ann' } },
  },
  {
    name: 'path converter',
    rules: [r('/files/<path:p>')],
    method: 'GET',
    path: '/files/a/b.txt',
    expect: { type: 'route', route: 0, params: { p: 'a/b.txt' } },
  },
  // mixed segments, groups, wildcards
  {
    name: 'mixed segment',
    rules: [r('/files/:name.:ext')],
    method: 'GET',
    path: '/files/a.b.txt',
    expect: { type: 'route', route: 0, params: { name: 'a.b', ext: 'txt' } },
  },
  {
    name: 'mixed segment with converter',
    rules: [r('/v<int:n>/x')],
    method: 'GET',
    path: '/v2/x',
    expect: { type: 'route', route: 0, params: { n: 2 } },
  },
  {
    name: 'mixed segment refusal',
    rules: [r('/v<int:n>/x')],
    method: 'GET',
    path: '/vx/x',
    expect: { type: 'not-found' },
  },
  {
    name: 'mixed segment beats param',
    rules: [r('/d/:any'), r('/d/:name.json')],
    method: 'GET',
    path: '/d/a.json',
    expect: { type: 'route', route: 1, params: { name: 'a' } },
  },
  {
    name: 'optional group absent',
    rules: [r('/docs{/:section}')],
    method: 'GET',
    path: '/docs',
    expect: { type: 'route', route: 0, params: {} },
  },
  {
    name: 'optional group present',
    rules: [r('/docs{/:section}')],
    method: 'GET',
    path: '/docs/intro',
    expect: { type: 'route', route: 0, params: { section: 'intro' } },
  },
  {
    name: 'nested groups',
    rules: [r('/a{/:b{/:c}}')],
    method: 'GET',
    path: '/a/1/2',
    expect: { type: 'route', route: 0, params: { b: '1', c: '2' } },
  },
  {
    name: 'optional extension',
    rules: [r('/f/:name{.:ext}')],
    method: 'GET',
    path: '/f/x.txt',
    expect: { type: 'route', route: 0, params: { name: 'x', ext: 'txt' } },
  },
  {
    name: 'wildcard',
    rules: [r('/files/*path')],
    method: 'GET',
    path: '/files/a/b.txt',
    expect: { type: 'route', route: 0, params: { path: 'a/b.txt' } },
  },
  {
    name: 'wildcard needs one char',
    rules: [r('/files/*path')],
    method: 'GET',
    path: '/files/',
    expect: { type: 'not-found' },
  },
  {
    name: 'wildcard keeps trailing slash',
    rules: [r('/files/*path')],
    method: 'GET',
    path: '/files/a/',
    expect: { type: 'route', route: 0, params: { path: 'a/' } },
  },
  {
    name: 'root wildcard',
    rules: [r('/*rest')],
    method: 'GET',
    path: '/x/y',
    expect: { type: 'route', route: 0, params: { rest: 'x/y' } },
  },
  {
    name: 'wildcard followed by text',
    rules: [r('/files/*path/edit'), r('/files/*path')],
    method: 'GET',
    path: '/files/a/b/edit',
    expect: { type: 'route', route: 0, params: { path: 'a/b' } },
  },
  {
    name: 'wildcard followed by text, not matching',
    rules: [r('/files/*path/edit')],
    method: 'GET',
    path: '/files/a/b',
    expect: { type: 'not-found' },
  },
  {
    name: 'wildcard followed by a param',
    rules: [r('/r/*path/v/:n')],
    method: 'GET',
    path: '/r/a/b/v/3',
    expect: { type: 'route', route: 0, params: { path: 'a/b', n: '3' } },
  },
  // methods
  {
    name: 'HEAD uses GET',
    rules: [r('/a')],
    method: 'HEAD',
    path: '/a',
    expect: { type: 'route', route: 0 },
  },
  {
    name: 'explicit HEAD wins',
    rules: [r('/a'), r('/a', ['HEAD'])],
    method: 'HEAD',
    path: '/a',
    expect: { type: 'route', route: 1 },
  },
  {
    name: 'all route answers HEAD before GET',
    rules: [r('/a'), r('/a', '*')],
    method: 'HEAD',
    path: '/a',
    expect: { type: 'route', route: 1 },
  },
  {
    name: 'explicit method beats all route',
    rules: [r('/a', '*'), r('/a', ['GET'])],
    method: 'GET',
    path: '/a',
    expect: { type: 'route', route: 1 },
  },
  {
    name: 'all route answers any method',
    rules: [r('/a', '*')],
    method: 'PROPFIND',
    path: '/a',
    expect: { type: 'route', route: 0 },
  },
  {
    name: 'automatic OPTIONS',
    rules: [r('/a', ['GET', 'POST'])],
    method: 'OPTIONS',
    path: '/a',
    expect: { type: 'options', allow: 'GET, HEAD, POST, OPTIONS' },
  },
  {
    name: 'explicit OPTIONS',
    rules: [r('/a'), r('/a', ['OPTIONS'])],
    method: 'OPTIONS',
    path: '/a',
    expect: { type: 'route', route: 1 },
  },
  {
    name: 'all route answers OPTIONS',
    rules: [r('/a', '*')],
    method: 'OPTIONS',
    path: '/a',
    expect: { type: 'route', route: 0 },
  },
  {
    name: 'OPTIONS on unknown path',
    rules: [r('/a')],
    method: 'OPTIONS',
    path: '/b',
    expect: { type: 'not-found' },
  },
  {
    name: '405 with Allow',
    rules: [r('/a', ['DELETE', 'POST', 'GET'])],
    method: 'PUT',
    path: '/a',
    expect: { type: 'method-not-allowed', allow: 'GET, HEAD, POST, DELETE, OPTIONS' },
  },
  {
    name: '405 without GET lists no HEAD',
    rules: [r('/a', ['POST'])],
    method: 'GET',
    path: '/a',
    expect: { type: 'method-not-allowed', allow: 'POST, OPTIONS' },
  },
  {
    name: '405 lists custom methods',
    rules: [r('/a', ['PROPFIND', 'GET'])],
    method: 'PUT',
    path: '/a',
    expect: { type: 'method-not-allowed', allow: 'GET, HEAD, PROPFIND, OPTIONS' },
  },
  {
    name: 'method mismatch keeps searching',
    rules: [r('/users/new'), r('/users/:id', ['DELETE'])],
    method: 'DELETE',
    path: '/users/new',
    expect: { type: 'route', route: 1, params: { id: 'new' } },
  },
  {
    name: '405 unions every matching rule',
    rules: [r('/users/new'), r('/users/:id', ['DELETE'])],
    method: 'PUT',
    path: '/users/new',
    expect: { type: 'method-not-allowed', allow: 'GET, HEAD, DELETE, OPTIONS' },
  },
  {
    name: 'OPTIONS unions every matching rule',
    rules: [r('/users/new', ['POST']), r('/users/:id')],
    method: 'OPTIONS',
    path: '/users/new',
    expect: { type: 'options', allow: 'GET, HEAD, POST, OPTIONS' },
  },
  {
    name: 'converter refusal is not a 405',
    rules: [r('/p/<int:id>', ['POST'])],
    method: 'GET',
    path: '/p/x',
    expect: { type: 'not-found' },
  },
  // strict slashes
  {
    name: 'slash rule redirects',
    rules: [r('/foo/')],
    method: 'GET',
    path: '/foo',
    expect: { type: 'redirect', path: '/foo/' },
  },
  {
    name: 'slash rule with param redirects',
    rules: [r('/u/:id/')],
    method: 'GET',
    path: '/u/1',
    expect: { type: 'redirect', path: '/u/1/' },
  },
  {
    name: 'slash rule matches with slash',
    rules: [r('/u/:id/')],
    method: 'GET',
    path: '/u/1/',
    expect: { type: 'route', route: 0, params: { id: '1' } },
  },
  {
    name: 'no redirect when the path matches',
    rules: [r('/foo/'), r('/:name')],
    method: 'GET',
    path: '/foo',
    expect: { type: 'route', route: 1, params: { name: 'foo' } },
  },
  {
    name: 'no redirect over a 405',
    rules: [r('/foo/'), r('/foo', ['POST'])],
    method: 'GET',
    path: '/foo',
    expect: { type: 'method-not-allowed', allow: 'POST, OPTIONS' },
  },
  {
    name: 'rule without slash is not found with one',
    rules: [r('/foo')],
    method: 'GET',
    path: '/foo/',
    expect: { type: 'not-found' },
  },
  {
    name: 'never throws on a path without a leading slash',
    rules: [r('/foo')],
    method: 'GET',
    path: 'foo',
    expect: { type: 'not-found' },
  },
  {
    name: 'never throws on an empty path',
    rules: [r('/:x')],
    method: 'GET',
    path: '',
    expect: { type: 'not-found' },
  },
]
