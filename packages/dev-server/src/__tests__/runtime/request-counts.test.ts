import type { CompileSource } from '@wbrules/compiler';
import { applyPlan, defaultBatchSize, makePlan, WandbApi } from '@wbrules/runtime';
import { describe, expect, test } from 'vitest';
import type { RequestLimits } from '../../index.js';
import { startHarness, testKey } from '../harness.js';

/**
 * What `apply` and a no-op `plan` cost in requests, counted by the local
 * server (its log has one line per HTTP request, with the operation name):
 * lookups are one aliased document per scope kind and one for the
 * integrations of every entity, listings one aliased document per round of
 * pages of every entity, mutations one batch per {@link defaultBatchSize}
 * changes. A server that refuses aliased documents (here: one that accepts
 * at most 3 aliases a document) gets one request per name instead, and the
 * result is the same.
 */

/** 2 teams; 5 projects (3 of team-0, 2 of team-1); a webhook and a Slack channel in each team. */
const seed = {
  apiKeys: [testKey],
  entities: [
    { name: 'team-0', type: 'team' },
    { name: 'team-1', type: 'team' },
  ],
  projects: [
    { entity: 'team-0', name: 'p0' },
    { entity: 'team-0', name: 'p1' },
    { entity: 'team-0', name: 'p2' },
    { entity: 'team-1', name: 'p3' },
    { entity: 'team-1', name: 'p4' },
  ],
  integrations: ['team-0', 'team-1'].flatMap((entity) => [
    { entity, kind: 'webhook', name: 'ci', url: 'https://hooks.example.com/ci' },
    { entity, kind: 'slack', channel: '#alerts', team: 'bench' },
  ]),
};

/** 100 automations: 20 in each project, to nothing, the webhook or Slack. */
const sources: CompileSource[] = seed.projects.map(({ entity, name }) => {
  const lines = ['webhook ci = "ci"', 'slack alerts = "#alerts"', `in project "${entity}/${name}"`];
  for (let i = 0; i < 20; i++) {
    const action = ['nothing', 'webhook ci', 'slack alerts severity warn'][i % 3];
    lines.push(`automation "rule-${i}" on run metric "loss-${i}" > ${i} -> ${action}`);
  }
  return { file: `rules/${name}.wbrules`, text: `${lines.join('\n')}\n` };
});

