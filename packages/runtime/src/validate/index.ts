/**
 * `validate/`: offline payload validation, also published on its own as
 * `@wbrules/runtime/validate` so that a browser can run it. A
 * `CreateFilterTriggerInput` or `UpdateFilterTriggerInput` is coerced
 * against the schema's input types, and the JSON strings inside it (the
 * event filter, the run filter, a webhook payload) are checked the way the
 * wandb SDK parses them; every problem is located by its JSON path.
 *
 * May import: `schema/`, `graphql`, `@wbrules/compiler` and `@wbrules/dsl`.
 * Nothing from `client/` or `plan/`, and no `node:` module (a test bundles
 * this folder for the browser and runs it without Node's globals).
 */

export { formatJsonPath, type JsonPath, type PathSegment } from './json-path.js';
export { type PayloadKind, type ValidateOptions, type ValidationResult, validate } from './validate.js';
export type { ValidationProblem } from './validation-problems.js';
