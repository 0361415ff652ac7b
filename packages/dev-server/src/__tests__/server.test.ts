import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseJsonOrdered } from '@wbrules/compiler';
import { AuthError, ConflictError, GraphQLClient, HttpStatusError, NotFoundError, WandbApi } from '@wbrules/runtime';
import { afterAll, describe, expect, test } from 'vitest';
import { openDevStore, pythonJsonDumps, SeedError, startDevServer, storeFromSeed } from '../index.js';
import { acmeSeed, startHarness, testKey, vectorSeed } from './harness.js';
import { vectorCases } from './vectors.js';

/** Parsed JSON from the vectors and responses, read field by field. */
// biome-ignore lint/suspicious/noExplicitAny: test data read from JSON
type Json = any;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wbrules-dev-'));
  dirs.push(dir);
  return dir;
}

/** The create input that saves as `saved` (what the SDK would have sent to create it). */
function createInputFor(saved: Json): Record<string, unknown> {
  const filter = JSON.parse(saved.event.filter);
  const action = saved.action;
  const config =
    action.__typename === 'GenericWebhookTriggeredAction'
      ? {
          genericWebhookActionInput: {
            integrationID: action.integration.id,
            requestPayload: JSON.stringify(JSON.parse(action.requestPayload)),
          },
        }
      : action.__typename === 'NotificationTriggeredAction'
        ? {
            notificationActionInput: Object.fromEntries(
              Object.entries({
                integrationID: action.integration.id,
                title: action.title,
                message: action.message,
                severity: action.severity,
              }).filter(([, v]) => v !== null),
            ),
          }
        : action.__typename === 'ARIATriggeredAction'
          ? { ariaActionInput: { prompt: action.prompt } }
          : { noOpActionInput: { noOp: true } };
  const scopeType = {
    Project: 'PROJECT',
    ArtifactPortfolio: 'ARTIFACT_COLLECTION',
    ArtifactSequence: 'ARTIFACT_COLLECTION',
    Entity: 'ENTITY',
  }[saved.scope.__typename as string];
  return {
    ...(saved.description === null ? {} : { description: saved.description }),
    enabled: saved.enabled,
    eventFilter: JSON.stringify('filter' in filter ? filter.filter : filter),
    name: saved.name,
    scopeID: saved.scope.id,
    scopeType,
    triggeredActionConfig: config,
    triggeredActionType:
      {
        GenericWebhookTriggeredAction: 'GENERIC_WEBHOOK',
        NotificationTriggeredAction: 'NOTIFICATION',
        ARIATriggeredAction: 'ARIA',
      }[action.__typename as string] ?? 'NO_OP',
    triggeringEventType: saved.event.eventType,
  };
}

describe('responses have the exact shape of spec §8.4', () => {
  const updates = vectorCases().filter(({ case: c }) => c.operation === 'UpdateAutomation');
  test.each(updates.map(({ case: c }) => [c.id, c] as const))(
    '%s: create answers saved_trigger byte for byte, then the update applies',
    async (_id, c) => {
      const { api } = await startHarness(vectorSeed);
      const saved = c.saved_trigger as Json;
      expect(await api.createAutomation(createInputFor(saved))).toEqual(saved);
      const updated = await api.updateAutomation(c.expected as Record<string, unknown>);
      const expected = c.expected as Json;
      expect(updated).toMatchObject({
        id: expected.id,
        name: expected.name,
        enabled: expected.enabled,
        updatedAt: '2025-01-01T00:00:00Z',
      });
      expect(updated.scope.id).toBe(expected.scopeID);
      expect(updated.event.eventType).toBe(expected.triggeringEventType);
      const inner = JSON.parse(updated.event.filter);
      expect(JSON.stringify('filter' in inner ? inner.filter : inner)).toBe(
        JSON.stringify(JSON.parse(expected.eventFilter)),
      );
    },
  );

  test('every create vector is accepted and saved with its filter wrapped and respelled', async () => {
    const { api } = await startHarness(vectorSeed);
    const creates = vectorCases().filter(({ case: c }) => c.operation === 'CreateAutomation' && c.expected != null);
    for (const { case: c } of creates) {
      const input: Record<string, unknown> = { ...(c.expected as Record<string, unknown>), name: c.id };
      const saved = await api.createAutomation(input);
      const parsed = parseJsonOrdered(input.eventFilter as string);
      if (!parsed.ok) throw new Error('vector eventFilter does not parse');
      const mutation = (input.eventFilter as string).startsWith('{"$or"');
      expect(saved.event.filter).toBe(
        mutation
          ? pythonJsonDumps({ kind: 'object', entries: [['filter', parsed.value]] })
          : pythonJsonDumps(parsed.value),
      );
    }
    // The org listing covers the org entity's scopes and those of its team.
    expect((await api.listOrgAutomations('my-org')).length).toBe(creates.length);
  });

  test('an artifact collection names its project and entity (what pull needs for a path)', async () => {
    const { client } = await startHarness(vectorSeed);
    const data = await client.request<Json>(
      {
        name: 'CollectionPath',
        document:
          'query CollectionPath { project(entityName: "my-org", name: "wandb-registry-models") { artifactType(name: "model") { artifactCollection(name: "my-model") { __typename id project { name entity { name entityType } } } } } }',
      },
      {},
    );
    expect(data.project.artifactType.artifactCollection).toEqual({
      __typename: 'ArtifactPortfolio',
      id: 'QXJ0aWZhY3RDb2xsZWN0aW9uOjI=',
      project: { name: 'wandb-registry-models', entity: { name: 'my-org', entityType: 'organization' } },
    });
  });
});

