/** Cloudflare Workers: a module Worker's default export has `fetch(request, env, ctx)`; the app is one. */
export { app as default } from '../app.ts'
