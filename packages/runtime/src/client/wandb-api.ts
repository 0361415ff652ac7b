import { documentRewriter, fetchCapabilities, listingKind, type ServerCapabilities } from './capabilities.js';
import { mapLimit } from './map-limit.js';
import { AuthError, GraphQLResponseError, HttpStatusError, ProtocolError } from './client-errors.js';
import * as documents from './documents.js';
import type { GraphQLClient } from './graphql-client.js';

/**
 * The W&B operations wbrules uses, typed: scope lookups (spec §10.1), the
 * integration listing (§8.5), and automation create, update, delete and
 * listing (§8.2–§8.3). Listings follow `pageInfo.endCursor` until
 * `hasNextPage` is false. Responses are read the way the SDK reads them:
 * a null `entity` or `integrations`, or a null `result`/`trigger`, is an
 * error, not an empty answer.
 */

/** `TriggerFields` of a saved automation (spec §8.4), as the server returns it. */
export interface SavedTrigger {
  readonly __typename: 'Trigger';
  readonly id: string;
  readonly createdAt: string;
  readonly updatedAt: string | null;
  readonly name: string;
  readonly description: string | null;
  readonly enabled: boolean;
  readonly scope: {
    readonly __typename: string;
    readonly id: string;
    readonly name: string;
    readonly entityType?: string | null;
  };
  readonly event: { readonly __typename: string; readonly eventType: string; readonly filter: string };
  readonly action: Readonly<Record<string, unknown>> & { readonly __typename: string };
}

/** A saved automation from a listing with scope paths: its scope node also says where the scope lives. */
export interface ListedTrigger extends SavedTrigger {
  readonly scope: SavedTrigger['scope'] & {
    /** A project scope's entity. */
    readonly entityName?: string;
    /** A collection scope's project (and its entity). */
    readonly project?: { readonly name: string; readonly entityName: string } | null;
  };
}

/** A node of the integration listing: Slack, webhook, or another kind with only `__typename`. */
export type IntegrationNode =
  | {
      readonly __typename: 'SlackIntegration';
      readonly id: string;
      readonly teamName: string;
      readonly channelName: string;
    }
  | {
      readonly __typename: 'GenericWebhookIntegration';
      readonly id: string;
      readonly name: string;
      readonly urlEndpoint: string;
    }
  | { readonly __typename: string; readonly id?: string };

/** An object with a GraphQL type name, an ID and a name (scope lookups). */
export interface NamedNode {
  readonly __typename: string;
  readonly id: string;
  readonly name: string;
}

/** An entity as the scope lookups return it. */
export interface EntityNode extends NamedNode {
  readonly entityType: string | null;
}

/** What {@link WandbApi.lookupCollection} found. */
export interface CollectionLookup {
  /** Every artifact type of the project, in the server's order. */
  readonly types: readonly string[];
  /** The types that have a collection of that name, with the collection. */
  readonly matches: readonly { readonly type: string; readonly collection: NamedNode }[];
}

/** What {@link WandbApi.lookupRegistry} found: the org entity (if the organization exists) and the registry project. */
export interface RegistryLookup {
  readonly orgEntity: EntityNode;
  readonly project: NamedNode | null;
}

interface PageInfo {
  readonly endCursor: string | null;
  readonly hasNextPage: boolean;
}

interface Connection<N> {
  readonly pageInfo: PageInfo;
  readonly edges: readonly { readonly node: N | null }[];
}

/** Options for {@link WandbApi}. */
export interface WandbApiOptions {
  /** Page size of every listing. Default {@link documents.listingPageSize}. */
  readonly perPage?: number;
  /** Names per aliased lookup document. Default {@link documents.lookupsPerDocument}. */
  readonly lookupsPerDocument?: number;
  /** Entities per aliased listing document. Default {@link documents.listingsPerDocument}. */
  readonly listingsPerDocument?: number;
  /** Aliased documents in flight at once. Default 4. */
  readonly concurrency?: number;
}