/** The operations the server logged since `from`, counted by name. */
function logged(serverLog: readonly string[], from: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of serverLog.slice(from)) {
    const op = line.split(' ')[2] as string;
    counts[op] = (counts[op] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Applies the 100 automations as `wbrules apply` does, then plans them again with a fresh client (a second command). */
async function applyThenPlan(limits?: Partial<RequestLimits>) {
  const h = await startHarness(seed, {}, limits === undefined ? {} : { limits });
  await h.api.capabilities();
  const made = await makePlan(sources, h.api, { server: h.server.baseUrl });
  if (made.plan === undefined) throw new Error(made.diagnostics.map((d) => d.message).join('\n'));
  const result = await applyPlan(made.plan, h.api, { recheck: true });
  const apply = logged(h.serverLog, 0);
  const afterApply = h.serverLog.length;
  const api = new WandbApi(h.client2());
  await api.capabilities();
  const again = await makePlan(sources, api, { server: h.server.baseUrl });
  return {
    h,
    made,
    result,
    apply,
    plan: logged(h.serverLog, afterApply),
    again,
  };
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

describe('request counts of apply and a no-op plan, 100 automations over 5 scopes', () => {
  test('aliased lookups and listings, batches of the default size', async () => {
    const { made, result, apply, plan, again, h } = await applyThenPlan();
    expect(made.plan?.summary.create).toBe(100);
    expect([result.applied.length, result.failed]).toEqual([100, []]);
    expect(h.store.data.triggers).toHaveLength(100);
    expect(defaultBatchSize).toBe(50);
    // 1 capabilities query + 2 lookups (the 5 projects, the integrations of the 2 teams) +
    // 2 listings (the plan's, the re-read before writing: both teams in one request each) + 2 batches.
    expect(apply).toEqual({
      ApplyAutomations: 2,
      EntitiesAutomationsWithScopes: 2,
      IntegrationsByEntities: 1,
      ProjectScopeLookups: 1,
      ServerFeatures: 1,
    });
    expect(total(apply)).toBe(7);
    expect([made.requests, made.listingRequests, result.batches, result.listingRequests]).toEqual([3, 1, 2, 1]);
    // The no-op plan: 1 capabilities query + 2 lookups + 1 listing (60 and 40 automations: one page each, together).
    expect(again.plan?.summary).toEqual({ create: 0, update: 0, delete: 0, unchanged: 100, unmanaged: 0 });
    expect(plan).toEqual({
      EntitiesAutomationsWithScopes: 1,
      IntegrationsByEntities: 1,
      ProjectScopeLookups: 1,
      ServerFeatures: 1,
    });
    expect(total(plan)).toBe(4);
  });

  test('a server that refuses aliased documents gets one request per name, and the same result', async () => {
    const { made, result, apply, plan, again, h } = await applyThenPlan({ maxAliases: 3 });
    expect(h.serverLog.filter((l) => / 400 /.test(l)).map((l) => l.split(' ')[2])).toEqual([
      'ProjectScopeLookups',
      'ApplyAutomations',
      'ApplyAutomations',
      'ProjectScopeLookups',
    ]);
    expect([result.applied.length, result.failed]).toEqual([100, []]);
    expect(h.store.data.triggers).toHaveLength(100);
    // The refused project lookup, then one per project; from then on one request per entity; each refused batch
    // split into single mutations (the SDK's own documents).
    expect(apply).toEqual({
      ApplyAutomations: 2,
      CreateAutomation: 100,
      EntityAutomationsWithScopes: 4,
      IntegrationsByEntity: 2,
      ProjectScopeLookup: 5,
      ProjectScopeLookups: 1,
      ServerFeatures: 1,
    });
    expect(made.plan?.summary.create).toBe(100);
    expect(again.plan?.summary).toEqual({ create: 0, update: 0, delete: 0, unchanged: 100, unmanaged: 0 });
    expect(plan).toEqual({
      EntityAutomationsWithScopes: 2,
      IntegrationsByEntity: 2,
      ProjectScopeLookup: 5,
      ProjectScopeLookups: 1,
      ServerFeatures: 1,
    });
  });

  test('the same plan either way: the aliased answers read as the single ones', async () => {
    const aliased = await applyThenPlan();
    const single = await applyThenPlan({ maxAliases: 3 });
    const strip = (p: typeof aliased.made.plan) => p?.changes.map((c) => [c.action, c.scope.path, c.name, c.entity]);
    expect(strip(single.made.plan)).toEqual(strip(aliased.made.plan));
    expect(single.again.plan?.unchanged.length).toBe(aliased.again.plan?.unchanged.length);
  });
});

describe('aliased listings over several pages', () => {
  test('each round asks the next page of the entities not yet done; an unknown entity has none', async () => {
    const h = await startHarness(seed);
    await h.api.capabilities();
    const rules = (entity: string, project: string, n: number): CompileSource => ({
      file: `rules/${project}.wbrules`,
      text: [
        `in project "${entity}/${project}"`,
        ...Array.from({ length: n }, (_, i) => `automation "r-${i}" on run state failed -> nothing`),
      ].join('\n'),
    });
    const made = await makePlan([rules('team-0', 'p0', 150), rules('team-1', 'p3', 30)], h.api, {
      server: h.server.baseUrl,
    });
    if (made.plan === undefined) throw new Error(made.diagnostics.map((d) => d.message).join('\n'));
    expect((await applyPlan(made.plan, h.api)).failed).toEqual([]);
    const from = h.sent.length;
    const listed = await h.api.listAutomationsWithScopesOf(['team-0', 'nobody', 'team-1']);
    expect(listed.map((l) => (l === null ? null : new Set(l.map((t) => t.name)).size))).toEqual([150, null, 30]);
    // Round 1: the first page of all three; round 2: team-0's second page only.
    expect(
      h.sent.slice(from).map((s) => [s.operation.name, Object.keys(s.variables).filter((k) => /^e\d/.test(k))]),
    ).toEqual([
      ['EntitiesAutomationsWithScopes', ['e0', 'e1', 'e2']],
      ['EntitiesAutomationsWithScopes', ['e0']],
    ]);
  });
});
