import type { CompileSource } from '@wbrules/compiler';
import {
  applyPlan,
  defaultBatchSize,
  identityKey,
  makePlan,
  sameAutomation,
  savedIdentity,
  sendBatch,
  WandbApi,
} from '@wbrules/runtime';
import { describe, expect, test } from 'vitest';
import type { TriggerRecord } from '../../data.js';
import type { DevStore, FaultKind, FaultOptions } from '../../index.js';
import { applyUntilDone, type Fleet, fleetSources, planOf, startFleet } from './apply-harness.js';

/**
 * `apply` under faults: a few hundred rules applied to a server that fails
 * in each of the ways a real one does. Whatever happens on the way, the
 * server must end up holding exactly what the files say — every rule once,
 * nothing twice — with the automations the files do not mention untouched,
 * and a second apply must have nothing left to do.
 */

/** 60 rules in each of 5 projects, plus 4 in other scopes: 304. */
const sources = fleetSources(60);
const ruleCount = 304;

/** Automations made "in the App": in a managed scope, in another project, and in the org. */
function addUnmanaged(store: DevStore): TriggerRecord[] {
  const base = {
    enabled: true,
    eventFilter: '{"run_filter":"{\\"$and\\":[]}","run_state_filter":{"states":["FAILED"]}}',
    triggeredActionConfig: { noOpActionInput: { noOp: true } },
    triggeredActionType: 'NO_OP',
    triggeringEventType: 'RUN_STATE',
  };
  const projects = store.data.projects;
  const id = (name: string) => (projects.find((p) => p.name === name) as { id: string }).id;
  return [
    store.createTrigger({ ...base, name: 'made-in-the-app', scopeID: id('p0'), scopeType: 'PROJECT' }),
    store.createTrigger({ ...base, name: 'r0-1', scopeID: id('elsewhere'), scopeType: 'PROJECT' }),
    store.createTrigger({ ...base, name: 'kept', description: 'not ours', scopeID: id('p3'), scopeType: 'PROJECT' }),
  ].map((t) => ({ ...t }));
}

/** Some rules already there: 40 as the files say, 40 with other thresholds (to be updated). */
async function preload(fleet: Fleet): Promise<void> {
  const clean = new WandbApi(fleet.client);
  const older = await planOf(fleetSources(60, 1), clean);
  const same = await planOf(sources, clean);
  const creates = (plan: typeof older, names: (n: string) => boolean) =>
    plan.changes.filter((c) => c.action === 'create' && names(c.name));
  await applyPlan({ changes: creates(older, (n) => /^r1-\d$|^r1-[1-3]\d$/.test(n)) }, clean);
  await applyPlan({ changes: creates(same, (n) => /^r2-\d$|^r2-[1-3]\d$/.test(n)) }, clean);
}

/** Asserts the server holds exactly the rules of `sources` and the unmanaged records as they were. */
async function expectExactly(
  fleet: Fleet,
  wanted: readonly CompileSource[],
  unmanaged: readonly TriggerRecord[],
): Promise<void> {
  const triggers = fleet.store.data.triggers;
  expect(triggers).toHaveLength(ruleCount + unmanaged.length);
  for (const record of unmanaged) expect(triggers.find((t) => t.id === record.id)).toEqual(record);
  // Every rule once, meaning what the files say: planning again finds nothing to do.
  const plan = await planOf(wanted, new WandbApi(fleet.client));
  expect(plan.summary).toEqual({ create: 0, update: 0, delete: 0, unchanged: ruleCount, unmanaged: unmanaged.length });
  const identities = new Set<string>();
  for (const trigger of await fleet.api.listAutomationsWithScopes('acme').then((l) => l ?? [])) {
    expect(identities.has(savedIdentity(trigger))).toBe(false);
    identities.add(savedIdentity(trigger));
  }
}

async function faultRun(faults: FaultOptions, clientOptions = {}) {
  const fleet = await startFleet(undefined, clientOptions);
  await preload(fleet);
  const unmanaged = addUnmanaged(fleet.store);
  // Faults from here on: the server under test is the same, now failing.
  const faulty = await startFleet(faults, clientOptions, fleet.store);
  const results = await applyUntilDone(sources, faulty.api);
  await expectExactly(faulty, sources, unmanaged);
  const again = await applyPlan(await planOf(sources, faulty.api), faulty.api);
  expect([again.batches, again.applied.length, again.failed.length]).toEqual([0, 0, 0]);
  return { fleet: faulty, results };
}