/**
 * Whether an error is a server refusing a document as a whole (a GraphQL
 * validation or cost error, an HTTP 4xx other than a refused key): what
 * makes an aliased lookup fall back to one request per name.
 */
function refusedDocument(error: unknown): boolean {
  if (error instanceof AuthError) return false;
  if (error instanceof HttpStatusError) return error.status >= 400 && error.status < 500;
  return error instanceof GraphQLResponseError;
}

/** Typed W&B operations over a {@link GraphQLClient}. */
export class WandbApi {
  readonly perPage: number;
  readonly lookupsPerDocument: number;
  readonly listingsPerDocument: number;
  private readonly concurrency: number;
  private asked: Promise<ServerCapabilities> | undefined;
  private known: ServerCapabilities | undefined;
  /** Set once the server refused an aliased document: from then on, one request per name. */
  private aliasedRefused = false;

  constructor(
    readonly client: GraphQLClient,
    options: WandbApiOptions = {},
  ) {
    this.perPage = options.perPage ?? documents.listingPageSize;
    this.lookupsPerDocument = Math.max(1, options.lookupsPerDocument ?? documents.lookupsPerDocument);
    this.listingsPerDocument = Math.max(1, options.listingsPerDocument ?? documents.listingsPerDocument);
    this.concurrency = Math.max(1, options.concurrency ?? 4);
  }

  /** Whether the server refused an aliased document, so this client now sends one request per name. */
  get aliasedDocumentsRefused(): boolean {
    return this.aliasedRefused;
  }

  /**
   * What the server advertises (`serverInfo { features }`), asked once;
   * from then on every document this client sends is stripped of the
   * fragments the server lacks, and the automation listings take the path
   * the server has (see `capabilities.ts`).
   */
  capabilities(): Promise<ServerCapabilities> {
    this.asked ??= fetchCapabilities(this.client).then((capabilities) => {
      this.useCapabilities(capabilities);
      return capabilities;
    });
    return this.asked;
  }

  /** Adopts capabilities known otherwise (tests; a server already asked). */
  useCapabilities(capabilities: ServerCapabilities): void {
    this.known = capabilities;
    this.asked ??= Promise.resolve(capabilities);
    this.client.rewriteDocuments(documentRewriter(capabilities));
  }

  /** The capabilities once {@link capabilities} has answered; `undefined` before (the client then assumes everything). */
  get knownCapabilities(): ServerCapabilities | undefined {
    return this.known;
  }

  /** Whether listings walk projects (`GetEntityAutomationsLegacy`): the server lacks `QUERY_AUTOMATIONS_ON_ENTITY`. */
  private get legacyListing(): boolean {
    return this.known !== undefined && listingKind(this.known) === 'legacy';
  }

  /** A project by entity and name; `null` when W&B has none. */
  async lookupProject(entity: string, name: string): Promise<NamedNode | null> {
    const data = await this.client.request<{ project: NamedNode | null }>(documents.projectScopeLookup, {
      entity,
      name,
    });
    return data.project;
  }

  /** An entity (team, organization or user) by name; `null` when W&B has none. */
  async lookupEntity(entity: string): Promise<EntityNode | null> {
    const data = await this.client.request<{ entity: EntityNode | null }>(documents.entityScopeLookup, { entity });
    return data.entity;
  }

  /** An organization's org entity; `null` when W&B has no such organization. */
  async lookupOrg(org: string): Promise<EntityNode | null> {
    const data = await this.client.request<{ organization: { orgEntity: EntityNode | null } | null }>(
      documents.orgScopeLookup,
      { org },
    );
    return data.organization?.orgEntity ?? null;
  }

