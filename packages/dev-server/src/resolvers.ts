import { eventFamily, parseJsonOrdered } from '@wbrules/compiler';
import type {
  ArtifactTypeRecord,
  CollectionRecord,
  EntityRecord,
  IntegrationRecord,
  ProjectRecord,
  TriggerRecord,
} from './data.js';
import { profiles, refusal, type ServerProfile, serverInfoOf } from './profiles.js';
import { DevServerError, type DevStore } from './store.js';
import { pythonJsonDumps } from './python-json.js';
import { cursorAt, indexOfCursor, relayId } from './relay-id.js';

/**
 * The local server's answers to the schema: a root value whose fields, and
 * the objects they return, graphql-js's default resolvers read (a property,
 * or a method called with the field's arguments). Each object carries its
 * `__typename`, which resolves the schema's unions and interfaces.
 *
 * Saved automations come back the way W&B returns them (spec §8.4): an
 * artifact event's filter wrapped in `{"filter": …}`, saved JSON strings
 * spelled by Python's `json.dumps` (`", "`/`": "`), as the update vectors'
 * `saved_trigger` shows, while the `run_filter` string keeps the text it was
 * given.
 */

/** Relay paging arguments. */
interface PageArgs {
  readonly after?: string | null;
  readonly before?: string | null;
  readonly first?: number | null;
  readonly last?: number | null;
}

/** Page size when `first` is not given, and the largest accepted. */
const defaultPageSize = 50;
const maxPageSize = 100;

/** A relay connection over `items` (first/after only, as the SDK pages). */
function connection<T, N>(items: readonly T[], args: PageArgs, node: (item: T) => N) {
  if (args.last != null || args.before != null)
    throw new DevServerError(400, 'this server pages with first/after only');
  let start = 0;
  if (args.after != null) {
    const index = indexOfCursor(args.after);
    if (index === undefined) throw new DevServerError(400, `invalid cursor ${JSON.stringify(args.after)}`);
    start = index + 1;
  }
  const size = args.first == null ? defaultPageSize : args.first;
  if (size < 0) throw new DevServerError(400, '"first" must not be negative');
  const end = Math.min(items.length, start + Math.min(size, maxPageSize));
  const edges = items.slice(start, end).map((item, i) => ({ cursor: cursorAt(start + i), node: node(item) }));
  return {
    edges,
    pageInfo: {
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
    },
    totalCount: items.length,
  };
}

/**
 * The root value: every `Query` and `Mutation` field. The profile decides
 * what `serverInfo` says and which creates and updates are refused (its
 * schema, which the server validates against, leaves out what it lacks).
 */
export function rootValue(store: DevStore, profile: ServerProfile = profiles.saas) {
  const views = new Views(store);
  const refuse = (input: Readonly<Record<string, unknown>>) => {
    const why = refusal(profile, input);
    if (why !== undefined) throw new DevServerError(400, why);
  };
  return {
    viewer: () => views.viewer(),
    entity: ({ name }: { name?: string | null }) => {
      const entity = name == null ? undefined : store.entity(name);
      return entity === undefined ? null : views.entity(entity);
    },
    organization: ({ name }: { name?: string | null }) => {
      const entity = name == null ? undefined : store.organization(name);
      return entity === undefined ? null : views.organization(entity);
    },
    project: ({ name, entityName }: { name?: string | null; entityName?: string | null }) => {
      const project = name == null || entityName == null ? undefined : store.project(entityName, name);
      return project === undefined ? null : views.project(project);
    },
    serverInfo: () => serverInfoOf(profile),
    createFilterTrigger: ({ input }: { input: Record<string, unknown> }) => {
      refuse(input);
      return { clientMutationId: input.clientMutationId ?? null, trigger: views.trigger(store.createTrigger(input)) };
    },
    updateFilterTrigger: ({ input }: { input: Record<string, unknown> }) => {
      refuse(input);
      return { clientMutationId: input.clientMutationId ?? null, trigger: views.trigger(store.updateTrigger(input)) };
    },
    deleteTrigger: ({ input }: { input: { triggerID: string; clientMutationId?: string | null } }) => {
      store.deleteTrigger(input.triggerID);
      return { clientMutationId: input.clientMutationId ?? null, success: true };
    },
    createGenericWebhookIntegration: ({
      input,
    }: {
      input: Parameters<DevStore['addWebhookIntegration']>[0] & { clientMutationId?: string | null };
    }) => ({
      clientMutationId: input.clientMutationId ?? null,
      integration: views.integration(store.addWebhookIntegration(input)),
    }),
  };
}