describe('W&B rules', () => {
  const input = {
    enabled: true,
    eventFilter: '{"$or":[{"$and":[]}]}',
    name: 'link',
    scopeID: 'UHJvamVjdDox',
    scopeType: 'PROJECT',
    triggeredActionConfig: { noOpActionInput: { noOp: true } },
    triggeredActionType: 'NO_OP',
    triggeringEventType: 'LINK_MODEL',
  };

  test('a name is unique per scope: HTTP 409, which the client reads as a conflict', async () => {
    const { api } = await startHarness(vectorSeed);
    await api.createAutomation(input);
    const error = await api.createAutomation(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).status).toBe(409);
    expect((error as Error).message).toBe(
      'CreateAutomation: an automation named "link" already exists in this scope (HTTP 409)',
    );
    // The same name in another scope is fine.
    await expect(api.createAutomation({ ...input, scopeID: 'UHJvamVjdDoy' })).resolves.toMatchObject({ name: 'link' });
    // Renaming onto a taken name is a conflict too.
    const other = await api.createAutomation({ ...input, name: 'other' });
    await expect(api.updateAutomation({ id: other.id, name: 'link' })).rejects.toBeInstanceOf(ConflictError);
  });

  test('unknown IDs are not found (404)', async () => {
    const { api } = await startHarness(vectorSeed);
    const missing = await api.updateAutomation({ id: 'VHJpZ2dlcjo5OQ==', name: 'x' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as Error).message).toBe('UpdateAutomation: automation "VHJpZ2dlcjo5OQ==" not found (HTTP 404)');
    await expect(api.deleteAutomation('VHJpZ2dlcjo5OQ==')).rejects.toBeInstanceOf(NotFoundError);
    await expect(api.createAutomation({ ...input, scopeID: 'UHJvamVjdDo5' })).rejects.toThrow(
      'project "UHJvamVjdDo5" not found',
    );
    const created = await api.createAutomation(input);
    await api.deleteAutomation(created.id);
    expect(await api.listEntityAutomations('my-team')).toEqual([]);
  });

  test('stored JSON strings and references are validated on the server (400)', async () => {
    const { api } = await startHarness(vectorSeed);
    const bad = await api.createAutomation({ ...input, eventFilter: '{"$or":[' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(HttpStatusError);
    expect((bad as HttpStatusError).status).toBe(400);
    expect((bad as Error).message).toBe(
      'CreateAutomation: the server answered HTTP 400: invalid automation: eventFilter: expected a string holding JSON, but it does not parse: unexpected end of JSON text; expected a value (at character 9)',
    );
    await expect(
      api.createAutomation({
        ...input,
        triggeredActionType: 'NOTIFICATION',
        triggeredActionConfig: { notificationActionInput: { integrationID: 'SW50ZWdyYXRpb246Mg==' } },
      }),
    ).rejects.toThrow(
      'the action "NOTIFICATION" needs a Slack integration, but "SW50ZWdyYXRpb246Mg==" is a webhook integration',
    );
    await expect(
      api.createAutomation({
        ...input,
        triggeringEventType: 'RUN_STATE',
        eventFilter: '{"run_filter":"{\\"$and\\":[]}","run_state_filter":{"states":["FAILED"]}}',
        scopeID: 'UHJvamVjdDoy',
      }),
    ).rejects.toThrow('the event "RUN_STATE" is not allowed on a registry');
  });

  test('the API key is required: 401 without a valid one, never retried', async () => {
    const { server, client2 } = await startHarness(vectorSeed);
    const wrong = client2({ apiKey: 'wrong-key-0123456789abcdef', retry: { maxRetries: 3 } });
    const error = await new WandbApi(wrong).lookupProject('my-team', 'my-project').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).status).toBe(401);
    expect(wrong.stats).toEqual({ requests: 1, attempts: 1 });
    expect((error as Error).message).not.toContain('wrong-key-0123456789abcdef');
    const bare = await fetch(server.url, { method: 'POST', body: JSON.stringify({ query: '{ viewer { id } }' }) });
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toBe('Basic realm="wandb"');
  });

  test('webhook integrations: created with the SDK variables, names checked and unique per entity', async () => {
    const { api, sent } = await startHarness(vectorSeed);
    const vector = vectorCases().find(({ case: c }) => c.id === 'create-webhook-integration')?.case;
    const variables = vector?.expected_variables as {
      input: { entityName: string; name: string; urlEndpoint: string };
    };
    expect(await api.createWebhookIntegration(variables.input)).toEqual({
      __typename: 'GenericWebhookIntegration',
      id: 'SW50ZWdyYXRpb246Mw==',
      name: 'ci hook-1',
      urlEndpoint: 'https://example.com/hook',
    });
    expect(sent.at(-1)?.variables).toEqual(variables);
    await expect(api.createWebhookIntegration(variables.input)).rejects.toBeInstanceOf(ConflictError);
    await expect(api.createWebhookIntegration({ ...variables.input, name: 'tab\tname' })).rejects.toThrow(
      'invalid integration name',
    );
  });
});

