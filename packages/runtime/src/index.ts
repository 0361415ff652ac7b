/**
 * `@wbrules/runtime`: where compiled rules meet a W&B server. Owns network,
 * files and credentials; Node only, except `validate/`, which is also
 * published alone as the browser-safe `@wbrules/runtime/validate`. The
 * W&B-compatible local server is its own package, `@wbrules/dev-server`.
 *
 * The folders, each owning one concern; imports point one way, down this
 * list (a test checks it):
 *
 *   plan/      resolving names to IDs, plan, apply, pull
 *   client/    connection settings, the GraphQL transport, W&B's API
 *   validate/  offline payload validation
 *   schema/    the W&B GraphQL schema
 *   files/     atomic file writes
 *
 * (`client/` and `validate/` do not import each other; `files/` imports
 * none of the others.)
 */

// Validation
export {
  formatJsonPath,
  type JsonPath,
  type PathSegment,
  type PayloadKind,
  type ValidateOptions,
  type ValidationProblem,
  type ValidationResult,
  validate,
} from './validate/index.js';

// Schema
export { wandbSchema, wandbSchemaSdl } from './schema/index.js';

// Client: connection settings, transport, documents, API
export {
  AuthError,
  allOperations,
  artifactCollectionNames,
  type BaseUrlSource,
  backoffDelay,
  basicAuthorization,
  batchRequest,
  ClientConfigError,
  type ClientStats,
  type CollectionLookup,
  ConflictError,
  type Connection,
  type ConnectionOptions,
  collectionScopeLookup,
  createAutomation,
  createGenericWebhookIntegration,
  defaultBaseUrl,
  defaultRetryPolicy,
  deleteAutomation,
  type EntityNode,
  entityAutomationsWithScopes,
  entityProjectNames,
  entityScopeLookup,
  GraphQLClient,
  type GraphQLClientOptions,
  type GraphQLErrorEntry,
  type GraphQLOperation,
  GraphQLResponseError,
  getEntityAutomations,
  getOrgAutomations,
  HttpStatusError,
  type IntegrationNode,
  iniValue,
  integrationsByEntity,
  isLoopback,
  isRetryableStatus,
  type KeySource,
  type ListedTrigger,
  minimumKeyLength,
  type MutationOp,
  type MutationOutcome,
  type NamedNode,
  type NetrcEntry,
  NetworkError,
  NotFoundError,
  netrcPassword,
  operation,
  orgAutomationsWithScopes,
  orgScopeLookup,
  type PartialResponse,
  ProtocolError,
  type ProxySetting,
  parseNetrc,
  parseRetryAfter,
  projectScopeLookup,
  proxyFetch,
  proxyFromEnvironment,
  proxyLabel,
  type RegistryLookup,
  type RetryPolicy,
  redacted,
  redactor,
  redactUrlCredentials,
  registryScopeLookup,
  resolveConnection,
  type SavedTrigger,
  type SentRequest,
  sdkOperations,
  sendBatch,
  updateAutomation,
  WandbApi,
  type WandbApiOptions,
  WandbClientError,
  wandbSettingsPath,
} from './client/index.js';

// Files
export { linkTarget, removeStaleTempFiles, type WriteFileAtomicOptions, writeFileAtomic } from './files/index.js';

// Resolution, plan, apply, pull
export {
  type AppliedChange,
  type ApplyOptions,
  type ApplyResult,
  applyPlan,
  type ComputedPlan,
  type ComputePlanOptions,
  computePlan,
  type DesiredAutomation,
  defaultBatchSize,
  type ExistingAutomation,
  type FailedChange,
  fingerprintOf,
  identityKey,
  inexpressibleReason,
  type KeepReason,
  type KeptAutomation,
  type ListedInEntity,
  type ListedScopeContext,
  type ListedScopeName,
  listedScopeName,
  listEntities,
  type MakePlanOptions,
  type MakePlanResult,
  makePlan,
  mapLimit,
  matchingPattern,
  namePattern,
  type Plan,
  type PlanChange,
  type PlanCreate,
  type PlanDelete,
  type PlanEntry,
  PlanFileError,
  type PlanKept,
  type PlanScope,
  type PlanSummary,
  type PlanUnmanaged,
  type PlanUpdate,
  type PulledFile,
  type PullOptions,
  type PullResult,
  PullError,
  planFormat,
  pullAutomations,
  pullFilePath,
  type ResolveIdsOptions,
  type ResolveIdsResult,
  readPlanFile,
  resolveIds,
  type SkippedAutomation,
  type SourcePlace,
  sameAutomation,
  savedIdentity,
  savedScopeType,
  secretKeepReason,
  scopeText,
  sha256,
  stalePlanReasons,
  updateInput,
} from './plan/index.js';
