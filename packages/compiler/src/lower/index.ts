/**
 * Lowering: a resolved rule to the exact `CreateFilterTriggerInput` the W&B
 * SDK sends (event filter, action config, webhook payload), spelled byte for
 * byte.
 *
 * May import: `resolve/`, `model/`, `json/` and `@wbrules/dsl`.
 */
export * from './action.js';
export * from './event.js';
export * from './filter.js';
export * from './payload.js';
export * from './rule.js';