describe('paginated listings', () => {
  test('more than 100 automations and integrations are listed page by page', async () => {
    const seed = {
      apiKeys: [testKey],
      entities: [
        { name: 'big', type: 'team', org: 'big-org' },
        { name: 'big-org', type: 'organization' },
      ],
      projects: [{ entity: 'big', name: 'p' }],
      integrations: Array.from({ length: 150 }, (_, i) => ({
        entity: 'big',
        kind: 'webhook',
        name: `hook-${i}`,
        url: 'https://h.example.com',
      })),
      triggers: Array.from({ length: 120 }, (_, i) => ({
        enabled: true,
        eventFilter: '{"$or":[{"$and":[]}]}',
        name: `t-${i}`,
        scopeID: 'UHJvamVjdDox',
        scopeType: 'PROJECT',
        triggeredActionConfig: { noOpActionInput: { noOp: true } },
        triggeredActionType: 'NO_OP',
        triggeringEventType: 'LINK_MODEL',
      })),
    };
    const { api, client, sent } = await startHarness(seed);
    const triggers = await api.listEntityAutomations('big');
    expect(triggers.map((t) => t.name)).toEqual(Array.from({ length: 120 }, (_, i) => `t-${i}`));
    expect(client.stats.requests).toBe(2);
    const integrations = await api.listIntegrations('big');
    expect(integrations?.length).toBe(150);
    expect(client.stats.requests).toBe(4);
    expect(sent.map((s) => s.variables.cursor)).toEqual([null, 'Y3Vyc29yOjk5', null, 'Y3Vyc29yOjk5']);
    expect((await api.listOrgAutomations('big-org')).length).toBe(120);
    expect((await api.listEntityAutomations('big', { name: 't-7' })).map((t) => t.name)).toEqual(['t-7']);
    expect(await api.listIntegrations('nobody')).toBeNull();
  });

  test("listing variables are the SDK's (vector list-entity-automations-by-name)", async () => {
    const { client, sent } = await startHarness(vectorSeed);
    await new WandbApi(client, { perPage: 50 }).listEntityAutomations('my-team', { name: 'my-automation' });
    const vector = vectorCases().find(({ case: c }) => c.id === 'list-entity-automations-by-name')?.case;
    expect(sent[0]?.operation.name).toBe(vector?.operation);
    expect(sent[0]?.variables).toEqual(vector?.expected_variables);
    expect(Object.keys(sent[0]?.variables ?? {})).toEqual(['entity', 'filters', 'perPage', 'cursor']);
  });
});

