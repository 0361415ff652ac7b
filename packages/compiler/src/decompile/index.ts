/**
 * Decompiling: payloads, `wbrules compile` output and saved automations back
 * into `.wbrules` rules, verified by compiling them again; and the normal form
 * `plan` compares automations in.
 *
 * May import: `compile.ts` (to verify), and every other folder.
 */
export * from './action.js';
export * from './ast.js';
export * from './decompile.js';
export * from './entry.js';
export * from './event.js';
export * from './filter.js';
export * from './integration.js';
export * from './json.js';
export * from './names.js';
export * from './normal-form-diff.js';
export * from './normal-form.js';
export * from './report.js';
export * from './saved.js';
export * from './scope.js';
export * from './verify.js';
