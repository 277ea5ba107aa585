import { PhialError } from 'phial'
import { Cache, MemoryStore } from 'phial/cache'
import { describe, expect, it } from 'vitest'
import { FlakyStore, recordingLogger, sleep } from './_cache.ts'

describe('Cache: values by key', () => {
  it('stores JSON values and gives back what JSON gives back', async () => {
    const cache = new Cache()
    await cache.set('n', 42)
    await cache.set('obj', { a: [1, 'two', null], d: new Date(0) })
    await cache.set('null', null)
    expect(await cache.get('n')).toBe(42)
    expect(await cache.get('obj')).toEqual({ a: [1, 'two', null], d: '1970-01-01T00:00:00.000Z' })
    expect(await cache.get('null')).toBeNull()
    expect(await cache.has('null')).toBe(true)
    expect(await cache.get('missing')).toBeUndefined()
    expect(await cache.has('missing')).toBe(false)
  })

  it('gives each get its own copy: changing what came back changes nothing stored', async () => {
    const cache = new Cache()
    await cache.set('list', [1, 2])
    const first = (await cache.get<number[]>('list')) as number[]
    first.push(3)
    expect(await cache.get('list')).toEqual([1, 2])
  })

  it('refuses undefined and values with no JSON form, naming the key', async () => {
    const cache = new Cache()
    await expect(cache.set('u', undefined)).rejects.toThrow(/"u": undefined cannot be cached .*use null/)
    await expect(cache.set('big', 10n)).rejects.toThrow(PhialError)
    await expect(cache.set('f', () => 1)).rejects.toThrow(/"f": the value cannot be stored as JSON/)
    const loop: Record<string, unknown> = {}
    loop.self = loop
    await expect(cache.set('loop', loop)).rejects.toThrow(/"loop"/)
  })

  it('expires a value after its timeout, and keeps one with timeout 0', async () => {
    const cache = new Cache({ defaultTimeout: 0.05 })
    await cache.set('short', 'a')
    await cache.set('forever', 'b', { timeout: 0 })
    await cache.set('long', 'c', { timeout: 60 })
    expect(await cache.get('short')).toBe('a')
    await sleep(80)
    expect(await cache.get('short')).toBeUndefined()
    expect(await cache.get('forever')).toBe('b')
    expect(await cache.get('long')).toBe('c')
  })

  it('add() stores only when the key has no value (an expired one counts as none)', async () => {
    const cache = new Cache()
    expect(await cache.add('k', 1, { timeout: 0.03 })).toBe(true)
    expect(await cache.add('k', 2)).toBe(false)
    expect(await cache.get('k')).toBe(1)
    await sleep(50)
    expect(await cache.add('k', 3)).toBe(true)
    expect(await cache.get('k')).toBe(3)
  })

  it('replace() stores only when the key has a value', async () => {
    const cache = new Cache()
    expect(await cache.replace('k', 1)).toBe(false)
    expect(await cache.has('k')).toBe(false)
    await cache.set('k', 1)
    expect(await cache.replace('k', 2)).toBe(true)
    expect(await cache.get('k')).toBe(2)
  })

  it('delete() says whether there was a value', async () => {
    const cache = new Cache()
    await cache.set('k', 1)
    expect(await cache.delete('k')).toBe(true)
    expect(await cache.delete('k')).toBe(false)
    expect(await cache.get('k')).toBeUndefined()
  })

  it('keyPrefix separates caches sharing a store, and clear() removes only its own keys', async () => {
    const store = new MemoryStore()
    const blog = new Cache({ store, keyPrefix: 'blog:' })
    const shop = new Cache({ store, keyPrefix: 'shop:' })
    await blog.set('home', 'blog home')
    await shop.set('home', 'shop home')
    expect(await blog.get('home')).toBe('blog home')
    expect(store.get('shop:home')).toBe('"shop home"')
    await blog.clear()
    expect(await blog.get('home')).toBeUndefined()
    expect(await shop.get('home')).toBe('shop home')
  })

  it('reads a value another program wrote under the key as a miss, not an error', async () => {
    const store = new MemoryStore()
    store.set('k', 'not json {', 0)
    expect(await new Cache({ store }).get('k')).toBeUndefined()
  })

  it('refuses a negative, infinite or non-number timeout', () => {
    expect(() => new Cache({ defaultTimeout: -1 })).toThrow(RangeError)
    expect(() => new Cache({ storeTimeout: Number.POSITIVE_INFINITY })).toThrow(/storeTimeout/)
    expect(() => new Cache({ defaultTimeout: Number.NaN })).toThrow(/defaultTimeout must be a finite number/)
    return expect(new Cache().set('k', 1, { timeout: -5 })).rejects.toThrow(/timeout must be/)
  })
})