  /** A registry (`wandb-registry-<name>` in the organization's org entity); `null` when the organization is unknown. */
  async lookupRegistry(org: string, name: string): Promise<RegistryLookup | null> {
    const data = await this.client.request<{
      organization: { orgEntity: (EntityNode & { project: NamedNode | null }) | null } | null;
    }>(documents.registryScopeLookup, { org, name: `wandb-registry-${name}` });
    return registryOf(data.organization?.orgEntity);
  }

  /**
   * A collection by project and name, searched in every artifact type of the
   * project (paginated over the types); `null` when the project is unknown.
   */
  async lookupCollection(entity: string, project: string, name: string): Promise<CollectionLookup | null> {
    const types: string[] = [];
    const matches: { type: string; collection: NamedNode }[] = [];
    let cursor: string | null = null;
    for (;;) {
      const data: {
        project:
          | (NamedNode & { artifactTypes: Connection<{ name: string; artifactCollection: NamedNode | null }> })
          | null;
      } = await this.client.request(documents.collectionScopeLookup, {
        entity,
        project,
        name,
        cursor,
        perPage: this.perPage,
      });
      if (data.project === null) return null;
      for (const edge of data.project.artifactTypes.edges) {
        if (edge.node === null) continue;
        types.push(edge.node.name);
        if (edge.node.artifactCollection !== null)
          matches.push({ type: edge.node.name, collection: edge.node.artifactCollection });
      }
      const { pageInfo } = data.project.artifactTypes;
      if (!pageInfo.hasNextPage || pageInfo.endCursor === null) return { types, matches };
      cursor = pageInfo.endCursor;
    }
  }

  /** Every integration of an entity (all pages); `null` when W&B has no such entity. */
  async listIntegrations(entity: string): Promise<IntegrationNode[] | null> {
    return this.paginate(
      documents.integrationsByEntity,
      { entity },
      (data: { entity: { integrations: Connection<IntegrationNode> | null } | null }) => {
        if (data.entity === null) return null;
        if (data.entity.integrations === null)
          throw new ProtocolError('IntegrationsByEntity: unexpected response data (no integrations)');
        return data.entity.integrations;
      },
    );
  }

  /** The names of an entity's projects (all pages); `null` when W&B has no such entity. */
  async listProjectNames(entity: string): Promise<string[] | null> {
    const nodes = await this.paginate(
      documents.entityProjectNames,
      { entity },
      (data: { entity: { projects: Connection<{ name: string }> | null } | null }) =>
        data.entity === null ? null : (data.entity.projects ?? emptyConnection),
    );
    return nodes === null ? null : nodes.map((n) => n.name);
  }

  /** The names of the collections of one artifact type of a project (all pages). */
  async listCollectionNames(entity: string, project: string, type: string): Promise<string[]> {
    const nodes = await this.paginate(
      documents.artifactCollectionNames,
      { entity, project, type },
      (data: {
        project: { artifactType: { artifactCollections: Connection<{ name: string }> | null } | null } | null;
      }) => data.project?.artifactType?.artifactCollections ?? emptyConnection,
    );
    return (nodes ?? []).map((n) => n.name);
  }

  /**
   * Lookups of many names, {@link lookupsPerDocument} to an aliased
   * document (a single name sends the single document). When the server
   * refuses an aliased document as a whole (`refusedDocument`), that chunk
   * and every later one are looked up one request per name instead.
   */
  private async lookupMany<T, R>(
    items: readonly T[],
    batched: (chunk: readonly T[]) => Promise<R[]>,
    single: (item: T) => Promise<R>,
  ): Promise<R[]> {
    const chunks: T[][] = [];
    for (let i = 0; i < items.length; i += this.lookupsPerDocument)
      chunks.push(items.slice(i, i + this.lookupsPerDocument));
    const answers = await mapLimit(chunks, this.concurrency, async (chunk) => {
      if (chunk.length > 1 && !this.aliasedRefused) {
        try {
          return await batched(chunk);
        } catch (error) {
          if (!refusedDocument(error)) throw error;
          this.aliasedRefused = true;
        }
      }
      return mapLimit(chunk, this.concurrency, single);
    });
    return answers.flat();
  }

