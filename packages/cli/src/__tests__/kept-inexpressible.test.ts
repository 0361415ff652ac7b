import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type DevServerProcess, startDevServerProcess } from './dev-server-process.js';
import { ensureBundle, tempDir, wbrules } from './harness.js';

ensureBundle();

/**
 * An automation wbrules cannot write as a rule is never touched, with the
 * real command against the local server seeded with one of each kind W&B
 * may hold: `pull` writes it as a comment that says it is kept, `apply
 * --prune --yes` of the pulled files leaves every one as it was, and `plan
 * --prune` lists each under "kept" with its reason (and in `--json`'s
 * `kept`); a rule with the name of one is reported, not applied.
 */

const id = (text: string) => Buffer.from(text).toString('base64');
const project = id('Project:1'); // acme/vision
const scratch = id('Project:2'); // alice/scratch
const collection = id('ArtifactCollection:1'); // acme/vision/resnet-weights
const registryCollection = id('ArtifactCollection:2'); // acme/wandb-registry-models/resnet
const alice = id('Entity:2');
const runState = (runFilter: string) =>
  JSON.stringify({ run_filter: runFilter, run_state_filter: { states: ['FAILED'] } });
const noOp = { triggeredActionType: 'NO_OP', triggeredActionConfig: { noOpActionInput: { noOp: true } } };

const seed = {
  apiKeys: ['local-dev-key'],
  entities: [
    { name: 'acme', type: 'team' },
    { name: 'alice', type: 'personal' },
    { name: 'ops', type: 'team' },
  ],
  projects: [
    { entity: 'acme', name: 'vision' },
    { entity: 'alice', name: 'scratch' },
    { entity: 'acme', name: 'wandb-registry-models' },
  ],
  collections: [
    { entity: 'acme', project: 'vision', type: 'model', name: 'resnet-weights' },
    { entity: 'acme', project: 'wandb-registry-models', type: 'model', name: 'resnet' },
  ],
  integrations: [{ entity: 'ops', kind: 'webhook', name: 'pagerduty', url: 'https://hooks.example.com/pd' }],
  triggers: [
    // Expressible: pulled as rules.
    {
      name: 'on-fail',
      enabled: true,
      scopeType: 'PROJECT',
      scopeID: project,
      triggeringEventType: 'RUN_STATE',
      eventFilter: runState('{"$and": []}'),
      ...noOp,
    },
    {
      name: 'mine',
      enabled: true,
      scopeType: 'PROJECT',
      scopeID: scratch,
      triggeringEventType: 'RUN_STATE',
      eventFilter: runState('{"$and": []}'),
      ...noOp,
    },
    // An event type without a .wbrules form.
    {
      saved: true,
      name: 'alias-hook',
      enabled: true,
      scopeType: 'ARTIFACT_COLLECTION',
      scopeID: collection,
      triggeringEventType: 'UPDATE_ARTIFACT_ALIAS',
      eventFilter: '{"$or": [{"$and": [{"alias": {"$regex": "prod"}}]}]}',
      ...noOp,
    },
    // An action type without a .wbrules form.
    {
      saved: true,
      name: 'launch-job',
      enabled: true,
      scopeType: 'PROJECT',
      scopeID: project,
      triggeringEventType: 'RUN_STATE',
      eventFilter: runState('{"$and": []}'),
      triggeredActionType: 'QUEUE_JOB',
      triggeredActionConfig: { queueJobActionInput: { queueID: 'UnVuUXVldWU6MQ==', template: '{"a": 1}' } },
    },
    // An ARIA prompt: written as a rule.
    {
      name: 'ask-aria',
      enabled: true,
      scopeType: 'PROJECT',
      scopeID: project,
      triggeringEventType: 'RUN_STATE',
      eventFilter: runState('{"$and": []}'),
      triggeredActionType: 'ARIA',
      triggeredActionConfig: { ariaActionInput: { prompt: 'Why did ${run_name} fail?' } },
    },
    // An ARIA prompt in a registry: the team that holds the conversation has no known wire field.
    {
      saved: true,
      name: 'registry-aria',
      enabled: true,
      scopeType: 'ARTIFACT_COLLECTION',
      scopeID: registryCollection,
      triggeringEventType: 'LINK_MODEL',
      eventFilter: '{"$or": [{"$and": []}]}',
      triggeredActionType: 'ARIA',
      triggeredActionConfig: { ariaActionInput: { prompt: 'Compare ${artifact_version_string} with production' } },
    },
    // A filter it cannot decompile exactly.
    {
      saved: true,
      name: 'by-user',
      enabled: true,
      scopeType: 'PROJECT',
      scopeID: project,
      triggeringEventType: 'RUN_STATE',
      eventFilter: runState('{"$and": [{"username": {"$eq": "alice"}}]}'),
      ...noOp,
    },
    // A scope type it does not model (a personal entity).
    {
      saved: true,
      name: 'personal',
      enabled: true,
      scopeType: 'ENTITY',
      scopeID: alice,
      triggeringEventType: 'RUN_STATE',
      eventFilter: runState('{"$and": []}'),
      ...noOp,
    },
    // An integration of an entity the run does not know (W&B does not say whose it is).
    {
      name: 'page-ops',
      enabled: true,
      scopeType: 'PROJECT',
      scopeID: project,
      triggeringEventType: 'RUN_STATE',
      eventFilter: runState('{"$and": []}'),
      triggeredActionType: 'GENERIC_WEBHOOK',
      triggeredActionConfig: { genericWebhookActionInput: { integrationID: id('Integration:1') } },
    },
  ],
};

