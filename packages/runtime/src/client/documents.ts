/**
 * The GraphQL documents the client sends. The automation and integration
 * operations are the wandb SDK's own (spec §8: same operation names, aliases
 * and fragments, each document followed by the fragments it uses, sorted by
 * name), so a W&B server sees exactly what the SDK would send. The scope
 * lookups are the minimal equivalents of spec §10.1; the collection and
 * registry lookups reach the collection and the registry in one request each
 * (through the project's `artifactTypes`, and through the organization's
 * org entity). Every document is validated against the schema by the tests.
 */

/** A named GraphQL operation, with its complete document text. */
export interface GraphQLOperation {
  /** The operation name, sent as `operationName` and shown in logs. */
  readonly name: string;
  /** The document: the operation followed by every fragment it uses. */
  readonly document: string;
}

/**
 * Spec §8.1, verbatim, but for `__typename` selected directly on `action`
 * and `AriaActionFields` spread beside the other actions (as the newest SDK
 * change does, spec §6.5): an action of a type no fragment names still says
 * what it is, so it is listed and kept. `EntityScopeFields` and
 * `AriaActionFields` are stripped for servers that lack their types
 * (`capabilities.ts`).
 */
const fragments: Readonly<Record<string, string>> = {
  SlackIntegrationFields: 'fragment SlackIntegrationFields on SlackIntegration { __typename id teamName channelName }',
  WebhookIntegrationFields:
    'fragment WebhookIntegrationFields on GenericWebhookIntegration { __typename id name urlEndpoint }',
  ProjectScopeFields: 'fragment ProjectScopeFields on Project { __typename id name }',
  ArtifactPortfolioScopeFields: 'fragment ArtifactPortfolioScopeFields on ArtifactPortfolio { __typename id name }',
  ArtifactSequenceScopeFields: 'fragment ArtifactSequenceScopeFields on ArtifactSequence { __typename id name }',
  EntityScopeFields: 'fragment EntityScopeFields on Entity { __typename id name entityType }',
  FilterEventFields: 'fragment FilterEventFields on FilterEventTriggeringCondition { __typename eventType filter }',
  QueueJobActionFields:
    'fragment QueueJobActionFields on QueueJobTriggeredAction { __typename queue { id name } template }',
  NotificationActionFields: `fragment NotificationActionFields on NotificationTriggeredAction {
  __typename integration { ...SlackIntegrationFields } title message severity }`,
  GenericWebhookActionFields: `fragment GenericWebhookActionFields on GenericWebhookTriggeredAction {
  __typename integration { ...WebhookIntegrationFields } requestPayload }`,
  NoOpActionFields: 'fragment NoOpActionFields on NoOpTriggeredAction { __typename noOp }',
  AriaActionFields: 'fragment AriaActionFields on ARIATriggeredAction { __typename prompt }',
  TriggerFields: `fragment TriggerFields on Trigger {
  __typename id createdAt updatedAt name description enabled
  scope { ...ProjectScopeFields ...ArtifactPortfolioScopeFields ...ArtifactSequenceScopeFields ...EntityScopeFields }
  event: triggeringCondition { ...FilterEventFields }
  action: triggeredAction { __typename ...QueueJobActionFields ...NotificationActionFields ...GenericWebhookActionFields ...NoOpActionFields ...AriaActionFields }
}`,
  PageInfoFields: 'fragment PageInfoFields on PageInfo { endCursor hasNextPage }',
  ProjectTriggersFields: 'fragment ProjectTriggersFields on Project { __typename triggers { ...TriggerFields } }',
  // wbrules: what a saved scope node leaves out of a `.wbrules` scope path
  // (the entity of a project, the project of a collection).
  ScopePathFields: `fragment ScopePathFields on TriggerScope {
  ... on Project { entityName }
  ... on ArtifactSequence { project { name entityName } }
  ... on ArtifactPortfolio { project { name entityName } }
}`,
};