/** Builds the response objects from records. */
class Views {
  constructor(private readonly store: DevStore) {}

  viewer() {
    const { store } = this;
    return {
      id: relayId('User', 1),
      name: 'local-dev',
      username: 'local-dev',
      projects: (args: PageArgs) => connection(store.data.projects, args, (p) => this.project(p)),
    };
  }

  entity(record: EntityRecord) {
    const { store } = this;
    return {
      __typename: 'Entity',
      id: record.id,
      name: record.name,
      entityType: record.type,
      projects: (args: PageArgs) =>
        connection(
          store.data.projects.filter((p) => p.entity === record.name),
          args,
          (p) => this.project(p),
        ),
      project: ({ name }: { name?: string | null }) => {
        const project = name == null ? undefined : store.project(record.name, name);
        return project === undefined ? null : this.project(project);
      },
      integrations: (args: PageArgs) => connection(store.integrations(record.name), args, (i) => this.integration(i)),
      triggers: (args: PageArgs & { filters?: string | null }) =>
        connection(byName(store.entityTriggers(record), args.filters), args, (t) => this.trigger(t)),
    };
  }

  organization(orgEntity: EntityRecord) {
    return {
      id: orgEntity.orgId ?? orgEntity.id,
      name: orgEntity.name,
      orgEntity: this.entity(orgEntity),
      triggers: (args: PageArgs & { filters?: string | null }) =>
        connection(byName(this.store.orgTriggers(orgEntity), args.filters), args, (t) => this.trigger(t)),
    };
  }

  project(record: ProjectRecord) {
    const { store } = this;
    const entity = store.entity(record.entity) as EntityRecord;
    return {
      __typename: 'Project',
      id: record.id,
      name: record.name,
      entityName: record.entity,
      entity: () => this.entity(entity),
      // The legacy listing (spec §8.3): the project's automations and, assumed, those of its collections.
      triggers: () =>
        store.data.triggers
          .filter(
            (t) =>
              (t.scopeType === 'PROJECT' && t.scopeID === record.id) ||
              (t.scopeType === 'ARTIFACT_COLLECTION' && store.collectionProjectId(t.scopeID) === record.id),
          )
          .map((t) => this.trigger(t)),
      artifactType: ({ name }: { name: string }) => {
        const type = store.artifactTypes(record).find((t) => t.name === name);
        return type === undefined ? null : this.artifactType(type);
      },
      artifactTypes: (args: PageArgs) => connection(store.artifactTypes(record), args, (t) => this.artifactType(t)),
    };
  }

  artifactType(record: ArtifactTypeRecord) {
    const { store } = this;
    return {
      id: record.id,
      name: record.name,
      artifactCollection: ({ name }: { name: string }) => {
        const collection = store.collections(record).find((c) => c.name === name);
        return collection === undefined ? null : this.collection(collection);
      },
      artifactCollections: (args: PageArgs) => connection(store.collections(record), args, (c) => this.collection(c)),
    };
  }

  collection(record: CollectionRecord) {
    const project = this.store.collectionProject(record);
    return {
      __typename: record.portfolio ? 'ArtifactPortfolio' : 'ArtifactSequence',
      id: record.id,
      name: record.name,
      project: () => (project === undefined ? null : this.project(project)),
    };
  }

  integration(record: IntegrationRecord) {
    return record.kind === 'slack'
      ? { __typename: 'SlackIntegration', id: record.id, teamName: record.team, channelName: record.channel }
      : { __typename: 'GenericWebhookIntegration', id: record.id, name: record.name, urlEndpoint: record.url };
  }

