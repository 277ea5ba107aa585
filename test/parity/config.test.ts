// Flask's tests/test_config.py (from_prefixed_env, from_mapping, from_object) and the config-driven
// test_basic::test_max_content_length. Flask's UPPER_CASE keys are camelCase in phial.
import { App } from 'phial'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { gateways } from '../_gateways.ts'
import { expectBody, useGateway } from './_parity.ts'

/** An app that answers GET /config with the configuration keys asked for, as JSON. */
function configApp(setup: (app: App) => void): App {
  const app = new App()
  setup(app)
  app.get('/config', (req) => {
    const out: Record<string, unknown> = {}
    for (const key of req.query.getAll('key')) out[key] = req.app.config[key] ?? '(missing)'
    return out
  })
  return app
}

async function configOf(fetch: (path: string) => Promise<Response>, ...keys: string[]) {
  const res = await fetch(`/config?${keys.map((key) => `key=${key}`).join('&')}`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('application/json')
  return (await res.json()) as Record<string, unknown>
}

describe.each(gateways)('test_config through $name', (gateway) => {
  const serve = useGateway(gateway)
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it('loads PHIAL_* variables, parsing JSON values and ignoring other prefixes (test_config_from_prefixed_env)', async () => {
    vi.stubEnv('PHIAL_STRING', 'value')
    vi.stubEnv('PHIAL_BOOL', 'true')
    vi.stubEnv('PHIAL_INT', '1')
    vi.stubEnv('PHIAL_FLOAT', '1.2')
    vi.stubEnv('PHIAL_LIST', '[1, 2]')
    vi.stubEnv('PHIAL_DICT', '{"k": "v"}')
    vi.stubEnv('NOT_PHIAL_OTHER', 'other')
    const served = await serve(configApp((app) => app.config.fromEnv()))
    const config = await configOf(served.fetch, 'string', 'bool', 'int', 'float', 'list', 'dict', 'other')
    expect(config).toEqual({
      string: 'value',
      bool: true,
      int: 1,
      float: 1.2,
      list: [1, 2],
      dict: { k: 'v' },
      other: '(missing)',
    })
  })

  it('loads variables of a custom prefix only (test_config_from_prefixed_env_custom_prefix)', async () => {
    const env = { A_A: 'a', PHIAL_A: 'b' }
    const served = await serve(configApp((app) => app.config.fromEnv('A_', env)))
    expect(await configOf(served.fetch, 'a')).toEqual({ a: 'a' })
  })

  it('nests on "__", merging into existing objects (test_config_from_prefixed_env_nested)', async () => {
    const env = {
      PHIAL_EXIST__OK: 'other',
      PHIAL_EXIST__INNER__IK: '2',
      PHIAL_EXIST__NEW__MORE: '{"k": false}',
      PHIAL_NEW__K: 'v',
    }
    const served = await serve(
      configApp((app) => {
        app.config.fromObject({ exist: { ok: 'value', flag: true, inner: { ik: 1 } } })
        app.config.fromEnv('PHIAL_', env)
      }),
    )
    expect(await configOf(served.fetch, 'exist', 'new')).toEqual({
      exist: { ok: 'other', flag: true, inner: { ik: 2 }, new: { more: { k: false } } },
      new: { k: 'v' },
    })
  })

  it('copies a mapping, later calls overriding earlier ones (test_config_from_mapping)', async () => {
    const served = await serve(
      configApp((app) => {
        app.config.fromObject({ secretKey: 'config', testKey: 'foo' })
        app.config.fromObject({ testKey: 'bar' })
      }),
    )
    // Flask keeps only UPPER_CASE keys; phial's keys are camelCase and all are kept.
    expect(await configOf(served.fetch, 'secretKey', 'testKey')).toEqual({
      secretKey: 'config',
      testKey: 'bar',
    })
  })

  it('copies the fields of an object (test_config_from_object)', async () => {
    class Settings {
      secretKey = 'config'
      testKey = 'foo'
    }
    const served = await serve(configApp((app) => app.config.fromObject({ ...new Settings() })))
    expect(await configOf(served.fetch, 'secretKey', 'testKey')).toEqual({
      secretKey: 'config',
      testKey: 'foo',
    })
  })

  it('reads maxContentLength at request time and answers 413 with its handler (test_max_content_length)', async () => {
    const app = new App()
    app.config.fromObject({ maxContentLength: 64 })
    app.beforeRequest(async (req) => {
      await req.form()
    })
    app.post('/accept', async (req) => (await req.form()).get('myfile') ?? 'none')
    // phial: the handler's 200 takes the error's status, 413; Flask sends 200.
    app.errorHandler(413, () => '42')
    const served = await serve(app)
    const big = new URLSearchParams({ myfile: 'foo'.repeat(100) })
    await expectBody(await served.fetch('/accept', { method: 'POST', body: big }), 413, '42')
    const small = new URLSearchParams({ myfile: 'foo' })
    await expectBody(await served.fetch('/accept', { method: 'POST', body: small }), 200, 'foo')
  })
})