/** The operation text followed by the fragments it reaches, transitively, sorted by name (as the SDK sends them). */
export function operation(name: string, text: string): GraphQLOperation {
  const used = new Set<string>();
  const visit = (source: string): void => {
    for (const match of source.matchAll(/\.\.\.([A-Za-z_][A-Za-z0-9_]*)/g)) {
      const fragment = match[1] as string;
      if (used.has(fragment)) continue;
      const definition = fragments[fragment];
      if (definition === undefined) throw new Error(`unknown fragment ${fragment} in ${name}`);
      used.add(fragment);
      visit(definition);
    }
  };
  visit(text);
  const definitions = [...used].sort().map((fragment) => fragments[fragment] as string);
  return { name, document: [text, ...definitions].join('\n') };
}

/** Spec §8.2. */
export const createAutomation = operation(
  'CreateAutomation',
  `mutation CreateAutomation($input: CreateFilterTriggerInput!) {
  result: createFilterTrigger(input: $input) { trigger { ...TriggerFields } }
}`,
);

/** Spec §8.2. */
export const updateAutomation = operation(
  'UpdateAutomation',
  `mutation UpdateAutomation($input: UpdateFilterTriggerInput!) {
  result: updateFilterTrigger(input: $input) { trigger { ...TriggerFields } }
}`,
);

/** Spec §8.2. */
export const deleteAutomation = operation(
  'DeleteAutomation',
  `mutation DeleteAutomation($id: ID!) {
  result: deleteTrigger(input: {triggerID: $id}) { success }
}`,
);

/** Spec §8.3. */
export const getEntityAutomations = operation(
  'GetEntityAutomations',
  `query GetEntityAutomations($entity: String!, $cursor: String, $perPage: Int, $order: String, $filters: JSONString) {
  scope: entity(name: $entity) {
    triggers(after: $cursor, first: $perPage, order: $order, filters: $filters) {
      pageInfo { ...PageInfoFields }  edges { node { ...TriggerFields } }
    }
  }
}`,
);

/** Spec §8.3 (generated by the SDK, which has no caller for it; W&B serves it). */
export const getOrgAutomations = operation(
  'GetOrgAutomations',
  `query GetOrgAutomations($org: String!, $cursor: String, $perPage: Int, $order: String, $filters: JSONString) {
  scope: organization(name: $org) {
    triggers(first: $perPage, after: $cursor, order: $order, filters: $filters) {
      pageInfo { ...PageInfoFields }  edges { node { ...TriggerFields } }
    }
  }
}`,
);

/**
 * `GetEntityAutomations` with each scope's path: a project's entity and a
 * collection's project, which `TriggerFields` leaves out, so a plan can name
 * every automation it lists and `pull` can write its scope. (The SDK's own
 * listing is {@link getEntityAutomations}.)
 */
export const entityAutomationsWithScopes = operation(
  'EntityAutomationsWithScopes',
  `query EntityAutomationsWithScopes($entity: String!, $cursor: String, $perPage: Int) {
  scope: entity(name: $entity) {
    triggers(after: $cursor, first: $perPage) {
      pageInfo { ...PageInfoFields }  edges { node { ...TriggerFields scope { ...ScopePathFields } } }
    }
  }
}`,
);

/** Spec §8.3: the listing of servers without `QUERY_AUTOMATIONS_ON_ENTITY` (before v0.83), project by project. */
export const getEntityAutomationsLegacy = operation(
  'GetEntityAutomationsLegacy',
  `query GetEntityAutomationsLegacy($entity: String!, $cursor: String, $perPage: Int) {
  scope: entity(name: $entity) {
    projects(after: $cursor, first: $perPage) { pageInfo { ...PageInfoFields }  edges { node { ...ProjectTriggersFields } } }
  }
}`,
);

/**
 * `GetEntityAutomationsLegacy` with each scope's path (see
 * {@link entityAutomationsWithScopes}): what plan, apply and pull list with
 * on servers without `QUERY_AUTOMATIONS_ON_ENTITY`. Pages are pages of
 * projects; the automations of the entity's own (team) scope are not on
 * this path.
 */
