/**
 * `schema/`: the W&B GraphQL schema wbrules knows. `schema/wandb.graphql`
 * (the spec's SDL plus the few fields wbrules needs) as a constant, and the
 * `GraphQLSchema` built from it. The validator coerces payloads against its
 * input types, the tests check every document the client sends against it,
 * and the local server (`@wbrules/dev-server`) executes it.
 *
 * May import: `graphql`. Nothing from the other folders, and no `node:`
 * module: it is part of the browser-safe `@wbrules/runtime/validate`.
 */

export { wandbSchema } from './wandb-schema.js';
export { wandbSchemaSdl } from './wandb-schema-sdl.js';