describe('apply converges under every fault the local server injects', () => {
  const rate = (kind: FaultKind, r = 0.25): FaultOptions => ({ rates: { [kind]: r }, seed: 7 });

  test('HTTP 500 before the request is handled: retried with backoff', async () => {
    const { fleet } = await faultRun(rate('500'));
    expect(fleet.injector?.counts['500']).toBeGreaterThan(3);
    // Backoff waits of the default policy with jitter 0.5: 375, 750, … ms.
    expect(fleet.waits).toContain(375);
  });

  test("HTTP 429 with Retry-After: the server's wait is honoured", async () => {
    const { fleet } = await faultRun({ ...rate('429'), retryAfterSeconds: 7 });
    expect(fleet.injector?.counts['429']).toBeGreaterThan(3);
    expect(fleet.waits.filter((w) => w === 7000).length).toBe(fleet.injector?.counts['429']);
  });

  test('dropped connections before the request is handled', async () => {
    const { fleet } = await faultRun(rate('drop'));
    expect(fleet.injector?.counts.drop).toBeGreaterThan(3);
  });

  test('answers lost after the mutations were committed: settled by listing, never created twice', async () => {
    const { fleet, results } = await faultRun(rate('lost'));
    expect(fleet.injector?.counts.lost).toBeGreaterThan(3);
    expect(results.reduce((n, r) => n + r.settled, 0)).toBeGreaterThan(0);
  });

  test('slow answers, some past the client timeout (committed, then abandoned)', async () => {
    const delays: number[] = [];
    const { fleet } = await faultRun(
      {
        ...rate('slow', 0.3),
        slowMs: 200,
        // Real time, scaled down: every other slow answer outlasts the client's 60 ms timeout.
        sleep: (ms) => {
          delays.push(ms);
          return new Promise((resolve) => setTimeout(resolve, delays.length % 2 === 0 ? 90 : 5));
        },
      },
      { timeoutMs: 60 },
    );
    expect(fleet.injector?.counts.slow).toBeGreaterThan(3);
    expect(delays.every((d) => d === 200)).toBe(true);
  });

  test('all faults at once, with --prune deleting what the files no longer say', async () => {
    const fleet = await startFleet({ rates: { '500': 0.08, '429': 0.08, drop: 0.08, lost: 0.08 }, seed: 11 });
    await applyUntilDone(sources, fleet.api);
    const fewer = fleetSources(50);
    await applyUntilDone(fewer, fleet.api, { prune: true });
    expect(fleet.store.data.triggers).toHaveLength(254);
    const plan = await planOf(fewer, fleet.api, { prune: true });
    expect(plan.summary).toEqual({ create: 0, update: 0, delete: 0, unchanged: 254, unmanaged: 0 });
  });
});

