/**
 * The exact-JSON model: JSON text parsed with its key order, number
 * spellings (`1` vs `1.0`) and duplicate keys kept, and spelled back byte for
 * byte as the W&B SDK spells it; number spelling for the language's numbers.
 *
 * Owns: `json-text.ts` (values, parse, stringify), `number-spelling.ts`.
 * May import: `@wbrules/dsl` only (no other folder of the compiler).
 */
export * from './json-text.js';
export * from './number-spelling.js';
