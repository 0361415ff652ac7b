import { readFileSync } from 'node:fs';
import { actionConfigKeys, eventFamily } from '@wbrules/compiler';
import { formatJsonPath, validate, writeFileAtomic } from '@wbrules/runtime';
import {
  type ActionRecord,
  type ArtifactTypeRecord,
  type CollectionRecord,
  type DevData,
  dataFormat,
  type EntityRecord,
  type IntegrationRecord,
  type ProjectRecord,
  registryPrefix,
  type TriggerRecord,
} from './data.js';
import { relayId } from './relay-id.js';

/**
 * The local server's state and the rules W&B applies when it changes:
 * automation names unique per scope (HTTP 409, which the SDK reads as
 * "exists"), unknown IDs not found (404), payloads validated before they are
 * stored (400, with `validate`'s problems), and scopes and integrations that
 * must exist and be of the right kind. Every change is written to the data
 * file atomically (the runtime's `writeFileAtomic`) before it is answered,
 * and is made in memory only once it is on disk: a change that cannot be
 * saved leaves the state as it was and answers HTTP 500, so nothing is
 * acknowledged that a restart would lose.
 */

/** An error W&B would answer with this HTTP status. */
export class DevServerError extends Error {
  override readonly name = 'DevServerError';
  /**
   * Copied into the GraphQL error (graphql-js reads an original error's
   * `extensions`), so a client reading a batch of mutations can tell which
   * field failed how, even though the whole response has one HTTP status.
   */
  readonly extensions: { readonly status: number };

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.extensions = { status };
  }
}

/** The webhook integration name rule the SDK enforces (spec §7.4), Unicode-aware. */
const webhookNamePattern = /^[-\p{L}\p{N}\p{M}\p{Pc}]+( +[-\p{L}\p{N}\p{M}\p{Pc}]+)*$/u;

/** Options for {@link DevStore}. */
export interface DevStoreOptions {
  /** Persist every change here; in memory only when absent. */
  readonly file?: string;
  /** The clock for `createdAt`/`updatedAt`. */
  readonly now?: () => Date;
}

/** The local server's state, with W&B's rules for changing it. */
export class DevStore {
  private readonly file: string | undefined;
  private readonly now: () => Date;

  constructor(
    readonly data: DevData,
    options: DevStoreOptions = {},
  ) {
    this.file = options.file;
    this.now = options.now ?? (() => new Date());
  }

  /** Reads a data file written by {@link DevStore.save}. */
  static load(file: string, options: Omit<DevStoreOptions, 'file'> = {}): DevStore {
    const data = JSON.parse(readFileSync(file, 'utf8')) as DevData;
    if (data === null || typeof data !== 'object' || data.format !== dataFormat) {
      throw new DevServerError(
        500,
        `"${file}" is not a wbrules dev-server data file (expected "format": "${dataFormat}")`,
      );
    }
    return new DevStore(data, { ...options, file });
  }

  /** Writes the state to the data file (when there is one), atomically; readable by its owner only (it holds the API keys). */
  save(): void {
    if (this.file === undefined) return;
    writeFileAtomic(this.file, `${JSON.stringify(this.data, null, 2)}\n`, { mode: 0o600 });
  }

