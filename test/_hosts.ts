/**
 * The Fastify and Koa mounting recipes of docs/request-response.md#mounting-in-fastify-and-koa, in one
 * place for the tests that use them (test/adapters/hosts.test.ts and the runtime matrix).
 */
import Fastify, { type FastifyInstance } from 'fastify'
import Koa from 'koa'
import type { NodeListener } from 'phial/node'

type Mounted = { baseUrl?: string; url?: string | undefined }

/** Points a raw request at phial under `prefix`: phial routes on the rest, `baseUrl` is its root. */
function remount(raw: Mounted, prefix: string): void {
  raw.baseUrl = prefix
  raw.url = raw.url?.slice(prefix.length) || '/'
}

/** Fastify 5 with phial under `prefix`; every body is left to phial (no Fastify parser reads it). */
export async function createFastifyHost(listener: NodeListener, prefix: string): Promise<FastifyInstance> {
  const fastify = Fastify()
  await fastify.register(
    async (scope) => {
      scope.removeAllContentTypeParsers()
      scope.addContentTypeParser('*', (_req, _payload, done) => done(null))
      scope.all('/*', (request, reply) => {
        reply.hijack()
        remount(request.raw as Mounted, prefix)
        listener(request.raw, reply.raw)
      })
    },
    { prefix },
  )
  return fastify
}

/** Koa 3 with phial under `prefix`; phial writes the response itself (`ctx.respond = false`). */
export function createKoaHost(listener: NodeListener, prefix: string): Koa {
  const koa = new Koa()
  koa.use(async (ctx, next) => {
    if (ctx.path !== prefix && !ctx.path.startsWith(`${prefix}/`)) return next()
    ctx.respond = false
    remount(ctx.req as Mounted, prefix)
    listener(ctx.req, ctx.res)
  })
  return koa
}
