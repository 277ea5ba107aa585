// The params of a blueprint's urlPrefix reach its handlers, converted; their types are checked in
// blueprint-params.test-d.ts.
import { App, Blueprint, type PhialRequest } from 'phial'
import { describe, expect, it } from 'vitest'
import { gateways } from './_gateways.ts'
import { expectBody, useGateway } from './parity/_parity.ts'

const JSON_TYPE = 'application/json'

describe.each(gateways)('blueprint prefix params through $name', (gateway) => {
  const serve = useGateway(gateway)

  it('gives every route the converted params of the prefix beside its own', async () => {
    const app = new App()
    const org = new Blueprint('org', { urlPrefix: '/org/<int:org>' })
    org.get('/members/:id', function member(req) {
      return { org: req.params.org, id: req.params.id }
    })
    org.post('', function create(req) {
      return { org: req.params.org }
    })
    app.registerBlueprint(org)
    const served = await serve(app)
    await expectBody(await served.fetch('/org/42/members/ann'), 200, '{"org":42,"id":"ann"}', JSON_TYPE)
    await expectBody(await served.fetch('/org/7', { method: 'POST' }), 200, '{"org":7}', JSON_TYPE)
    const res = await served.fetch('/org/acme/members/ann')
    expect(res.status).toBe(404)
    expect(app.urlFor('org.member', { org: 3, id: 'bo' })).toBe('/org/3/members/bo')
  })

  it("adds a parent blueprint's prefix params at runtime, which a handler declares itself", async () => {
    const app = new App()
    const org = new Blueprint('org', { urlPrefix: '/org/<int:org>' })
    const teams = new Blueprint('teams', { urlPrefix: '/teams/<team>' })
    // The types see the blueprint's own prefix only: the parent's org is declared, optional.
    teams.get('/', function team(req: PhialRequest<{ team: string; org?: number }>) {
      return { org: req.params.org, team: req.params.team }
    })
    org.registerBlueprint(teams)
    app.registerBlueprint(org)
    const served = await serve(app)
    await expectBody(await served.fetch('/org/5/teams/red/'), 200, '{"org":5,"team":"red"}', JSON_TYPE)
  })
})