export const entityAutomationsWithScopesLegacy = operation(
  'EntityAutomationsWithScopesLegacy',
  `query EntityAutomationsWithScopesLegacy($entity: String!, $cursor: String, $perPage: Int) {
  scope: entity(name: $entity) {
    projects(after: $cursor, first: $perPage) {
      pageInfo { ...PageInfoFields }  edges { node { ...ProjectTriggersFields triggers { scope { ...ScopePathFields } } } }
    }
  }
}`,
);

/** `GetOrgAutomations` with each scope's path (see {@link entityAutomationsWithScopes}). */
export const orgAutomationsWithScopes = operation(
  'OrgAutomationsWithScopes',
  `query OrgAutomationsWithScopes($org: String!, $cursor: String, $perPage: Int) {
  scope: organization(name: $org) {
    orgEntity { name }
    triggers(first: $perPage, after: $cursor) {
      pageInfo { ...PageInfoFields }  edges { node { ...TriggerFields scope { ...ScopePathFields } } }
    }
  }
}`,
);

/** Spec §8.5. */
export const integrationsByEntity = operation(
  'IntegrationsByEntity',
  `query IntegrationsByEntity($entity: String!, $cursor: String, $perPage: Int) {
  entity(name: $entity) {
    integrations(after: $cursor, first: $perPage) {
      pageInfo { ...PageInfoFields }
      edges { node { ...SlackIntegrationFields ...WebhookIntegrationFields } }
    }
  }
}`,
);

/** Spec §8.5. */
export const createGenericWebhookIntegration = operation(
  'CreateGenericWebhookIntegration',
  `mutation CreateGenericWebhookIntegration($input: CreateGenericWebhookIntegrationInput!) {
  result: createGenericWebhookIntegration(input: $input) { integration { ...WebhookIntegrationFields } }
}`,
);

/** Spec §10.1: a project's ID. */
export const projectScopeLookup = operation(
  'ProjectScopeLookup',
  'query ProjectScopeLookup($entity: String!, $name: String!) { project(name: $name, entityName: $entity) { __typename id name } }',
);

/** Spec §10.1: a team (or any entity) by name. */
export const entityScopeLookup = operation(
  'EntityScopeLookup',
  'query EntityScopeLookup($entity: String!) { entity(name: $entity) { __typename id name entityType } }',
);

/** Spec §10.1: an organization's org entity. */
export const orgScopeLookup = operation(
  'OrgScopeLookup',
  'query OrgScopeLookup($org: String!) { organization(name: $org) { orgEntity { __typename id name entityType } } }',
);

/**
 * A registry's backing project `wandb-registry-<name>`, found in the
 * organization's org entity (spec §10.1 does this in two requests,
 * `FetchOrganization` then `FetchRegistry`; one suffices).
 */
export const registryScopeLookup = operation(
  'RegistryScopeLookup',
  `query RegistryScopeLookup($org: String!, $name: String!) {
  organization(name: $org) { orgEntity { __typename id name entityType project(name: $name) { __typename id name } } }
}`,
);

/**
 * A collection by project and name, searched in every artifact type of the
 * project at once (a `.wbrules` collection path names no artifact type).
 */
export const collectionScopeLookup = operation(
  'CollectionScopeLookup',
  `query CollectionScopeLookup($entity: String!, $project: String!, $name: String!, $cursor: String, $perPage: Int) {
  project(entityName: $entity, name: $project) {
    __typename id name
    artifactTypes(after: $cursor, first: $perPage) {
      pageInfo { ...PageInfoFields }
      edges { node { name artifactCollection(name: $name) { __typename id name } } }
    }
  }
}`,
);

/** The names of an entity's projects: "did you mean" for an unknown project or registry. */
export const entityProjectNames = operation(
  'EntityProjectNames',
  `query EntityProjectNames($entity: String!, $cursor: String, $perPage: Int) {
  entity(name: $entity) {
    projects(after: $cursor, first: $perPage) { pageInfo { ...PageInfoFields } edges { node { name } } }
  }
}`,
);

