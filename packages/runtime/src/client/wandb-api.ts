import { documentRewriter, fetchCapabilities, listingKind, type ServerCapabilities } from './capabilities.js';
import { ProtocolError } from './client-errors.js';
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
  /** Page size of every listing. Default 100. */
  readonly perPage?: number;
}

/** Typed W&B operations over a {@link GraphQLClient}. */
export class WandbApi {
  readonly perPage: number;
  private asked: Promise<ServerCapabilities> | undefined;
  private known: ServerCapabilities | undefined;

  constructor(
    readonly client: GraphQLClient,
    options: WandbApiOptions = {},
  ) {
    this.perPage = options.perPage ?? 100;
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
    const orgEntity = data.organization?.orgEntity;
    if (orgEntity === undefined || orgEntity === null) return null;
    const { project, ...entity } = orgEntity;
    return { orgEntity: entity, project };
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

const emptyConnection: Connection<never> = { pageInfo: { endCursor: null, hasNextPage: false }, edges: [] };

function savedTrigger(operation: string, trigger: SavedTrigger | null | undefined): SavedTrigger {
  if (trigger === undefined || trigger === null) throw new ProtocolError(`${operation}: empty response (no trigger)`);
  return trigger;
}