  /** Projects by entity and name (see {@link lookupProject}), in order. */
  async lookupProjects(
    names: readonly { readonly entity: string; readonly name: string }[],
  ): Promise<(NamedNode | null)[]> {
    return this.lookupMany(
      names,
      async (chunk) => {
        const data = await this.client.request<Record<string, NamedNode | null>>(
          documents.aliased.projects(chunk.length),
          Object.fromEntries(
            chunk.flatMap((n, i) => [
              [`e${i}`, n.entity],
              [`n${i}`, n.name],
            ]),
          ),
        );
        return chunk.map((_, i) => data[`p${i}`] ?? null);
      },
      (n) => this.lookupProject(n.entity, n.name),
    );
  }

  /** Entities by name (see {@link lookupEntity}), in order. */
  async lookupEntities(names: readonly string[]): Promise<(EntityNode | null)[]> {
    return this.lookupMany(
      names,
      async (chunk) => {
        const data = await this.client.request<Record<string, EntityNode | null>>(
          documents.aliased.entities(chunk.length),
          Object.fromEntries(chunk.map((n, i) => [`e${i}`, n])),
        );
        return chunk.map((_, i) => data[`e${i}`] ?? null);
      },
      (n) => this.lookupEntity(n),
    );
  }

  /** Organizations' org entities (see {@link lookupOrg}), in order. */
  async lookupOrgs(orgs: readonly string[]): Promise<(EntityNode | null)[]> {
    return this.lookupMany(
      orgs,
      async (chunk) => {
        const data = await this.client.request<Record<string, { orgEntity: EntityNode | null } | null>>(
          documents.aliased.orgs(chunk.length),
          Object.fromEntries(chunk.map((n, i) => [`o${i}`, n])),
        );
        return chunk.map((_, i) => data[`o${i}`]?.orgEntity ?? null);
      },
      (n) => this.lookupOrg(n),
    );
  }

  /** Registries (see {@link lookupRegistry}), in order. */
  async lookupRegistries(
    names: readonly { readonly org: string; readonly name: string }[],
  ): Promise<(RegistryLookup | null)[]> {
    return this.lookupMany(
      names,
      async (chunk) => {
        const data = await this.client.request<
          Record<string, { orgEntity: (EntityNode & { project: NamedNode | null }) | null } | null>
        >(
          documents.aliased.registries(chunk.length),
          Object.fromEntries(
            chunk.flatMap((n, i) => [
              [`o${i}`, n.org],
              [`n${i}`, `wandb-registry-${n.name}`],
            ]),
          ),
        );
        return chunk.map((_, i) => registryOf(data[`r${i}`]?.orgEntity));
      },
      (n) => this.lookupRegistry(n.org, n.name),
    );
  }

  /**
   * Collections (see {@link lookupCollection}), in order: the first page of
   * each project's artifact types in the aliased document; a project with
   * more types than a page is looked up again on its own, over every page.
   */
  async lookupCollections(
    names: readonly { readonly entity: string; readonly project: string; readonly name: string }[],
  ): Promise<(CollectionLookup | null)[]> {
    const found = await this.lookupMany(
      names,
      async (chunk) => {
        const data = await this.client.request<Record<string, CollectionPage | null>>(
          documents.aliased.collections(chunk.length),
          {
            ...Object.fromEntries(
              chunk.flatMap((n, i) => [
                [`e${i}`, n.entity],
                [`p${i}`, n.project],
                [`n${i}`, n.name],
              ]),
            ),
            perPage: this.perPage,
          },
        );
        return chunk.map((_, i): CollectionLookup | null | 'more' => {
          const project = data[`c${i}`] ?? null;
          if (project === null) return null;
          const page = collectionPage(project);
          return project.artifactTypes.pageInfo.hasNextPage ? 'more' : page;
        });
      },
      (n): Promise<CollectionLookup | null | 'more'> => this.lookupCollection(n.entity, n.project, n.name),
    );
    return mapLimit(found, this.concurrency, async (answer, i) => {
      if (answer !== 'more') return answer;
      const n = names[i] as (typeof names)[number];
      return this.lookupCollection(n.entity, n.project, n.name);
    });
  }

