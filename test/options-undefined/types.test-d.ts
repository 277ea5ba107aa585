// Under exactOptionalPropertyTypes (phial's tsconfig and many users'), every option a user passes
// takes an explicit `undefined`: `{ maxAge: remember ? 3600 : undefined }`, `{ root: process.env.X }`.
import {
  type AddRouteOptions,
  App,
  Blueprint,
  type BlueprintOptions,
  type CompressOptions,
  type Converter,
  type CookieOptions,
  type FlashedMessage,
  type FlashedMessagesOptions,
  getFlashedMessages,
  type HTTPErrorOptions,
  type PhialRequest,
  type RegisterOptions,
  type RouteOptions,
  type Router,
  type RuleOptions,
  type ServerSentEvent,
  type SessionOptions,
  type SSEOptions,
  type TestRequestOptions,
  text,
  type UrlForOptions,
} from 'phial'
import { createTemplates, type RenderOptions, type TemplatesOptions } from 'phial/eta'
import type { NodeListenerOptions, ServeOptions } from 'phial/node'
import { type SendFileOptions, type StaticOptions, serveStatic } from 'phial/static'
import { describe, expectTypeOf, it } from 'vitest'
import type { Unset } from './_unset.ts'

/** Not exported by name; users pass it to `new Router()`. */
type RouterOptions = NonNullable<ConstructorParameters<typeof Router>[0]>

declare const req: PhialRequest
declare const remember: boolean

describe('options passed as undefined type-check', () => {
  it('for every option of each options type', () => {
    expectTypeOf<Unset<CookieOptions>>().toExtend<CookieOptions>()
    expectTypeOf<Unset<ServeOptions>>().toExtend<ServeOptions>()
    expectTypeOf<Unset<SendFileOptions>>().toExtend<SendFileOptions>()
    expectTypeOf<Unset<StaticOptions>>().toExtend<StaticOptions>()
    expectTypeOf<Unset<TemplatesOptions>>().toExtend<TemplatesOptions>()
    expectTypeOf<Unset<RenderOptions>>().toExtend<RenderOptions>()
    expectTypeOf<Unset<SSEOptions>>().toExtend<SSEOptions>()
    expectTypeOf<Unset<ServerSentEvent>>().toExtend<ServerSentEvent>()
    expectTypeOf<Unset<CompressOptions>>().toExtend<CompressOptions>()
    expectTypeOf<Unset<FlashedMessagesOptions>>().toExtend<FlashedMessagesOptions>()
    expectTypeOf<Unset<BlueprintOptions>>().toExtend<BlueprintOptions>()
    expectTypeOf<Unset<RegisterOptions>>().toExtend<RegisterOptions>()
    expectTypeOf<Unset<RouterOptions>>().toExtend<RouterOptions>()
    expectTypeOf<Unset<RuleOptions>>().toExtend<RuleOptions>()
    expectTypeOf<Unset<RouteOptions>>().toExtend<RouteOptions>()
    expectTypeOf<Unset<AddRouteOptions>>().toExtend<AddRouteOptions>()
    expectTypeOf<Unset<UrlForOptions>>().toExtend<UrlForOptions>()
    expectTypeOf<Unset<HTTPErrorOptions>>().toExtend<HTTPErrorOptions>()
    expectTypeOf<Unset<SessionOptions>>().toExtend<SessionOptions>()
    expectTypeOf<Unset<TestRequestOptions>>().toExtend<TestRequestOptions>()
    expectTypeOf<Unset<NodeListenerOptions>>().toExtend<NodeListenerOptions>()
    // `format` stays a method, so that a Converter<number> is still a Converter (methods are bivariant).
    expectTypeOf<Unset<Omit<Converter, 'format'>> & Pick<Converter, 'parse'>>().toExtend<Converter>()
  })

  it('in the calls users write', () => {
    text('ok').setCookie('a', '1', { maxAge: remember ? 3600 : undefined })
    text('ok').deleteCookie('a', { domain: process.env.COOKIE_DOMAIN })
    serveStatic(new App(), { root: process.env.STATIC_ROOT })
    const admin = new Blueprint('admin', { urlPrefix: process.env.PREFIX })
    new App().registerBlueprint(admin, { name: process.env.NAME })
    createTemplates({ root: import.meta.dirname }).contextProcessor(() => ({}), { blueprint: process.env.BP })
  })

  it('keeps the overloads and inferred types an absent option gives', () => {
    expectTypeOf(getFlashedMessages(req, { withCategories: undefined })).toEqualTypeOf<string[]>()
    expectTypeOf(getFlashedMessages(req, { categoryFilter: undefined })).toEqualTypeOf<string[]>()
    expectTypeOf(getFlashedMessages(req, { withCategories: true, categoryFilter: undefined })).toEqualTypeOf<
      FlashedMessage[]
    >()
    // req.params as when the option is left out; partial when it may be undefined.
    const app = new App({ serverName: 'example.com' })
    app.get('/users/<int:id>', { defaults: undefined, subdomain: undefined }, (r) => {
      expectTypeOf(r.params).toEqualTypeOf<{ id: number }>()
    })
    app.get('/users/', { defaults: { page: 1 }, subdomain: undefined }, (r) => {
      expectTypeOf(r.params).toEqualTypeOf<{ page: number }>()
    })
    app.get('/users/', { defaults: remember ? { page: 1 } : undefined }, (r) => {
      expectTypeOf(r.params).toEqualTypeOf<{ page?: number }>()
    })
    app.get('/', { subdomain: '<user>', defaults: undefined }, (r) => {
      expectTypeOf(r.params).toEqualTypeOf<{ user: string }>()
    })
    app.get('/', { subdomain: remember ? '<user>' : undefined }, (r) => {
      expectTypeOf(r.params).toEqualTypeOf<{ user?: string }>()
    })
    app.get('/', { subdomain: process.env.SUBDOMAIN }, (r) => {
      expectTypeOf(r.params).toEqualTypeOf<{}>()
    })
  })
})
