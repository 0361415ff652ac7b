/**
 * `@wbrules/runtime`: where compiled rules meet a W&B server. Offline
 * payload validation, a GraphQL client for W&B (or the local server),
 * name-to-ID resolution, and a W&B-compatible local server. Owns network,
 * files and credentials; Node only.
 */

// Validation
export { formatJsonPath, type JsonPath, type PathSegment } from './json-path.js';
export { type PayloadKind, type ValidateOptions, type ValidationResult, validate } from './validate.js';
export type { ValidationProblem } from './validation-problems.js';

// Schema and documents
export { wandbSchema } from './schema.js';
export { wandbSchemaSdl } from './schema-sdl.js';
export {
  allOperations,
  artifactCollectionNames,
  collectionScopeLookup,
  createAutomation,
  createGenericWebhookIntegration,
  deleteAutomation,
  entityProjectNames,
  entityScopeLookup,
  getEntityAutomations,
  getOrgAutomations,
  type GraphQLOperation,
  integrationsByEntity,
  orgScopeLookup,
  projectScopeLookup,
  registryScopeLookup,
  sdkOperations,
  updateAutomation,
} from './documents.js';

// Client
export {
  type Connection,
  type ConnectionOptions,
  defaultBaseUrl,
  isLoopback,
  type KeySource,
  resolveConnection,
} from './connection.js';
export { type NetrcEntry, netrcPassword, parseNetrc } from './netrc.js';
export {
  AuthError,
  ClientConfigError,
  ConflictError,
  GraphQLResponseError,
  HttpStatusError,
  NetworkError,
  NotFoundError,
  ProtocolError,
  WandbClientError,
} from './client-errors.js';
export { type ClientStats, GraphQLClient, type GraphQLClientOptions, type SentRequest } from './graphql-client.js';
export {
  backoffDelay,
  defaultRetryPolicy,
  isRetryableStatus,
  parseRetryAfter,
  type RetryPolicy,
} from './retry-policy.js';
export { basicAuthorization, redacted, redactor } from './redact.js';
export {
  type CollectionLookup,
  type EntityNode,
  type IntegrationNode,
  type NamedNode,
  type RegistryLookup,
  type SavedTrigger,
  WandbApi,
  type WandbApiOptions,
} from './wandb-api.js';

// Resolution
export { resolveIds, type ResolveIdsOptions, type ResolveIdsResult } from './resolve-ids.js';

// Local server
export { type DevServerOptions, type RunningDevServer, startDevServer } from './dev-server.js';
export { DevServerError, DevStore, type DevStoreOptions } from './dev-store.js';
export { dataFormat, type DevData } from './dev-data.js';
export { defaultApiKey, SeedError, storeFromSeed } from './dev-seed.js';
export { openDevStore, type OpenDevStoreOptions, type OpenedStore, type StoreOrigin } from './dev-state-file.js';
export { pythonFloatRepr, pythonJsonDumps } from './python-json.js';