  /**
   * Pages of many connections at once: each round asks the next page of
   * every connection not yet finished, {@link listingsPerDocument} (or
   * `perDocument`) to an aliased document, until none has a next page. So
   * listing `k` entities of at most `p` pages each costs about `p ×
   * ⌈k / perDocument⌉` requests instead of `k × p`. A single entity sends
   * `single`; a server that refuses an aliased document gets `single` for
   * every entity not yet finished (from its first page).
   */
  private async paginateMany<N>(
    entities: readonly string[],
    perDocument: number,
    build: (count: number) => documents.GraphQLOperation,
    pick: (owner: unknown) => Connection<N> | null,
    single: (entity: string) => Promise<N[] | null>,
  ): Promise<(N[] | null)[]> {
    if (entities.length <= 1 || this.aliasedRefused) return mapLimit(entities, this.concurrency, single);
    const results: (N[] | null)[] = entities.map(() => []);
    const cursors: (string | null)[] = entities.map(() => null);
    let open = entities.map((_, i) => i);
    try {
      while (open.length > 0) {
        const chunks: number[][] = [];
        for (let i = 0; i < open.length; i += perDocument) chunks.push(open.slice(i, i + perDocument));
        const next: number[] = [];
        await mapLimit(chunks, this.concurrency, async (chunk) => {
          const variables: Record<string, unknown> = { perPage: this.perPage };
          chunk.forEach((index, i) => {
            variables[`e${i}`] = entities[index];
            variables[`c${i}`] = cursors[index];
          });
          const data = await this.client.request<Record<string, unknown>>(build(chunk.length), variables);
          chunk.forEach((index, i) => {
            const connection = pick(data[`e${i}`] ?? null);
            if (connection === null) {
              results[index] = null;
              return;
            }
            const nodes = results[index] as N[];
            for (const edge of connection.edges) if (edge.node !== null) nodes.push(edge.node);
            if (connection.pageInfo.hasNextPage && connection.pageInfo.endCursor !== null) {
              cursors[index] = connection.pageInfo.endCursor;
              next.push(index);
            }
          });
        });
        open = next.sort((a, b) => a - b);
      }
    } catch (error) {
      if (!refusedDocument(error)) throw error;
      this.aliasedRefused = true;
      const unfinished = entities.map((_, i) => i).filter((i) => open.includes(i));
      const again = await mapLimit(unfinished, this.concurrency, (i) => single(entities[i] as string));
      unfinished.forEach((index, i) => {
        results[index] = again[i] ?? null;
      });
    }
    return results;
  }

  /** Every integration of each entity (see {@link listIntegrations}), in order, many entities per request. */
  async listIntegrationsOf(entities: readonly string[]): Promise<(IntegrationNode[] | null)[]> {
    return this.paginateMany(
      entities,
      this.lookupsPerDocument,
      documents.aliased.integrations,
      (owner) => {
        if (owner === null) return null;
        const integrations = (owner as { integrations: Connection<IntegrationNode> | null }).integrations;
        if (integrations === null)
          throw new ProtocolError('IntegrationsByEntities: unexpected response data (no integrations)');
        return integrations;
      },
      (entity) => this.listIntegrations(entity),
    );
  }