describe('apply reports what the server refuses and still applies the rest', () => {
  test('a rule whose integration the server rejects fails with its message at the rule; the others apply', async () => {
    const fleet = await startFleet();
    const plan = await planOf(sources.slice(0, 1), fleet.api);
    // The webhook integration disappears between plan and apply.
    const hook = fleet.store.data.integrations.findIndex((i) => i.kind === 'webhook' && i.name === 'github-dispatch');
    fleet.store.data.integrations.splice(hook, 1);
    const result = await applyPlan(plan, fleet.api);
    const webhookRules = plan.changes.filter(
      (c) =>
        c.action === 'create' &&
        'genericWebhookActionInput' in c.input.triggeredActionConfig &&
        c.input.triggeredActionConfig.genericWebhookActionInput.integrationID === 'SW50ZWdyYXRpb246MQ==',
    );
    expect(result.failed.map((f) => f.name)).toEqual(webhookRules.map((c) => c.name));
    expect(result.failed[0]).toMatchObject({
      action: 'create',
      reason: 'rejected',
      message: 'integration "SW50ZWdyYXRpb246MQ==" not found',
      source: { file: 'rules/p0.wbrules', line: 5, column: 1 },
    });
    expect(result.applied).toHaveLength(60 - webhookRules.length);
    expect(result.batches).toBe(Math.ceil(60 / defaultBatchSize));
  });

  test('batches: one request per 20 mutations, each a document the schema accepts', async () => {
    const fleet = await startFleet();
    const plan = await planOf(sources, fleet.api);
    const before = fleet.sent.length;
    const result = await applyPlan(plan, fleet.api, { batchSize: 20 });
    expect(result.failed).toEqual([]);
    expect(result.batches).toBe(Math.ceil(ruleCount / 20));
    expect(result.httpRequests).toBe(result.batches);
    const batches = fleet.sent.slice(before);
    expect(batches.every((s) => s.operation.name === 'ApplyAutomations')).toBe(true);
    expect(Object.keys(batches[0]?.variables ?? {})).toHaveLength(20);
    const key = identityKey('PROJECT', fleet.store.data.projects[0]?.id ?? '', 'r0-0');
    expect(fleet.store.data.triggers.filter((t) => identityKey(t.scopeType, t.scopeID, t.name) === key)).toHaveLength(
      1,
    );
  });

  test("--batch-size 1 sends the SDK's own CreateAutomation document", async () => {
    const fleet = await startFleet();
    const plan = await planOf(sources.slice(5), fleet.api);
    const before = fleet.sent.length;
    await applyPlan(plan, fleet.api, { batchSize: 1 });
    expect(fleet.sent.slice(before).map((s) => s.operation.name)).toEqual(Array(4).fill('CreateAutomation'));
  });

  test('an update sends every field, with the saved id and scope', async () => {
    const fleet = await startFleet();
    await applyUntilDone(sources.slice(5), fleet.api);
    const changed = [
      { file: 'rules/artifacts.wbrules', text: (sources[5]?.text ?? '').replace('"prod-.*"', '"release-.*"') },
    ];
    const plan = await planOf(changed, fleet.api);
    expect(plan.summary).toMatchObject({ create: 0, update: 1, unchanged: 3 });
    const update = plan.changes[0];
    if (update?.action !== 'update') throw new Error('expected an update');
    expect(update.fields).toEqual([
      {
        path: 'event.filter.$or[0].$and[0].alias.$regex',
        before: '"prod-.*"',
        after: '"release-.*"',
      },
    ]);
    const saved = fleet.store.data.triggers.find((t) => t.name === 'linked') as TriggerRecord;
    expect(Object.keys(update.input)).toEqual([
      'enabled',
      'eventFilter',
      'id',
      'name',
      'scopeID',
      'scopeType',
      'triggeredActionConfig',
      'triggeredActionType',
      'triggeringEventType',
    ]);
    expect(update.input).toMatchObject({ id: saved.id, scopeID: saved.scopeID, scopeType: 'PROJECT' });
    await applyPlan(plan, fleet.api);
    const after = fleet.store.data.triggers.find((t) => t.name === 'linked') as TriggerRecord;
    expect(after.id).toBe(saved.id);
    expect(after.eventFilter).toBe('{"$or":[{"$and":[{"alias":{"$regex":"release-.*"}}]}]}');
    const listed = (await fleet.api.listAutomationsWithScopes('acme-org')) ?? [];
    const linked = listed.find((t) => t.name === 'linked');
    const { id: _id, ...wanted } = update.input;
    expect(linked !== undefined && sameAutomation(linked, wanted)).toBe(true);
    expect(linked !== undefined && sameAutomation(linked, { ...wanted, enabled: false })).toBe(false);
  });
});

test('a batch the server refuses whole (invalid variables) is split, so one bad mutation sinks no other', async () => {
  const fleet = await startFleet();
  const plan = await planOf(sources.slice(5), fleet.api);
  const ops = plan.changes.map((c) => ({
    kind: 'create' as const,
    input: c.action === 'create' ? { ...c.input } : {},
  }));
  (ops[1] as { input: Record<string, unknown> }).input.bogus = 1;
  const before = fleet.sent.length;
  const outcomes = await sendBatch(fleet.client, ops);
  expect(outcomes.map((o) => o.kind)).toEqual(['done', 'rejected', 'done', 'done']);
  expect(outcomes[1]).toMatchObject({ message: expect.stringContaining('"bogus"') });
  expect(fleet.sent.slice(before).map((s) => s.operation.name)).toEqual([
    'ApplyAutomations',
    'CreateAutomation',
    'CreateAutomation',
    'CreateAutomation',
    'CreateAutomation',
  ]);
});

test('makePlan stops at compile errors before any request', async () => {
  const fleet = await startFleet();
  const made = await makePlan(
    [{ file: 'bad.wbrules', text: 'in project "acme/p0"\non run metric "loss" -> nothing\n' }],
    fleet.api,
    {
      server: 'x',
    },
  );
  expect(made.plan).toBeUndefined();
  expect(made.diagnostics.map((d) => d.code)).toEqual(['WR1101']);
  expect(fleet.sent).toEqual([]);
});