describe('the request log', () => {
  test('one line per request: method, path, operation, status, duration; never the key', async () => {
    const { api, serverLog, client2 } = await startHarness(vectorSeed);
    await api.lookupProject('my-team', 'my-project');
    await new WandbApi(client2({ apiKey: 'bad-key-zzzzzzzzzzzz' })).lookupEntity('x').catch(() => undefined);
    expect(serverLog.map((l) => l.replace(/ \d+\.\dms$/, ' <ms>'))).toEqual([
      'POST /graphql ProjectScopeLookup 200 <ms>',
      // The body of a request without a valid key is never read, so its operation is not known.
      'POST /graphql - 401 <ms>',
    ]);
    expect(serverLog.join('\n')).not.toContain(testKey);
  });
});

describe('state on disk', () => {
  test('a seed creates the data file; a restart loads it and ignores the seed; writes are atomic', async () => {
    const dir = tempDir();
    const dataFile = join(dir, 'state.json');
    const seedFile = join(dir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(vectorSeed));
    const first = openDevStore({ dataFile, seedFile });
    expect([first.origin, first.seedIgnored]).toEqual(['seeded', false]);
    const server = await startDevServer({ store: first.store });
    const client = new GraphQLClient({ connection: { endpoint: server.url, apiKey: testKey } });
    const api = new WandbApi(client);
    await api.createAutomation({
      enabled: true,
      eventFilter: '{"$or":[{"$and":[]}]}',
      name: 'survives',
      scopeID: 'UHJvamVjdDox',
      scopeType: 'PROJECT',
      triggeredActionConfig: { noOpActionInput: { noOp: true } },
      triggeredActionType: 'NO_OP',
      triggeringEventType: 'LINK_MODEL',
    });
    await server.close();
    expect(readdirSync(dir).sort()).toEqual(['seed.json', 'state.json', 'state.json.lock']);
    first.close();
    expect(readdirSync(dir).sort()).toEqual(['seed.json', 'state.json']);
    writeFileSync(seedFile, JSON.stringify({ apiKeys: ['other'] }));
    const second = openDevStore({ dataFile, seedFile });
    expect([second.origin, second.seedIgnored]).toEqual(['loaded', true]);
    expect(second.store.data.triggers.map((t) => t.name)).toEqual(['survives']);
    expect(second.store.data.apiKeys).toEqual([testKey]);
    second.close();
    expect(JSON.parse(readFileSync(dataFile, 'utf8')).format).toBe('wbrules-dev-server/1');
  });

  test('a bad seed is refused with every problem located', () => {
    expect(() =>
      storeFromSeed({
        entities: [{ name: 'acme', type: 'org' }],
        projects: [{ entity: 'nobody', name: 'p' }],
        integrations: [{ entity: 'acme', kind: 'slack', channel: 'alerts' }],
        extras: [],
      }),
    ).toThrow(
      new SeedError([
        'extras: unknown seed section (sections are apiKeys, entities, projects, registries, artifactTypes, collections, integrations, triggers)',
        'entities[0].type: expected "team", "organization" or "personal", found "org"',
        'projects[0]: entity "nobody" not found',
        'integrations[0].channel: expected a channel name starting with "#", found "alerts"',
      ]),
    );
  });

  test('a top-level "$schema" string is accepted and ignored; anything else there is refused', () => {
    const store = storeFromSeed({ $schema: '../schemas/dev-seed.schema.json', projects: [] });
    expect(store.data.projects).toEqual([]);
    expect(() => storeFromSeed({ $schema: true })).toThrow(
      new SeedError(['$schema: expected a string (the URL or path of the JSON Schema the seed follows)']),
    );
  });

  test("the issue's seed fixture loads", () => {
    const seed = JSON.parse(
      '{"apiKeys":["local-dev-key"],"entities":[{"name":"acme","type":"team"},{"name":"acme-org","type":"organization"}],"projects":[{"entity":"acme","name":"vision"}],"registries":[{"org":"acme-org","name":"model"}],"collections":[{"entity":"acme","project":"vision","type":"model","name":"resnet-weights"}],"integrations":[{"entity":"acme","kind":"webhook","name":"github-dispatch","url":"https://hooks.example.com/ci"},{"entity":"acme","kind":"slack","channel":"#ml-alerts","team":"acme-slack"},{"entity":"acme-org","kind":"webhook","name":"registry-hook","url":"https://hooks.example.com/reg"}]}',
    );
    const store = storeFromSeed(seed);
    expect(store.data.projects.map((p) => `${p.entity}/${p.name}`)).toEqual([
      'acme/vision',
      'acme-org/wandb-registry-model',
    ]);
    expect(store.data.integrations.length).toBe(3);
    expect(acmeSeed.entities.length).toBe(4);
  });
});