  /**
   * Every automation of each entity's scopes, with scope paths (see
   * {@link listAutomationsWithScopes}), in order, many entities per
   * request; the legacy walk (servers without `QUERY_AUTOMATIONS_ON_ENTITY`)
   * goes entity by entity.
   */
  async listAutomationsWithScopesOf(entities: readonly string[]): Promise<(ListedTrigger[] | null)[]> {
    if (this.legacyListing) return mapLimit(entities, this.concurrency, (e) => this.listAutomationsWithScopes(e));
    return this.paginateMany(
      entities,
      this.listingsPerDocument,
      documents.aliased.automations,
      (owner) => (owner === null ? null : (owner as { triggers: Connection<ListedTrigger> }).triggers),
      (entity) => this.listAutomationsWithScopes(entity),
    );
  }

  /** `CreateAutomation`: the saved automation. */
  async createAutomation(input: Readonly<Record<string, unknown>>): Promise<SavedTrigger> {
    const data = await this.client.request<{ result: { trigger: SavedTrigger | null } | null }>(
      documents.createAutomation,
      { input },
    );
    return savedTrigger('CreateAutomation', data.result?.trigger);
  }

  /** `UpdateAutomation`: the saved automation after the update. */
  async updateAutomation(input: Readonly<Record<string, unknown>>): Promise<SavedTrigger> {
    const data = await this.client.request<{ result: { trigger: SavedTrigger | null } | null }>(
      documents.updateAutomation,
      { input },
    );
    return savedTrigger('UpdateAutomation', data.result?.trigger);
  }

  /** `DeleteAutomation`; `success: false` is an error, as in the SDK. */
  async deleteAutomation(id: string): Promise<void> {
    const data = await this.client.request<{ result: { success: boolean } }>(documents.deleteAutomation, { id });
    if (data.result?.success !== true) throw new ProtocolError(`DeleteAutomation: failed to delete automation "${id}"`);
  }

  /** `GetEntityAutomations` over all pages, optionally only the automations named `name`. */
  async listEntityAutomations(entity: string, options: { readonly name?: string } = {}): Promise<SavedTrigger[]> {
    if (this.legacyListing) {
      const projects = await this.paginate(
        documents.getEntityAutomationsLegacy,
        { entity },
        (data: { scope: { projects: Connection<{ triggers: SavedTrigger[] }> | null } | null }) =>
          data.scope === null ? null : (data.scope.projects ?? emptyConnection),
      );
      const all = (projects ?? []).flatMap((p) => p.triggers);
      return options.name === undefined ? all : all.filter((t) => t.name === options.name);
    }
    const filters = options.name === undefined ? null : JSON.stringify({ name: options.name });
    const nodes = await this.paginate(
      documents.getEntityAutomations,
      { entity, filters },
      (data: { scope: { triggers: Connection<SavedTrigger> } | null }) =>
        data.scope === null ? null : data.scope.triggers,
    );
    return nodes ?? [];
  }

  /** `GetOrgAutomations` over all pages. */
  async listOrgAutomations(org: string): Promise<SavedTrigger[]> {
    const nodes = await this.paginate(
      documents.getOrgAutomations,
      { org, filters: null },
      (data: { scope: { triggers: Connection<SavedTrigger> } | null }) =>
        data.scope === null ? null : data.scope.triggers,
    );
    return nodes ?? [];
  }

  /**
   * Every automation of an entity's scopes, with each scope's path (all
   * pages); `null` when W&B has no such entity.
   */
  async listAutomationsWithScopes(entity: string): Promise<ListedTrigger[] | null> {
    if (this.legacyListing) {
      const projects = await this.paginate(
        documents.entityAutomationsWithScopesLegacy,
        { entity },
        (data: { scope: { projects: Connection<{ triggers: ListedTrigger[] }> | null } | null }) =>
          data.scope === null ? null : (data.scope.projects ?? emptyConnection),
      );
      return projects === null ? null : projects.flatMap((p) => p.triggers);
    }
    return this.paginate(
      documents.entityAutomationsWithScopes,
      { entity },
      (data: { scope: { triggers: Connection<ListedTrigger> } | null }) =>
        data.scope === null ? null : data.scope.triggers,
    );
  }

