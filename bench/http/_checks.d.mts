// Types of _checks.mjs, for bench/runtimes/apps.ts.
/** The body limit, 1 MiB, as phial's default `maxContentLength`. */
export declare const LIMIT: number
/** The deepest nesting allowed, as phial's default `maxJsonDepth`. */
export declare const MAX_DEPTH: number
/** Whether a `Content-Type` is `application/json` or `application/*+json`. */
export declare function isJSON(type: string | undefined): boolean
/** Whether the JSON text nests deeper than {@link MAX_DEPTH}. */
export declare function tooDeep(text: string): boolean
/** Whether the parsed value has a `__proto__` or `constructor.prototype` key. */
export declare function poisoned(value: unknown): boolean
