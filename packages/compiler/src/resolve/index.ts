/**
 * Name resolution: binds each rule to its scope and its integration
 * declaration, derives the names of unnamed rules, suggests names for typos,
 * and reads ID maps.
 *
 * May import: `model/`, `json/` and `@wbrules/dsl`.
 */
export * from './derive-name.js';
export * from './did-you-mean.js';
export * from './id-map.js';
export * from './name-rules.js';
export * from './resolve.js';
