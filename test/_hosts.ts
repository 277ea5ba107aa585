/**
 * The Fastify and Koa mounting recipes of docs/request-response.md#mounting-in-fastify-and-koa, in one
 * place for the tests that use them (test/adapters/hosts.test.ts, test/adapters/reuse-and-targets.test.ts
 * and the runtime matrix).
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import Koa from 'koa'
import { type NodeListener, stripPrefix } from 'phial/node'

/** Fastify 5 with phial under `prefix`; every body is left to phial (no Fastify parser reads it). */
export async function createFastifyHost(listener: NodeListener, prefix: string): Promise<FastifyInstance> {
  const fastify = Fastify()
  await fastify.register(
    async (scope) => {
      scope.removeAllContentTypeParsers()
      scope.addContentTypeParser('*', (_req, _payload, done) => done(null))
      const toPhial = (request: FastifyRequest, reply: FastifyReply) => {
        reply.hijack()
        stripPrefix(request.raw, prefix)
        listener(request.raw, reply.raw)
      }
      scope.all('/', toPhial) // the prefix itself, with and without its slash
      scope.all('/*', toPhial)
    },
    { prefix },
  )
  return fastify
}

/** Koa 3 with phial under `prefix`; phial writes the response itself (`ctx.respond = false`). */
export function createKoaHost(listener: NodeListener, prefix: string): Koa {
  const koa = new Koa()
  koa.use(async (ctx, next) => {
    if (!stripPrefix(ctx.req, prefix)) return next()
    ctx.respond = false
    listener(ctx.req, ctx.res)
  })
  return koa
}
