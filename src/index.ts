/**
 * phial: Flask for TypeScript. One `App`, routes by method calls or decorators, blueprints, and
 * every gateway: `app.fetch` for Bun, Deno and Workers; `phial/node` for Node, Express and Connect.
 *
 * @packageDocumentation
 */
export { type AddRouteOptions, App, type ServerHandle } from './app.ts'
export { Blueprint, type BlueprintOptions, type BlueprintSetup, type RegisterOptions } from './blueprint.ts'
export { abort, HTTPError, type HTTPErrorOptions, isHTTPError, PhialError, STATUS_TEXT } from './errors.ts'
export { type ExecutionContext, PhialRequest } from './request.ts'
export {
  type CookieOptions,
  escapeHTML,
  type HeadersInit,
  html,
  json,
  makeResponse,
  PhialResponse,
  type ResponseBody,
  redirect,
  serializeCookie,
  text,
  toResponse,
} from './response.ts'
export {
  type Converter,
  type ConverterArgs,
  type ConverterDefinition,
  defaultConverters,
  type ParamsOf,
  Router,
} from './router/index.ts'
export type {
  AfterHook,
  BeforeHook,
  ErrorClass,
  ErrorHandlerFn,
  TeardownHook,
} from './scaffold.ts'
export { TestClient, type TestRequestOptions } from './test-client.ts'
export type {
  AppConfig,
  AppOptions,
  Handler,
  Logger,
  MethodHandler,
  RouteDecorator,
  RouteOptions,
  RouteRegistrar,
} from './types.ts'
export type { UrlForOptions } from './url-for.ts'
