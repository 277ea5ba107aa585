/**
 * phial: Flask for TypeScript. One `App`, routes by method calls or decorators, blueprints, and
 * every gateway: `app.fetch` for Bun, Deno and Workers; `phial/node` for Node, Express and Connect.
 *
 * @packageDocumentation
 */
export { App, type ServerHandle } from './app.ts'
export { Blueprint, type BlueprintOptions, type BlueprintSetup, type RegisterOptions } from './blueprint.ts'
export { type CompressOptions, type Encoding, isCompressible } from './compression.ts'
export { Config } from './config.ts'
export { type CookieOptions, serializeCookie } from './cookies.ts'
export {
  abort,
  BadRequest,
  Conflict,
  ContentTooLarge,
  createHTTPError,
  Forbidden,
  Gone,
  HTTPError,
  type HTTPErrorClass,
  type HTTPErrorOptions,
  InternalServerError,
  isHTTPError,
  isHTTPErrorClass,
  MethodNotAllowed,
  NotAcceptable,
  NotFound,
  PhialError,
  ServiceUnavailable,
  STATUS_TEXT,
  TooManyRequests,
  Unauthorized,
  UnprocessableContent,
  UnsupportedMediaType,
} from './errors.ts'
export { type FlashedMessage, type FlashedMessagesOptions, flash, getFlashedMessages } from './flash.ts'
export { type Multipart, type MultipartLimits, parseMultipart } from './multipart.ts'
export { acceptedTypes, negotiateEncoding, negotiateType } from './negotiation.ts'
export { PhialRequest } from './request.ts'
export {
  escapeHTML,
  type HeadersInit,
  html,
  json,
  PhialResponse,
  type ResponseBody,
  redirect,
  text,
} from './response.ts'
export {
  type Converter,
  type ConverterArgs,
  type ConverterDefinition,
  defaultConverters,
  type Match,
  type ParamsOf,
  Router,
  type Rule,
  type RuleOptions,
} from './router/index.ts'
export type {
  AfterHook,
  BeforeHook,
  ErrorClass,
  ErrorHandlerFn,
  TeardownHook,
  UrlDefaults,
  UrlValuePreprocessor,
} from './scaffold.ts'
export {
  NullSession,
  Session,
  type SessionData,
  type SessionInterface,
  type SessionOptions,
  sessionCookieOptions,
  varyOnCookie,
} from './sessions.ts'
export { SignedCookieSessionInterface } from './signed-cookie-sessions.ts'
export { formatEvent, type ServerSentEvent, type SSEOptions, sse } from './sse.ts'
export { TestClient, type TestRequestOptions, type TestResponse } from './test-client.ts'
export { makeResponse, toResponse } from './to-response.ts'
export type {
  AddRouteOptions,
  AppOptions,
  ExecutionContext,
  Handler,
  Logger,
  MethodHandler,
  RouteDecorator,
  Routed,
  RouteOptions,
  RouteRegistrar,
} from './types.ts'
export {
  type StoredUpload,
  toBasename,
  UploadedFile,
  UploadedFiles,
  type UploadSink,
  type UploadStore,
} from './upload-file.ts'
export type { UrlForOptions } from './url-for.ts'
export { MethodView, View, type ViewHandler } from './views.ts'
