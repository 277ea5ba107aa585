import type { TemplateFunction } from 'phial/eta'

/** Precompiled templates (see `_templates.ts`). */
declare const templates: Record<string, TemplateFunction>
export default templates
