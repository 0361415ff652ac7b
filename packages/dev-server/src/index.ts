/**
 * `@wbrules/dev-server`: a local server that speaks W&B's GraphQL for the
 * automation API, for trying wbrules and testing against it without an
 * account (what `wbrules dev-server` runs). It keeps automations as W&B
 * does and answers as W&B does where the spec says how, but never runs
 * them. A test double of W&B, so it is not part of `@wbrules/runtime`; it
 * uses the runtime's schema and validator. Node only.
 *
 *   server.ts          `startDevServer`: HTTP, auth, the request log, faults
 *   request-limits.ts  how much one request may ask: size, depth, aliases
 *   resolvers.ts       the schema's fields over a store
 *   store.ts           the state and the rules W&B applies when it changes
 *   data.ts            the state's records (the `--data` file's layout)
 *   seed.ts            a store from a seed fixture (`--seed`)
 *   state-file.ts      a store from `--data` and `--seed`
 *   profiles.ts        capability profiles: the W&B server it pretends to be
 *   data-lock.ts       one server per data file
 *   faults.ts          injected failures (`--faults`)
 *   relay-id.ts        W&B-looking base64 IDs and cursors
 *   python-json.ts     JSON strings spelled as W&B hands them back
 */

export { dataFormat, type DevData } from './data.js';
export { type DataLock, DataFileInUseError, lockDataFile } from './data-lock.js';
export {
  FaultInjector,
  type FaultKind,
  faultKinds,
  type FaultOptions,
  FaultSpecError,
  parseFaults,
} from './faults.js';
export {
  type ProfileName,
  profileDocument,
  profileNamed,
  profileNames,
  profileSchema,
  profiles,
  refusal,
  type ServerProfile,
  serverInfoOf,
} from './profiles.js';
export { pythonFloatRepr, pythonJsonDumps } from './python-json.js';
export { defaultRequestLimits, type RequestLimits } from './request-limits.js';
export { defaultApiKey, SeedError, storeFromSeed } from './seed.js';
export { type DevServerOptions, type RunningDevServer, startDevServer } from './server.js';
export { openDevStore, type OpenDevStoreOptions, type OpenedStore, type StoreOrigin } from './state-file.js';
export { DevServerError, DevStore, type DevStoreOptions } from './store.js';