/** The names of an artifact type's collections: "did you mean" for an unknown collection. */
export const artifactCollectionNames = operation(
  'ArtifactCollectionNames',
  `query ArtifactCollectionNames($entity: String!, $project: String!, $type: String!, $cursor: String, $perPage: Int) {
  project(entityName: $entity, name: $project) {
    artifactType(name: $type) {
      artifactCollections(after: $cursor, first: $perPage) { pageInfo { ...PageInfoFields } edges { node { name } } }
    }
  }
}`,
);

/**
 * How many names one aliased lookup document asks for at most (`p0:
 * project(…) p1: project(…) …`): 50. Each lookup is one cheap field, so a
 * document of 50 is a few kilobytes and far inside any limit on aliases or
 * cost (the local server accepts 1,000 aliases); 50 keeps a refused document
 * (answered by single lookups instead) small, while 20 projects, or the
 * integrations of 50 entities, still cost one request.
 */
export const lookupsPerDocument = 50;

/**
 * How many entities one aliased listing document lists at most (`e0:
 * entity(…) { triggers(…) } e1: …`): 10. Each alias answers a whole page
 * (up to {@link listingPageSize} automations with their filters), so 10
 * bounds a response at about 1,000 automations (around 1 MB), whatever a
 * server's cost limit.
 */
export const listingsPerDocument = 10;

/**
 * The page size of every listing: 100, the largest page the local server
 * gives (it caps `first` at 100) and twice the SDK's `per_page` of 50. W&B
 * documents no maximum; a server that caps a page lower simply answers with
 * `hasNextPage`, which the listings follow, so a larger request is never
 * wrong, only no better.
 */
export const listingPageSize = 100;

/** The shape of one aliased document: the variables and the field of the `i`-th name. */
interface AliasedShape {
  readonly name: string;
  /** Variables every alias shares (`$perPage: Int`). */
  readonly shared?: readonly string[];
  readonly variables: (i: number) => readonly string[];
  readonly field: (i: number) => string;
}

const aliasedCache = new Map<string, GraphQLOperation>();

/** The aliased document of `shape` for `count` names (cached: one text per shape and count). */
function aliasedOperation(shape: AliasedShape, count: number): GraphQLOperation {
  const key = `${shape.name}\u0000${count}`;
  let op = aliasedCache.get(key);
  if (op === undefined) {
    const indexes = Array.from({ length: count }, (_, i) => i);
    const definitions = [...indexes.flatMap(shape.variables), ...(shape.shared ?? [])];
    op = operation(
      shape.name,
      `query ${shape.name}(${definitions.join(', ')}) {\n${indexes.map((i) => `  ${shape.field(i)}`).join('\n')}\n}`,
    );
    aliasedCache.set(key, op);
  }
  return op;
}

/**
 * Aliased lookups and listings: {@link projectScopeLookup} and its
 * siblings for many names in one request, the `i`-th name under the alias
 * `p<i>`, `e<i>`, `o<i>`, `r<i>` or `c<i>`, with the variables `$e<i>`,
 * `$n<i>`, … (and `$c<i>`, the cursor of the `i`-th listing). The selections
 * are those of the single documents, so the answers read the same.
 */