describe('MemoryStore', () => {
  it('keeps at most maxEntries, dropping the least recently used', async () => {
    const store = new MemoryStore({ maxEntries: 3 })
    const cache = new Cache({ store })
    for (const key of ['a', 'b', 'c']) await cache.set(key, key)
    expect(await cache.get('a')).toBe('a') // a is now the most recently used
    await cache.set('d', 'd')
    expect(store.size).toBe(3)
    expect(await cache.get('b')).toBeUndefined()
    expect(await cache.get('a')).toBe('a')
    expect(await cache.get('c')).toBe('c')
    expect(await cache.get('d')).toBe('d')
  })

  it('refuses a maxEntries that is not a positive integer', () => {
    expect(() => new MemoryStore({ maxEntries: 0 })).toThrow(/maxEntries must be a positive integer/)
    expect(() => new MemoryStore({ maxEntries: 1.5 })).toThrow(RangeError)
  })
})

describe('Cache.getOrSet and memoize', () => {
  it('computes once, then answers from the cache; concurrent callers share one computation', async () => {
    const cache = new Cache()
    let runs = 0
    const compute = async () => {
      runs++
      await sleep(20)
      return { n: runs }
    }
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => cache.getOrSet('k', compute)))
    expect([a, b, c]).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }])
    expect(await cache.getOrSet('k', compute)).toEqual({ n: 1 })
    expect(runs).toBe(1)
  })

  it('does not store undefined, and lets compute() errors through without storing', async () => {
    const cache = new Cache()
    expect(await cache.getOrSet('u', () => undefined)).toBeUndefined()
    expect(await cache.has('u')).toBe(false)
    await expect(cache.getOrSet('e', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down')
    expect(await cache.getOrSet('e', () => 'ok now')).toBe('ok now')
  })

  it('works without the store when it fails, and logs why', async () => {
    const store = new FlakyStore()
    const { lines, logger } = recordingLogger()
    const cache = new Cache({ store, logger })
    store.mode = 'fail'
    expect(await cache.getOrSet('k', () => 'computed')).toBe('computed')
    expect(lines).toEqual([
      'warn: phial cache: could not read "k", working without the cache: store is down',
      'warn: phial cache: could not write "k", working without the cache: store is down',
    ])
    await expect(cache.get('k')).rejects.toThrow('store is down') // a direct call lets the caller decide
  })

  it('gives up on a store that hangs after storeTimeout', async () => {
    const store = new FlakyStore()
    const { lines, logger } = recordingLogger()
    const cache = new Cache({ store, logger, storeTimeout: 50 })
    store.mode = 'hang'
    const started = Date.now()
    expect(await cache.getOrSet('k', () => 'computed')).toBe('computed')
    expect(Date.now() - started).toBeLessThan(1000)
    expect(lines[0]).toMatch(/could not read "k".*did not answer get "k" within 50 ms/)
    await expect(cache.set('k', 1)).rejects.toThrow(/did not answer set "k" within 50 ms/)
  })

  it('memoize keys results by the function name and arguments, and forget() drops one', async () => {
    const cache = new Cache()
    const seen: number[] = []
    const squared = cache.memoize(async function square(n: number) {
      seen.push(n)
      return n * n
    })
    expect(squared.name).toBe('square')
    expect(await squared(3)).toBe(9)
    expect(await squared(3)).toBe(9)
    expect(await squared(4)).toBe(16)
    expect(seen).toEqual([3, 4])
    expect(await cache.get('memoize:square:[3]')).toBe(9)
    expect(await squared.forget(3)).toBe(true)
    expect(await squared(3)).toBe(9)
    expect(seen).toEqual([3, 4, 3])
  })

  it('refuses a second function under a name already memoized', () => {
    const cache = new Cache()
    cache.memoize(function load() {
      return 1
    })
    expect(() =>
      cache.memoize(function load() {
        return 2
      }),
    ).toThrow(/"load" is memoized already; give this one \{ name/)
    expect(() => new Cache().memoize(function load() {})).not.toThrow() // another cache, other keys
  })

  it('gives back what get() would on a miss too, and each concurrent caller its own copy', async () => {
    const cache = new Cache()
    const day = cache.memoize(async function day(n: number) {
      return { at: new Date(n * 86_400_000), list: [n] }
    })
    const [a, b] = await Promise.all([day(1), day(1)])
    expect(a).toEqual({ at: '1970-01-02T00:00:00.000Z', list: [1] }) // as JSON gives it, miss or hit
    expect(a).not.toBe(b)
    a.list.push(2)
    expect(b.list).toEqual([1])
    expect(await day(1)).toEqual({ at: '1970-01-02T00:00:00.000Z', list: [1] })
  })

  it('keys arguments JSON would merge apart, and refuses those it cannot tell apart', async () => {
    const cache = new Cache()
    const count = cache.memoize(async function echo(...args: unknown[]) {
      return args.length
    })
    expect(await count(null)).toBe(1)
    expect(await count(undefined)).toBe(1)
    expect(await count()).toBe(0) // not the [null] or [undefined] call
    expect(await cache.has('memoize:echo:[null]')).toBe(true)
    await expect(count(new Map([['a', 1]]))).rejects.toThrow(
      /"echo": an argument cannot be part of a key: a Map/,
    )
    await expect(count(Number.NaN)).rejects.toThrow(/NaN is not a JSON number/)
  })

  it('lets programming errors through instead of logging them as store failures', async () => {
    const { lines, logger } = recordingLogger()
    const cache = new Cache({ logger })
    expect(() => cache.memoize(function late() {}, { timeout: -5 })).toThrow(
      /timeout must be a finite number/,
    )
    await expect(cache.getOrSet('big', () => 10n)).rejects.toThrow(
      /"big": the value cannot be stored as JSON/,
    )
    expect(lines).toEqual([])
  })

  it('refuses a key with a lone surrogate, which Redis and Memcached would store as U+FFFD', async () => {
    const cache = new Cache()
    await expect(cache.set('user:\ud800', 1)).rejects.toThrow(/lone surrogate/)
    await cache.set('user:\ud83d\ude00', 1) // a whole pair is fine
    expect(await cache.get('user:\ud83d\ude00')).toBe(1)
  })

  it('bounds a store that answers with a thenable, not a Promise', async () => {
    class ThenableStore extends MemoryStore {
      // biome-ignore lint/suspicious/noThenProperty: a store may answer with any thenable; this one never settles
      override get = () => ({ then() {} }) as never
    }
    const cache = new Cache({ store: new ThenableStore(), storeTimeout: 30 })
    await expect(cache.get('k')).rejects.toThrow(/did not answer get "k" within 30 ms/)
  })

  it('memoize needs a name for an anonymous function', () => {
    const cache = new Cache()
    expect(() => cache.memoize(((n: number) => n) as never, { name: '' })).toThrow(/needs a name/)
    const named = cache.memoize((n: number) => n + 1, { name: 'inc' })
    return expect(named(1)).resolves.toBe(2)
  })
})