  /**
   * Makes a change and saves it, as one step: when the change is refused or
   * the save fails, the state is put back as it was, and a failed save
   * becomes a {@link DevServerError} 500 saying nothing was changed.
   * Changes replace records and never edit one in place, so copies of the
   * lists and counters are enough to put it back.
   */
  private commit<T>(change: () => T): T {
    const before = snapshot(this.data);
    let result: T;
    try {
      result = change();
    } catch (error) {
      restore(this.data, before);
      throw error;
    }
    try {
      this.save();
    } catch (error) {
      restore(this.data, before);
      throw new DevServerError(
        500,
        `the change was not made: the state could not be saved to "${this.file}" (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    return result;
  }

  // --- Building (seeds and mutations) -------------------------------------------------

  /** A new ID of a type: `Project:1`, `Project:2`, … in base64. */
  nextId(type: string): string {
    const n = (this.data.counters[type] ?? 0) + 1;
    this.data.counters[type] = n;
    return relayId(type, n);
  }

  /** A team, an organization (with its org entity, both named `name`) or a personal entity; names are unique. */
  addEntity(name: string, type: EntityRecord['type'], org?: string): EntityRecord {
    if (this.entity(name) !== undefined) throw new DevServerError(409, `an entity named "${name}" already exists`);
    const record: EntityRecord = {
      id: this.nextId('Entity'),
      name,
      type,
      ...(type === 'organization' ? { orgId: this.nextId('Organization') } : {}),
      ...(org === undefined ? {} : { org }),
    };
    this.data.entities.push(record);
    return record;
  }

  /** A project (a registry is the project `wandb-registry-<name>` of an org entity). */
  addProject(entity: string, name: string): ProjectRecord {
    if (this.entity(entity) === undefined) throw new DevServerError(404, `entity "${entity}" not found`);
    if (this.project(entity, name) !== undefined)
      throw new DevServerError(409, `project "${entity}/${name}" already exists`);
    const record: ProjectRecord = { id: this.nextId('Project'), entity, name };
    this.data.projects.push(record);
    return record;
  }

  /** The project's artifact type `name`, created on first use. */
  addArtifactType(project: ProjectRecord, name: string): ArtifactTypeRecord {
    const existing = this.data.artifactTypes.find((t) => t.projectId === project.id && t.name === name);
    if (existing !== undefined) return existing;
    const record: ArtifactTypeRecord = { id: this.nextId('ArtifactType'), projectId: project.id, name };
    this.data.artifactTypes.push(record);
    return record;
  }

  /** A collection: a portfolio in a registry project, else a sequence. */
  addCollection(type: ArtifactTypeRecord, name: string): CollectionRecord {
    if (this.data.collections.some((c) => c.typeId === type.id && c.name === name)) {
      throw new DevServerError(409, `collection "${name}" of type "${type.name}" already exists`);
    }
    const project = this.projectById(type.projectId);
    const record: CollectionRecord = {
      id: this.nextId('ArtifactCollection'),
      typeId: type.id,
      name,
      portfolio: project?.name.startsWith(registryPrefix) === true,
    };
    this.data.collections.push(record);
    return record;
  }

  /** A Slack channel integration (W&B creates these through Slack's OAuth, so only seeds add them). */
  addSlackIntegration(entity: string, channel: string, team: string): IntegrationRecord {
    if (this.entity(entity) === undefined) throw new DevServerError(404, `entity "${entity}" not found`);
    const record: IntegrationRecord = { id: this.nextId('Integration'), entity, kind: 'slack', channel, team };
    this.data.integrations.push(record);
    return record;
  }

  /** `createGenericWebhookIntegration`: the entity must exist; names follow the SDK's rule and are unique per entity. */
  addWebhookIntegration(input: {
    readonly entityName: string;
    readonly name: string;
    readonly urlEndpoint: string;
    readonly secretRef?: string | null;
    readonly accessTokenRef?: string | null;
  }): IntegrationRecord {
    const { entityName: entity, name, urlEndpoint: url } = input;
    if (this.entity(entity) === undefined) throw new DevServerError(404, `entity "${entity}" not found`);
    if ([...name].length > 64 || !webhookNamePattern.test(name)) {
      throw new DevServerError(
        400,
        `invalid integration name "${name}": at most 64 letters, digits, "_", "-" and single spaces`,
      );
    }
    if (!/^https?:\/\/[^\s]+$/.test(url))
      throw new DevServerError(400, `invalid urlEndpoint "${url}": expected an http(s) URL`);
    if (this.data.integrations.some((i) => i.entity === entity && i.kind === 'webhook' && i.name === name)) {
      throw new DevServerError(409, `an integration named "${name}" already exists in entity "${entity}"`);
    }
    return this.commit(() => {
      const record: IntegrationRecord = {
        id: this.nextId('Integration'),
        entity,
        kind: 'webhook',
        name,
        url,
        ...(input.secretRef == null ? {} : { secretRef: input.secretRef }),
        ...(input.accessTokenRef == null ? {} : { accessTokenRef: input.accessTokenRef }),
      };
      this.data.integrations.push(record);
      return record;
    });
  }

  // --- Reading ---------------------------------------------------------------------------

  /** An entity by name. */
  entity(name: string): EntityRecord | undefined {
    return this.data.entities.find((e) => e.name === name);
  }

  /** An entity by ID. */
  entityById(id: string): EntityRecord | undefined {
    return this.data.entities.find((e) => e.id === id);
  }

  /** The org entity of the organization `name` (an organization is named like its entity here). */
  organization(name: string): EntityRecord | undefined {
    const entity = this.entity(name);
    return entity?.type === 'organization' ? entity : undefined;
  }

  /** A project by entity and name. */
  project(entity: string, name: string): ProjectRecord | undefined {
    return this.data.projects.find((p) => p.entity === entity && p.name === name);
  }

  /** A project by ID. */
  projectById(id: string): ProjectRecord | undefined {
    return this.data.projects.find((p) => p.id === id);
  }

  /** A project's artifact types, in creation order. */
  artifactTypes(project: ProjectRecord): ArtifactTypeRecord[] {
    return this.data.artifactTypes.filter((t) => t.projectId === project.id);
  }

  /** An artifact type's collections, in creation order. */
  collections(type: ArtifactTypeRecord): CollectionRecord[] {
    return this.data.collections.filter((c) => c.typeId === type.id);
  }

  /** A collection by ID. */
  collectionById(id: string): CollectionRecord | undefined {
    return this.data.collections.find((c) => c.id === id);
  }

  /** The project a collection belongs to. */
  collectionProject(collection: CollectionRecord): ProjectRecord | undefined {
    const type = this.data.artifactTypes.find((t) => t.id === collection.typeId);
    return type === undefined ? undefined : this.projectById(type.projectId);
  }

  /** The ID of the project a collection (by ID) belongs to. */
  collectionProjectId(collectionId: string): string | undefined {
    const collection = this.collectionById(collectionId);
    return collection === undefined ? undefined : this.collectionProject(collection)?.id;
  }

  /** An entity's integrations, in creation order. */
  integrations(entity: string): IntegrationRecord[] {
    return this.data.integrations.filter((i) => i.entity === entity);
  }

  /** An integration by ID. */
  integrationById(id: string): IntegrationRecord | undefined {
    return this.data.integrations.find((i) => i.id === id);
  }

  /** The entity that owns a trigger's scope (its project's entity, or the scope entity itself). */
  ownerOf(trigger: TriggerRecord): EntityRecord | undefined {
    switch (trigger.scopeType) {
      case 'PROJECT': {
        const project = this.projectById(trigger.scopeID);
        return project === undefined ? undefined : this.entity(project.entity);
      }
      case 'ARTIFACT_COLLECTION': {
        const collection = this.collectionById(trigger.scopeID);
        const project = collection === undefined ? undefined : this.collectionProject(collection);
        return project === undefined ? undefined : this.entity(project.entity);
      }
      default:
        return this.entityById(trigger.scopeID);
    }
  }

  /** Automations whose scope the entity owns, in creation order. */
  entityTriggers(entity: EntityRecord): TriggerRecord[] {
    return this.data.triggers.filter((t) => this.ownerOf(t)?.id === entity.id);
  }

  /** Automations of an organization: those its org entity owns and those of its teams. */
  orgTriggers(orgEntity: EntityRecord): TriggerRecord[] {
    return this.data.triggers.filter((t) => {
      const owner = this.ownerOf(t);
      return owner !== undefined && (owner.id === orgEntity.id || owner.org === orgEntity.name);
    });
  }

  // --- Automations -----------------------------------------------------------------------

  /** `createFilterTrigger`. */
  createTrigger(input: Readonly<Record<string, unknown>>): TriggerRecord {
    return this.commit(() => {
      const record = this.checkedTrigger(input, this.nextIdPreview('Trigger'), undefined);
      this.nextId('Trigger');
      this.data.triggers.push(record);
      return record;
    });
  }

  /**
   * An automation as W&B may hold it but no longer lets one create (a seed's
   * `"saved": true` trigger): a legacy event or action (`UPDATE_ARTIFACT_ALIAS`,
   * `QUEUE_JOB`), a personal-entity scope, a filter of any
   * shape. Only the scope must exist; nothing else is checked.
   */
  addSavedTrigger(input: Readonly<Record<string, unknown>>): TriggerRecord {
    const scopeType = String(input.scopeType);
    const scopeID = String(input.scopeID);
    const found =
      scopeType === 'PROJECT'
        ? this.projectById(scopeID)
        : scopeType === 'ARTIFACT_COLLECTION'
          ? this.collectionById(scopeID)
          : this.entityById(scopeID);
    if (found === undefined) throw new DevServerError(404, `scope "${scopeID}" not found`);
    const actionType = String(input.triggeredActionType);
    const configs = (input.triggeredActionConfig ?? {}) as Record<string, Record<string, unknown>>;
    const config = configs[savedActionConfigKeys[actionType] ?? ''] ?? {};
    const timestamp = this.now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    const record: TriggerRecord = {
      id: this.nextIdPreview('Trigger'),
      name: String(input.name),
      description: typeof input.description === 'string' ? input.description : null,
      enabled: input.enabled !== false,
      scopeType,
      scopeID,
      eventType: String(input.triggeringEventType),
      eventFilter: typeof input.eventFilter === 'string' ? input.eventFilter : JSON.stringify(input.eventFilter ?? {}),
      actionType,
      action: actionRecord(config),
      createdAt: timestamp,
      updatedAt: null,
    };
    return this.commit(() => {
      this.nextId('Trigger');
      this.data.triggers.push(record);
      return record;
    });
  }

  /** `updateFilterTrigger`: the fields given replace the saved ones; the result must be valid as a whole. */
  updateTrigger(input: Readonly<Record<string, unknown>>): TriggerRecord {
    const id = String(input.id);
    const index = this.data.triggers.findIndex((t) => t.id === id);
    const saved = this.data.triggers[index];
    if (saved === undefined) throw new DevServerError(404, `automation "${id}" not found`);
    const merged: Record<string, unknown> = { ...inputOf(saved) };
    for (const [key, value] of Object.entries(input))
      if (key !== 'id' && key !== 'clientMutationId' && value != null) merged[key] = value;
    return this.commit(() => {
      const record = this.checkedTrigger(merged, saved.id, saved);
      this.data.triggers[index] = record;
      return record;
    });
  }

  /** `deleteTrigger`. */
  deleteTrigger(id: string): void {
    const index = this.data.triggers.findIndex((t) => t.id === id);
    if (index < 0) throw new DevServerError(404, `automation "${id}" not found`);
    this.commit(() => {
      this.data.triggers.splice(index, 1);
    });
  }

  private nextIdPreview(type: string): string {
    return relayId(type, (this.data.counters[type] ?? 0) + 1);
  }

  /** A complete create input, checked the way W&B checks it, as the record to store. */
  private checkedTrigger(
    input: Readonly<Record<string, unknown>>,
    id: string,
    saved: TriggerRecord | undefined,
  ): TriggerRecord {
    const result = validate(input, { kind: 'create' });
    if (!result.ok) {
      throw new DevServerError(
        400,
        `invalid automation: ${result.problems.map((p) => `${formatJsonPath(p.path)}: ${p.message}`).join('; ')}`,
      );
    }
    const scopeType = input.scopeType as string;
    const scopeID = String(input.scopeID);
    const eventType = input.triggeringEventType as string;
    this.checkScope(scopeType, scopeID, eventType);
    const actionType = input.triggeredActionType as string;
    const config =
      (input.triggeredActionConfig as Record<string, Record<string, unknown>>)[
        savedActionConfigKeys[actionType] as string
      ] ?? {};
    this.checkIntegration(actionType, config);
    const name = input.name as string;
    const clash = this.data.triggers.find(
      (t) => t.id !== id && t.scopeType === scopeType && t.scopeID === scopeID && t.name === name,
    );
    if (clash !== undefined)
      throw new DevServerError(409, `an automation named "${name}" already exists in this scope`);
    const timestamp = this.now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    return {
      id,
      name,
      description: typeof input.description === 'string' ? input.description : null,
      enabled: input.enabled as boolean,
      scopeType,
      scopeID,
      eventType,
      eventFilter: input.eventFilter as string,
      actionType,
      action: actionRecord(config),
      createdAt: saved?.createdAt ?? timestamp,
      updatedAt: saved === undefined ? null : timestamp,
    };
  }

  private checkScope(scopeType: string, scopeID: string, eventType: string): void {
    if (scopeType === 'PROJECT') {
      const project = this.projectById(scopeID);
      if (project === undefined) throw new DevServerError(404, `project "${scopeID}" not found`);
      if (project.name.startsWith(registryPrefix) && eventFamily(eventType) === 'run') {
        throw new DevServerError(400, `the event "${eventType}" is not allowed on a registry`);
      }
    } else if (scopeType === 'ARTIFACT_COLLECTION') {
      if (this.collectionById(scopeID) === undefined)
        throw new DevServerError(404, `artifact collection "${scopeID}" not found`);
    } else {
      const entity = this.entityById(scopeID);
      if (entity === undefined) throw new DevServerError(404, `entity "${scopeID}" not found`);
      if (entity.type === 'personal')
        throw new DevServerError(400, `the personal entity "${entity.name}" cannot be an automation scope`);
    }
  }

  private checkIntegration(actionType: string, config: Readonly<Record<string, unknown>>): void {
    const wanted = actionType === 'NOTIFICATION' ? 'slack' : actionType === 'GENERIC_WEBHOOK' ? 'webhook' : undefined;
    if (wanted === undefined) return;
    const id = String(config.integrationID);
    const integration = this.integrationById(id);
    if (integration === undefined) throw new DevServerError(404, `integration "${id}" not found`);
    if (integration.kind !== wanted) {
      throw new DevServerError(
        400,
        `the action "${actionType}" needs a ${wanted === 'slack' ? 'Slack' : 'webhook'} integration, but "${id}" is a ${integration.kind === 'slack' ? 'Slack' : 'webhook'} integration`,
      );
    }
  }
}

/** The config key of every action type a saved automation may have, ARIA included (spec §6.5). */
const savedActionConfigKeys: Readonly<Record<string, string>> = { ...actionConfigKeys, ARIA: 'ariaActionInput' };

/** The action input as stored: its members as given (absent ones stay absent). */
function actionRecord(config: Readonly<Record<string, unknown>>): ActionRecord {
  const out: Record<string, unknown> = {};
  for (const key of [
    'integrationID',
    'requestPayload',
    'title',
    'message',
    'severity',
    'noOp',
    'template',
    'body',
    'prompt',
  ]) {
    if (config[key] !== undefined) out[key] = config[key];
  }
  return out as ActionRecord;
}

/** A saved automation as a complete create input, the base an update is merged into. */
function inputOf(trigger: TriggerRecord): Record<string, unknown> {
  return {
    ...(trigger.description === null ? {} : { description: trigger.description }),
    enabled: trigger.enabled,
    eventFilter: trigger.eventFilter,
    name: trigger.name,
    scopeID: trigger.scopeID,
    scopeType: trigger.scopeType,
    triggeredActionConfig: { [savedActionConfigKeys[trigger.actionType] as string]: trigger.action },
    triggeredActionType: trigger.actionType,
    triggeringEventType: trigger.eventType,
  };
}

/** The lists and counters of a state, copied (the records are shared: changes never edit one in place). */
type Snapshot = { -readonly [K in keyof DevData]: DevData[K] };

function snapshot(data: DevData): Snapshot {
  return {
    format: data.format,
    apiKeys: [...data.apiKeys],
    counters: { ...data.counters },
    entities: [...data.entities],
    projects: [...data.projects],
    artifactTypes: [...data.artifactTypes],
    collections: [...data.collections],
    integrations: [...data.integrations],
    triggers: [...data.triggers],
  };
}

/** Puts a state's lists and counters back as `before` holds them (the objects stay the same, so references to them do too). */
function restore(data: DevData, before: Snapshot): void {
  for (const key of Object.keys(data.counters)) delete data.counters[key];
  Object.assign(data.counters, before.counters);
  const lists = [
    'apiKeys',
    'entities',
    'projects',
    'artifactTypes',
    'collections',
    'integrations',
    'triggers',
  ] as const;
  for (const key of lists) {
    const list: unknown[] = data[key];
    const saved: readonly unknown[] = before[key];
    list.length = saved.length;
    for (let i = 0; i < saved.length; i++) list[i] = saved[i];
  }
}
