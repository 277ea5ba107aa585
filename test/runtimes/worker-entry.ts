/** The conformance app as a Cloudflare module Worker: workerd calls `fetch(request, env, ctx)`. */
import { createConformanceApp } from './_app.ts'

export default createConformanceApp('workerd')
