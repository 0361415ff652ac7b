/**
 * `client/`: talking to W&B. Where the server and the API key come from
 * (flags, the environment, `~/.netrc`, the wandb settings file, a proxy),
 * the GraphQL transport (retries, timeouts, credentials kept out of every
 * message), the documents it sends, the typed calls of `WandbApi`, and
 * several mutations batched into one request. It knows W&B's API, not the
 * wbrules language.
 *
 * What the server advertises (`capabilities.ts`) shapes what it is sent:
 * fragments on types it lacks are stripped, and automations are listed the
 * way it can list them.
 *
 * May import: Node, `undici` (loaded only for a proxy) and `graphql` (to
 * strip fragments). Nothing from the other folders and nothing from
 * `@wbrules/*`.
 */

export {
  documentRewriter,
  enables,
  featureFlags,
  fetchCapabilities,
  type GateNeed,
  gatedEvents,
  gateNeeds,
  listingKind,
  missingFlags,
  type ServerCapabilities,
  serverFeaturesQuery,
  strippedFragments,
  stripFragments,
} from './capabilities.js';

export { batchRequest, type MutationOp, type MutationOutcome, sendBatch } from './batch.js';
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
  type BaseUrlSource,
  type Connection,
  type ConnectionOptions,
  defaultBaseUrl,
  isLoopback,
  type KeySource,
  resolveConnection,
} from './connection.js';
export {
  aliased,
  allOperations,
  artifactCollectionNames,
  collectionScopeLookup,
  createAutomation,
  createGenericWebhookIntegration,
  deleteAutomation,
  entityAutomationsWithScopes,
  entityAutomationsWithScopesLegacy,
  entityProjectNames,
  entityScopeLookup,
  getEntityAutomations,
  getEntityAutomationsLegacy,
  getOrgAutomations,
  type GraphQLOperation,
  integrationsByEntity,
  listingPageSize,
  listingsPerDocument,
  lookupsPerDocument,
  operation,
  orgAutomationsWithScopes,
  orgScopeLookup,
  projectScopeLookup,
  registryScopeLookup,
  sdkOperations,
  updateAutomation,
} from './documents.js';
export {
  type ClientStats,
  GraphQLClient,
  type GraphQLClientOptions,
  type GraphQLErrorEntry,
  type PartialResponse,
  type SentRequest,
} from './graphql-client.js';
export { type NetrcEntry, netrcPassword, parseNetrc } from './netrc.js';
export { type ProxySetting, proxyFetch, proxyFromEnvironment, proxyLabel } from './proxy.js';
export { basicAuthorization, minimumKeyLength, redacted, redactor, redactUrlCredentials } from './redact.js';
export {
  backoffDelay,
  defaultRetryPolicy,
  isRetryableStatus,
  parseRetryAfter,
  type RetryPolicy,
} from './retry-policy.js';
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
export { iniValue, wandbSettingsPath } from './wandb-settings.js';
