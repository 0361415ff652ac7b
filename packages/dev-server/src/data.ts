/**
 * The local server's state as it is kept in memory and in the `--data`
 * file: plain records that reference each other by ID (entities and
 * projects also by name, as W&B's lookups do). The file is this object as
 * JSON, with `format` naming the version so a future layout can migrate it.
 */

/** The `format` value of a data file this version reads and writes. */
export const dataFormat = 'wbrules-dev-server/1';

/** An entity: a team, an organization's org entity, or a user's personal entity. */
export interface EntityRecord {
  readonly id: string;
  readonly name: string;
  readonly type: 'team' | 'organization' | 'personal';
  /** For `organization` entities: the ID of the organization they stand for (the organization has the same name). */
  readonly orgId?: string;
  /** For teams: the organization (by name) the team belongs to, so its automations list under it. */
  readonly org?: string;
}

/** A project; a registry is the project `wandb-registry-<name>` of an org entity. */
export interface ProjectRecord {
  readonly id: string;
  readonly entity: string;
  readonly name: string;
}

/** An artifact type of a project. */
export interface ArtifactTypeRecord {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
}

/** An artifact collection; in a registry project it is a portfolio, else a sequence. */
export interface CollectionRecord {
  readonly id: string;
  readonly typeId: string;
  readonly name: string;
  readonly portfolio: boolean;
}

/** A Slack channel or a generic webhook configured for an entity. */
export type IntegrationRecord =
  | {
      readonly id: string;
      readonly entity: string;
      readonly kind: 'slack';
      readonly channel: string;
      readonly team: string;
    }
  | {
      readonly id: string;
      readonly entity: string;
      readonly kind: 'webhook';
      readonly name: string;
      readonly url: string;
      readonly secretRef?: string;
      readonly accessTokenRef?: string;
    };

/** The action of a saved automation: the one action input it was created with, as given. */
export interface ActionRecord {
  readonly integrationID?: string;
  readonly requestPayload?: string | null;
  readonly title?: string | null;
  readonly message?: string | null;
  readonly severity?: string | null;
  readonly noOp?: boolean | null;
  /** `QUEUE_JOB`'s template (seeded legacy automations only). */
  readonly template?: string;
  /** `PUSH_NOTIFICATION`'s body (seeded legacy automations only). */
  readonly body?: string | null;
  /** `ARIA`'s prompt (`ariaActionInput.prompt`, spec §6.5). */
  readonly prompt?: string;
}

/** A saved automation ("trigger"). */
export interface TriggerRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly enabled: boolean;
  readonly scopeType: string;
  readonly scopeID: string;
  readonly eventType: string;
  /** The `eventFilter` string exactly as given; the saved spelling is derived from it when read. */
  readonly eventFilter: string;
  readonly actionType: string;
  readonly action: ActionRecord;
  readonly createdAt: string;
  readonly updatedAt: string | null;
}

/** Everything the local server knows. */
export interface DevData {
  readonly format: typeof dataFormat;
  /** The API keys the server accepts. */
  readonly apiKeys: string[];
  /** The last number used in the IDs of each type (`Project` → 3 means `Project:3` exists). */
  readonly counters: Record<string, number>;
  readonly entities: EntityRecord[];
  readonly projects: ProjectRecord[];
  readonly artifactTypes: ArtifactTypeRecord[];
  readonly collections: CollectionRecord[];
  readonly integrations: IntegrationRecord[];
  readonly triggers: TriggerRecord[];
}

/** An empty state accepting the given keys. */
export function emptyData(apiKeys: readonly string[]): DevData {
  return {
    format: dataFormat,
    apiKeys: [...apiKeys],
    counters: {},
    entities: [],
    projects: [],
    artifactTypes: [],
    collections: [],
    integrations: [],
    triggers: [],
  };
}

/** The prefix of a registry's backing project. */
export { registryProjectPrefix as registryPrefix } from '@wbrules/compiler';