  /**
   * Every automation of an organization (its org entity's and its teams'),
   * with each scope's path, and the name of its org entity; `null` when W&B
   * has no such organization.
   */
  async listOrgAutomationsWithScopes(
    org: string,
  ): Promise<{ readonly orgEntity: string | null; readonly triggers: ListedTrigger[] } | null> {
    let orgEntity: string | null = null;
    if (this.legacyListing) {
      // The org entity's projects (its registries), found by its name: one lookup, then the legacy walk.
      const entity = await this.lookupOrg(org);
      if (entity === null) return null;
      return { orgEntity: entity.name, triggers: (await this.listAutomationsWithScopes(entity.name)) ?? [] };
    }
    const triggers = await this.paginate(
      documents.orgAutomationsWithScopes,
      { org },
      (data: { scope: { orgEntity: { name: string } | null; triggers: Connection<ListedTrigger> } | null }) => {
        if (data.scope === null) return null;
        orgEntity = data.scope.orgEntity?.name ?? null;
        return data.scope.triggers;
      },
    );
    return triggers === null ? null : { orgEntity, triggers };
  }

  /** `CreateGenericWebhookIntegration`: the new integration. */
  async createWebhookIntegration(input: {
    readonly entityName: string;
    readonly name: string;
    readonly urlEndpoint: string;
  }): Promise<IntegrationNode> {
    const data = await this.client.request<{ result: { integration: IntegrationNode } | null }>(
      documents.createGenericWebhookIntegration,
      { input },
    );
    if (data.result === null) throw new ProtocolError('CreateGenericWebhookIntegration: empty response');
    return data.result.integration;
  }

  /** Follows a relay connection from `cursor: null` until `hasNextPage` is false; `null` when `pick` says the owner is missing. */
  private async paginate<D, N>(
    operation: documents.GraphQLOperation,
    variables: Readonly<Record<string, unknown>>,
    pick: (data: D) => Connection<N> | null,
  ): Promise<N[] | null> {
    const nodes: N[] = [];
    let cursor: string | null = null;
    for (;;) {
      const connection = pick(await this.client.request<D>(operation, { ...variables, perPage: this.perPage, cursor }));
      if (connection === null) return null;
      for (const edge of connection.edges) if (edge.node !== null) nodes.push(edge.node);
      if (!connection.pageInfo.hasNextPage || connection.pageInfo.endCursor === null) return nodes;
      cursor = connection.pageInfo.endCursor;
    }
  }
}

/** A collection lookup's project: the first page of its artifact types, each with the collection of that name. */
type CollectionPage = NamedNode & {
  artifactTypes: Connection<{ name: string; artifactCollection: NamedNode | null }>;
};

/** The types and matches of one page of a collection lookup. */
function collectionPage(project: CollectionPage): CollectionLookup {
  const types: string[] = [];
  const matches: { type: string; collection: NamedNode }[] = [];
  for (const edge of project.artifactTypes.edges) {
    if (edge.node === null) continue;
    types.push(edge.node.name);
    if (edge.node.artifactCollection !== null)
      matches.push({ type: edge.node.name, collection: edge.node.artifactCollection });
  }
  return { types, matches };
}

function registryOf(orgEntity: (EntityNode & { project: NamedNode | null }) | null | undefined): RegistryLookup | null {
  if (orgEntity === undefined || orgEntity === null) return null;
  const { project, ...entity } = orgEntity;
  return { orgEntity: entity, project };
}

const emptyConnection: Connection<never> = { pageInfo: { endCursor: null, hasNextPage: false }, edges: [] };

function savedTrigger(operation: string, trigger: SavedTrigger | null | undefined): SavedTrigger {
  if (trigger === undefined || trigger === null) throw new ProtocolError(`${operation}: empty response (no trigger)`);
  return trigger;
}
