/**
 * The compiler's model of W&B: the public types (`types.ts`), event kinds and
 * the wire-level event/action table, scopes, the filter model, filter fields,
 * integration targets, webhook template variables, and where a decoded string
 * character sits in the source.
 *
 * Owns: the facts every phase reads. May import: `json/` and `@wbrules/dsl`.
 */
export * from './alert-severity.js';
export * from './compile-entry.js';
export * from './event-kinds.js';
export * from './filter-fields.js';
export * from './filter-model.js';
export * from './integration-target.js';
export * from './scope-model.js';
export * from './string-offsets.js';
export * from './template-variables.js';
export * from './types.js';
export * from './wire-events.js';