const kept = ['alias-hook', 'by-user', 'launch-job', 'page-ops', 'personal', 'registry-aria'];

describe('automations wbrules cannot write as rules are kept', () => {
  let server: DevServerProcess;
  let cwd: string;
  const run = (args: string[]) =>
    wbrules(args, { cwd, env: { HOME: cwd, WANDB_API_KEY: 'local-dev-key', WANDB_BASE_URL: server.baseUrl } });
  /** Every automation of both entities as the server holds it, timestamps included. */
  const listing = async (): Promise<unknown[]> => {
    const out: unknown[] = [];
    for (const entity of ['acme', 'alice']) {
      const response = await fetch(`${server.baseUrl}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from('api:local-dev-key').toString('base64')}`,
        },
        body: JSON.stringify({
          query: `{ entity(name: ${JSON.stringify(entity)}) { triggers(first: 100) { edges { node {
            id name description enabled createdAt updatedAt
            triggeringCondition { ... on FilterEventTriggeringCondition { eventType filter } }
            triggeredAction { __typename ... on ARIATriggeredAction { prompt } ... on QueueJobTriggeredAction { template } }
          } } } } }`,
        }),
      });
      out.push(await response.json());
    }
    return out;
  };
  let before: unknown[];
  beforeAll(async () => {
    cwd = tempDir();
    writeFileSync(join(cwd, 'seed.json'), JSON.stringify(seed));
    server = await startDevServerProcess(['--seed', 'seed.json'], cwd);
    before = await listing();
  });
  afterAll(async () => {
    await server.stop();
  });

  test('pull writes each as a comment saying it is kept; apply --prune --yes then leaves every one as it was', async () => {
    for (const entity of ['acme', 'alice']) {
      const pulled = run(['pull', '--entity', entity, '-o', `pulled-${entity}`]);
      expect(pulled.stderr).not.toContain('error');
      expect(pulled.status).toBe(0);
    }
    const text = (path: string) => readFileSync(join(cwd, path), 'utf8');
    expect(text('pulled-acme/project/acme/vision.wbrules')).toContain(
      '# 3 automations are not written as rules: they stay on the server, and "wbrules plan" keeps them as they are (never changed or deleted).',
    );
    expect(text('pulled-alice/unscoped.wbrules')).toContain('"wbrules plan" keeps it as it is');
    // A saved ARIA automation outside a registry is pulled as a rule.
    expect(text('pulled-acme/project/acme/vision.wbrules')).toContain(
      'automation "ask-aria"\non run state failed\n  -> aria "Why did ${run_name} fail?"\n',
    );

    const applied = run(['apply', 'pulled-acme', 'pulled-alice', '--prune', '--yes']);
    expect(applied.stderr).toBe('');
    expect(applied.status).toBe(0);
    expect(applied.stdout).toContain('No changes');
    expect(await listing()).toEqual(before);
  });

  test('plan --prune lists each under "kept" with its reason, in text and in --json', () => {
    const plan = run(['plan', 'pulled-acme', 'pulled-alice', '--prune']);
    expect(plan.stderr).toBe('');
    expect(plan.status).toBe(0);
    expect(plan.stdout).toBe(`Plan for ${server.baseUrl} (automations of "acme", "alice" listed; --prune)

Kept as they are (wbrules cannot write them as rules, so it never changes or deletes them):
  · project "acme/vision": "by-user" (VHJpZ2dlcjo3)
      kept: the run filter field "username" has no .wbrules spelling
  · project "acme/vision": "launch-job" (VHJpZ2dlcjo0)
      kept: no .wbrules form — action type QUEUE_JOB (a deprecated Launch job that W&B no longer creates)
  · project "acme/vision": "page-ops" (VHJpZ2dlcjo5)
      kept: its webhook "pagerduty" (ID "SW50ZWdyYXRpb246MQ==") belongs to none of the entities listed ("acme", "alice"), so no rule can name it
  · collection "acme/vision/resnet-weights": "alias-hook" (VHJpZ2dlcjoz)
      kept: no .wbrules form — event type UPDATE_ARTIFACT_ALIAS (a legacy event W&B no longer creates; "on alias added" is its replacement)
  · collection "acme/wandb-registry-models/resnet": "registry-aria" (VHJpZ2dlcjo2)
      kept: no .wbrules form — action type ARIA in a registry scope (for a registry the W&B App asks which team holds the ARIA conversation, and no field for that team is known)
  · user "alice": "personal" (VHJpZ2dlcjo4)
      kept: no .wbrules form — scope: the personal entity "alice"

No changes: the server already holds what the files say (3 unchanged, 0 not managed, 6 kept).
`);

    const json = JSON.parse(run(['plan', 'pulled-acme', 'pulled-alice', '--prune', '--json']).stdout);
    expect(json.changes).toEqual([]);
    expect(json.kept.map((k: { name: string }) => k.name).sort()).toEqual(kept);
    for (const k of json.kept) expect(k).toMatchObject({ why: 'inexpressible', reason: expect.any(String) });
  });

  test('a rule with the name of a kept automation is reported (WR5205), not applied', async () => {
    writeFileSync(
      join(cwd, 'rule.wbrules'),
      'automation "launch-job" on run state failed in project "acme/vision" -> nothing\n',
    );
    const applied = run(['apply', 'rule.wbrules', '--yes']);
    expect(applied.status).toBe(0);
    expect(applied.stderr).toContain('warning[WR5205]: the rule is not applied: the automation "launch-job"');
    expect(applied.stdout).toContain('(the rule at rule.wbrules:1 is not applied)');
    expect(await listing()).toEqual(before);
  });
});
