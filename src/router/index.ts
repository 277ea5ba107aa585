/**
 * phial's router: path-to-regexp and Flask rule syntax, converters, a compiled lookup and URL building.
 * @module
 */
export {
  type Converter,
  type ConverterArgs,
  type ConverterDefinition,
  defaultConverters,
} from './converters.ts'
export { Router, type RouterOptions } from './router.ts'
export type { Match, ParamsOf, Rule, RuleOptions } from './types.ts'
