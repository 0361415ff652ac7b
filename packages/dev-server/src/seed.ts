import { emptyData, registryPrefix } from './data.js';
import { DevServerError, DevStore, type DevStoreOptions } from './store.js';

/**
 * The seed fixture of `wbrules dev-server --seed`: what a fresh local server
 * contains. Every list is optional; objects are created in the order given,
 * so IDs are predictable (the first project is `Project:1`, `UHJvamVjdDox`).
 *
 * ```json
 * {
 *   "apiKeys": ["local-dev-key"],
 *   "entities": [{"name": "acme", "type": "team"}, {"name": "acme-org", "type": "organization"}],
 *   "projects": [{"entity": "acme", "name": "vision"}],
 *   "registries": [{"org": "acme-org", "name": "model"}],
 *   "collections": [{"entity": "acme", "project": "vision", "type": "model", "name": "resnet-weights"}],
 *   "integrations": [
 *     {"entity": "acme", "kind": "webhook", "name": "github-dispatch", "url": "https://hooks.example.com/ci"},
 *     {"entity": "acme", "kind": "slack", "channel": "#ml-alerts", "team": "acme-slack"}
 *   ]
 * }
 * ```
 *
 * - `apiKeys`: the keys the server accepts (default `["local-dev-key"]`).
 * - `entities[].type`: `team`, `organization` (an organization and its org
 *   entity, both with this name) or `personal`; a team may name its
 *   organization with `"org"` (its automations then list under it too).
 * - `registries`: the project `wandb-registry-<name>` in the organization's entity.
 * - `collections`: the project (or registry project, `wandb-registry-<name>`
 *   in the organization's entity) must be listed; the artifact type is
 *   created on first use. Collections in a registry are portfolios, others
 *   sequences.
 * - `integrations[].team` (Slack workspace name) defaults to the entity's name.
 * - `triggers`: optional `CreateFilterTriggerInput` objects, created (and
 *   validated) as `createFilterTrigger` would. One with `"saved": true` is
 *   stored as given instead, as W&B may hold automations it no longer lets
 *   anyone create: a legacy event or action (`UPDATE_ARTIFACT_ALIAS`,
 *   `QUEUE_JOB` with `queueJobActionInput.template`), an `ARIA` action
 *   (`ariaActionInput.prompt`), a personal-entity scope, any filter; only its
 *   scope must exist.
 * - `$schema`: the seed's JSON Schema (schemas/dev-seed.schema.json), for
 *   editors; accepted and ignored.
 */

/** A seed fixture that cannot be loaded; `problems` name each place (`projects[0].entity: …`). */
export class SeedError extends Error {
  override readonly name = 'SeedError';

  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
  }
}

/** The API key a seed without `apiKeys` gets. */
export const defaultApiKey = 'local-dev-key';

/**
 * Builds an in-memory store from a parsed seed fixture (give it a data file
 * afterwards with `new DevStore(store.data, { file })`); throws
 * {@link SeedError} listing every problem.
 */
export function storeFromSeed(seed: unknown, options: Omit<DevStoreOptions, 'file'> = {}): DevStore {
  const problems: string[] = [];
  if (!isObject(seed)) throw new SeedError(['the seed must be a JSON object']);
  const known = [
    'apiKeys',
    'entities',
    'projects',
    'registries',
    'artifactTypes',
    'collections',
    'integrations',
    'triggers',
  ];
  for (const key of Object.keys(seed))
    if (!known.includes(key) && key !== '$schema')
      problems.push(`${key}: unknown seed section (sections are ${known.join(', ')})`);
  // `$schema` names the seed's JSON Schema for editors; nothing else reads it.
  if (seed.$schema !== undefined && typeof seed.$schema !== 'string')
    problems.push('$schema: expected a string (the URL or path of the JSON Schema the seed follows)');
  const apiKeys = seed.apiKeys === undefined ? [defaultApiKey] : seed.apiKeys;
  if (!Array.isArray(apiKeys) || apiKeys.some((k) => typeof k !== 'string' || k === '')) {
    problems.push('apiKeys: expected an array of non-empty strings');
  }
  const keys = Array.isArray(apiKeys) ? apiKeys.filter((k): k is string => typeof k === 'string') : [];
  const store = new DevStore(emptyData(keys), options.now === undefined ? {} : { now: options.now });

  const each = (section: string, fn: (item: Record<string, unknown>, at: string) => void) => {
    const list = seed[section];
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      problems.push(`${section}: expected an array`);
      return;
    }
    list.forEach((item, i) => {
      const at = `${section}[${i}]`;
      if (!isObject(item)) {
        problems.push(`${at}: expected an object`);
        return;
      }
      try {
        fn(item, at);
      } catch (error) {
        if (error instanceof DevServerError) problems.push(`${at}: ${error.message}`);
        else if (error instanceof FieldError) problems.push(`${at}.${error.field}: ${error.message}`);
        else throw error;
      }
    });
  };

  each('entities', (item) => {
    const type = text(item, 'type');
    const kind = type === 'user' ? 'personal' : type;
    if (kind !== 'team' && kind !== 'organization' && kind !== 'personal') {
      throw new FieldError('type', `expected "team", "organization" or "personal", found ${JSON.stringify(type)}`);
    }
    store.addEntity(text(item, 'name'), kind, optionalText(item, 'org'));
  });
  each('projects', (item) => {
    store.addProject(text(item, 'entity'), text(item, 'name'));
  });
  each('registries', (item) => {
    const org = text(item, 'org');
    if (store.organization(org) === undefined)
      throw new FieldError('org', `no organization entity "${org}" in "entities"`);
    store.addProject(org, `${registryPrefix}${text(item, 'name')}`);
  });
  const projectOf = (item: Record<string, unknown>) => {
    const entity = text(item, 'entity');
    const name = text(item, 'project');
    const project = store.project(entity, name);
    if (project === undefined)
      throw new FieldError('project', `no project "${entity}/${name}" in "projects" or "registries"`);
    return project;
  };
  each('artifactTypes', (item) => {
    store.addArtifactType(projectOf(item), text(item, 'name'));
  });
  each('collections', (item) => {
    store.addCollection(store.addArtifactType(projectOf(item), text(item, 'type')), text(item, 'name'));
  });
  each('integrations', (item) => {
    const entity = text(item, 'entity');
    const kind = text(item, 'kind');
    if (kind === 'slack') {
      const channel = text(item, 'channel');
      if (!channel.startsWith('#'))
        throw new FieldError('channel', `expected a channel name starting with "#", found ${JSON.stringify(channel)}`);
      store.addSlackIntegration(entity, channel, optionalText(item, 'team') ?? entity);
    } else if (kind === 'webhook') {
      store.addWebhookIntegration({ entityName: entity, name: text(item, 'name'), urlEndpoint: text(item, 'url') });
    } else {
      throw new FieldError('kind', `expected "webhook" or "slack", found ${JSON.stringify(kind)}`);
    }
  });
  each('triggers', (item) => {
    const { saved, ...input } = item;
    if (saved !== undefined && typeof saved !== 'boolean') throw new FieldError('saved', 'expected true or false');
    if (saved === true) store.addSavedTrigger(input);
    else store.createTrigger(input);
  });
  if (problems.length > 0) throw new SeedError(problems);
  return store;
}

class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(item: Record<string, unknown>, field: string): string {
  const value = item[field];
  if (typeof value !== 'string' || value === '') throw new FieldError(field, 'expected a non-empty string');
  return value;
}

function optionalText(item: Record<string, unknown>, field: string): string | undefined {
  return item[field] === undefined ? undefined : text(item, field);
}