  scope(record: TriggerRecord) {
    const { store } = this;
    if (record.scopeType === 'PROJECT') {
      const project = store.projectById(record.scopeID);
      if (project !== undefined) return this.project(project);
    } else if (record.scopeType === 'ARTIFACT_COLLECTION') {
      const collection = store.collectionById(record.scopeID);
      if (collection !== undefined) return this.collection(collection);
    } else {
      const entity = store.entityById(record.scopeID);
      if (entity !== undefined) return this.entity(entity);
    }
    throw new DevServerError(500, `the scope of automation "${record.id}" no longer exists`);
  }

  trigger(record: TriggerRecord) {
    return {
      __typename: 'Trigger',
      id: record.id,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      createdBy: () => this.viewer(),
      name: record.name,
      description: record.description,
      enabled: record.enabled,
      scope: () => this.scope(record),
      triggeringCondition: () => ({
        __typename: 'FilterEventTriggeringCondition',
        eventType: record.eventType,
        filter: savedFilter(record),
      }),
      triggeredAction: () => this.action(record),
    };
  }

  action(record: TriggerRecord) {
    const { action } = record;
    const integration = () => {
      const found = action.integrationID === undefined ? undefined : this.store.integrationById(action.integrationID);
      if (found === undefined)
        throw new DevServerError(500, `the integration of automation "${record.id}" no longer exists`);
      return this.integration(found);
    };
    switch (record.actionType) {
      case 'NOTIFICATION':
        return {
          __typename: 'NotificationTriggeredAction',
          integration,
          title: action.title ?? null,
          message: action.message ?? null,
          severity: action.severity ?? null,
        };
      case 'GENERIC_WEBHOOK':
        return {
          __typename: 'GenericWebhookTriggeredAction',
          integration,
          requestPayload: action.requestPayload == null ? null : respell(action.requestPayload),
        };
      case 'QUEUE_JOB':
        return { __typename: 'QueueJobTriggeredAction', queue: null, template: action.template ?? '{}' };
      case 'PUSH_NOTIFICATION':
        return {
          __typename: 'PushNotificationTriggeredAction',
          title: action.title ?? null,
          body: action.body ?? null,
        };
      case 'ARIA':
        return { __typename: 'ARIATriggeredAction', prompt: action.prompt ?? '' };
      default:
        return { __typename: 'NoOpTriggeredAction', noOp: action.noOp ?? null };
    }
  }
}

/** The saved `event.filter`: artifact-event filters wrapped in `{"filter": …}`, all spelled by Python's `json.dumps`. */
function savedFilter(record: TriggerRecord): string {
  const parsed = parseJsonOrdered(record.eventFilter, { duplicateKeys: 'last-wins' });
  if (!parsed.ok) return record.eventFilter;
  const value =
    eventFamily(record.eventType) === 'mutation'
      ? { kind: 'object' as const, entries: [['filter', parsed.value] as const] }
      : parsed.value;
  return pythonJsonDumps(value);
}

function respell(json: string): string {
  const parsed = parseJsonOrdered(json, { duplicateKeys: 'last-wins' });
  return parsed.ok ? pythonJsonDumps(parsed.value) : json;
}

/** The `filters` argument of a trigger listing: `{"name": "<name>"}` (the only filter the SDK sends) or null. */
function byName(triggers: readonly TriggerRecord[], filters: string | null | undefined): readonly TriggerRecord[] {
  if (filters == null) return triggers;
  let parsed: unknown;
  try {
    parsed = JSON.parse(filters);
  } catch {
    throw new DevServerError(400, 'filters must be a JSON object');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new DevServerError(400, 'filters must be a JSON object');
  const unknown = Object.keys(parsed).filter((k) => k !== 'name');
  if (unknown.length > 0)
    throw new DevServerError(
      400,
      `unsupported filter ${JSON.stringify(unknown[0])}; this server filters by "name" only`,
    );
  const name = (parsed as { name?: unknown }).name;
  return name === undefined ? triggers : triggers.filter((t) => t.name === name);
}
