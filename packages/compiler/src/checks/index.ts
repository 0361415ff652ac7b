/**
 * The checks: one rule per file, each opening with its one-sentence
 * invariant, run together by one driver (`check.ts`, `all-checks.ts`).
 *
 * May import: `lower/` (to check what lowering will spell), `resolve/`,
 * `model/`, `json/` and `@wbrules/dsl`.
 */
export * from './all-checks.js';
export * from './automation-name.js';
export * from './change-aggregation.js';
export * from './change-amount.js';
export * from './check.js';
export * from './event-scope.js';
export * from './filter-fields.js';
export * from './filter-operands.js';
export * from './filter-regex.js';
export * from './integration-use.js';
export * from './metric-comparator.js';
export * from './number-range.js';
export * from './payload-keys.js';
export * from './payload-templates.js';
export * from './rule-scope.js';
export * from './run-states.js';
export * from './scope-path.js';
export * from './slack-severity.js';
export * from './unused-integration.js';
export * from './window-size.js';
export * from './zscore-reach.js';
export * from './zscore-threshold.js';