export const aliased = {
  /** Projects by entity and name (`$e<i>`, `$n<i>`). */
  projects: (count: number) =>
    aliasedOperation(
      {
        name: 'ProjectScopeLookups',
        variables: (i) => [`$e${i}: String!`, `$n${i}: String!`],
        field: (i) => `p${i}: project(name: $n${i}, entityName: $e${i}) { __typename id name }`,
      },
      count,
    ),
  /** Entities by name (`$e<i>`). */
  entities: (count: number) =>
    aliasedOperation(
      {
        name: 'EntityScopeLookups',
        variables: (i) => [`$e${i}: String!`],
        field: (i) => `e${i}: entity(name: $e${i}) { __typename id name entityType }`,
      },
      count,
    ),
  /** Organizations' org entities (`$o<i>`). */
  orgs: (count: number) =>
    aliasedOperation(
      {
        name: 'OrgScopeLookups',
        variables: (i) => [`$o${i}: String!`],
        field: (i) => `o${i}: organization(name: $o${i}) { orgEntity { __typename id name entityType } }`,
      },
      count,
    ),
  /** Registries' projects in their organizations' org entities (`$o<i>`, `$n<i>`). */
  registries: (count: number) =>
    aliasedOperation(
      {
        name: 'RegistryScopeLookups',
        variables: (i) => [`$o${i}: String!`, `$n${i}: String!`],
        field: (i) =>
          `r${i}: organization(name: $o${i}) { orgEntity { __typename id name entityType project(name: $n${i}) { __typename id name } } }`,
      },
      count,
    ),
  /** Collections by project and name, the first page of each project's artifact types (`$e<i>`, `$p<i>`, `$n<i>`). */
  collections: (count: number) =>
    aliasedOperation(
      {
        name: 'CollectionScopeLookups',
        shared: ['$perPage: Int'],
        variables: (i) => [`$e${i}: String!`, `$p${i}: String!`, `$n${i}: String!`],
        field: (i) =>
          `c${i}: project(entityName: $e${i}, name: $p${i}) { __typename id name artifactTypes(first: $perPage) { pageInfo { ...PageInfoFields } edges { node { name artifactCollection(name: $n${i}) { __typename id name } } } } }`,
      },
      count,
    ),
  /** A page of each entity's integrations (`$e<i>`, `$c<i>`). */
  integrations: (count: number) =>
    aliasedOperation(
      {
        name: 'IntegrationsByEntities',
        shared: ['$perPage: Int'],
        variables: (i) => [`$e${i}: String!`, `$c${i}: String`],
        field: (i) =>
          `e${i}: entity(name: $e${i}) { integrations(after: $c${i}, first: $perPage) { pageInfo { ...PageInfoFields } edges { node { ...SlackIntegrationFields ...WebhookIntegrationFields } } } }`,
      },
      count,
    ),
  /** A page of each entity's automations with their scope paths (`$e<i>`, `$c<i>`; see {@link entityAutomationsWithScopes}). */
  automations: (count: number) =>
    aliasedOperation(
      {
        name: 'EntitiesAutomationsWithScopes',
        shared: ['$perPage: Int'],
        variables: (i) => [`$e${i}: String!`, `$c${i}: String`],
        field: (i) =>
          `e${i}: entity(name: $e${i}) { triggers(after: $c${i}, first: $perPage) { pageInfo { ...PageInfoFields } edges { node { ...TriggerFields scope { ...ScopePathFields } } } } }`,
      },
      count,
    ),
} as const;

/** Every operation the client can send (for the tests that validate them against the schema). */
export const allOperations: readonly GraphQLOperation[] = [
  createAutomation,
  updateAutomation,
  deleteAutomation,
  getEntityAutomations,
  getOrgAutomations,
  integrationsByEntity,
  createGenericWebhookIntegration,
  projectScopeLookup,
  entityScopeLookup,
  orgScopeLookup,
  registryScopeLookup,
  collectionScopeLookup,
  entityProjectNames,
  artifactCollectionNames,
  entityAutomationsWithScopes,
  orgAutomationsWithScopes,
  getEntityAutomationsLegacy,
  entityAutomationsWithScopesLegacy,
  // The aliased documents, for two names each (every count has the same shape).
  ...Object.values(aliased).map((of) => of(2)),
];

/** The SDK's own operations (spec §8), which must also validate against the spec's SDL. */
export const sdkOperations: readonly GraphQLOperation[] = [
  createAutomation,
  updateAutomation,
  deleteAutomation,
  getEntityAutomations,
  getOrgAutomations,
  getEntityAutomationsLegacy,
  integrationsByEntity,
  createGenericWebhookIntegration,
  projectScopeLookup,
  entityScopeLookup,
  orgScopeLookup,
];
