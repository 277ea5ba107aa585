/**
 * The conformance app's templates, as sources. `_templates.gen.js` is what `precompileTemplates`
 * makes of them (Workers forbid compiling at run time); `runtimes.test.ts` checks it is up to date.
 * Regenerate: `npx tsx --conditions=phial-source test/runtimes/_templates.ts`.
 */
export const TEMPLATE_SOURCES: Record<string, string> = {
  'layout.eta': '<main><%~ it.body %></main>',
  'hello.eta': '<% layout("layout") %><p>Hello, <%= it.name %>, from <%= it.where %></p>',
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { writeFileSync } = await import('node:fs')
  const { precompileTemplates } = await import('phial/eta')
  writeFileSync(new URL('./_templates.gen.js', import.meta.url), precompileTemplates(TEMPLATE_SOURCES))
}
