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
  entityAutomationsWithScopes,
  entityProjectNames,
  entityScopeLookup,
  getEntityAutomations,
  getOrgAutomations,
  type GraphQLOperation,
  integrationsByEntity,
  operation,
  orgAutomationsWithScopes,
  orgScopeLookup,
  projectScopeLookup,
  registryScopeLookup,
  sdkOperations,
  updateAutomation,
} from './documents.js';

// Client
export {
  type BaseUrlSource,
  type Connection,
  type ConnectionOptions,
  defaultBaseUrl,
  isLoopback,
  type KeySource,
  resolveConnection,
} from './connection.js';
export { type NetrcEntry, netrcPassword, parseNetrc } from './netrc.js';
export { type ProxySetting, proxyFetch, proxyFromEnvironment, proxyLabel } from './proxy.js';
export { iniValue, wandbSettingsPath } from './wandb-settings.js';
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
export {
  type ClientStats,
  GraphQLClient,
  type GraphQLClientOptions,
  type GraphQLErrorEntry,
  type PartialResponse,
  type SentRequest,
} from './graphql-client.js';
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
  type ListedTrigger,
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

// Plan, apply, pull
export {
  type ComputedPlan,
  type ComputePlanOptions,
  computePlan,
  type DesiredAutomation,
  type ExistingAutomation,
  fingerprintOf,
  identityKey,
  type Plan,
  type PlanChange,
  type PlanCreate,
  type PlanDelete,
  type PlanEntry,
  planFormat,
  type PlanScope,
  type PlanSummary,
  type PlanUnmanaged,
  type PlanUpdate,
  sameAutomation,
  savedIdentity,
  savedScopeType,
  scopeText,
  type SourcePlace,
  stalePlanReasons,
  updateInput,
} from './plan.js';
export { readPlanFile, PlanFileError } from './plan-file.js';
export {
  listEntities,
  type ListedInEntity,
  makePlan,
  type MakePlanOptions,
  type MakePlanResult,
  sha256,
} from './make-plan.js';
export { batchRequest, type MutationOp, type MutationOutcome, sendBatch } from './batch.js';
export {
  type AppliedChange,
  type ApplyOptions,
  type ApplyResult,
  applyPlan,
  defaultBatchSize,
  type FailedChange,
} from './apply.js';
export {
  type PulledFile,
  pullAutomations,
  PullError,
  pullFilePath,
  type PullOptions,
  type PullResult,
  type SkippedAutomation,
} from './pull.js';
export { type ListedScopeContext, type ListedScopeName, listedScopeName } from './listed-scope.js';
export { mapLimit } from './map-limit.js';
export {
  FaultInjector,
  type FaultKind,
  faultKinds,
  type FaultOptions,
  FaultSpecError,
  parseFaults,
} from './dev-faults.js';
