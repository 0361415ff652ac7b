import { format, parse } from '@wbrules/dsl';
import { PullError, pullAutomations } from '@wbrules/runtime';
import { describe, expect, test } from 'vitest';
import { applyUntilDone, fleetSources, planOf, startFleet } from './apply-harness.js';

/**
 * `pull`: the automations of an entity or an organization, one formatted
 * file per scope, and back — the pulled files planned against the same
 * server show no changes.
 */

const sources = fleetSources(8);

async function pulledFleet() {
  const fleet = await startFleet();
  await applyUntilDone(sources, fleet.api);
  return fleet;
}

describe('pull', () => {
  test('one formatted file per scope; planning the pulled files shows no changes', async () => {
    const fleet = await pulledFleet();
    const entity = await pullAutomations(fleet.api, { entity: 'acme', integrationEntities: ['ops-team'] });
    expect(entity.files.map((f) => [f.path, f.rules, f.skipped.length])).toEqual([
      ['collection/acme/p0/weights.wbrules', 1, 0],
      ['project/acme/p0.wbrules', 8, 0],
      ['project/acme/p1.wbrules', 8, 0],
      ['project/acme/p2.wbrules', 8, 0],
      ['project/acme/p3.wbrules', 8, 0],
      ['project/acme/p4.wbrules', 8, 0],
      ['team/acme.wbrules', 1, 0],
    ]);
    expect([entity.automations, entity.rules, entity.skipped]).toEqual([42, 42, 0]);
    // A listing page, the integrations of acme and ops-team.
    expect(entity.requests).toBe(3);
    const p1 = entity.files.find((f) => f.path === 'project/acme/p1.wbrules')?.text ?? '';
    expect(p1.split('\n').slice(0, 8)).toEqual([
      '# The automations of project "acme/p1", pulled from W&B by "wbrules pull".',
      'webhook github-dispatch = "github-dispatch"',
      'webhook pagerduty = "ops-team/pagerduty"',
      'slack ml-alerts = "#ml-alerts"',
      '',
      'in project "acme/p1"',
      '',
      'automation "r1-0"',
    ]);
    for (const file of entity.files) expect(format(parse(file.text).ast)).toBe(file.text);

    const org = await pullAutomations(fleet.api, { org: 'acme-org' });
    expect(org.files.map((f) => f.path)).toEqual([
      'collection/acme/p0/weights.wbrules',
      'org/acme-org.wbrules',
      'project/acme/p0.wbrules',
      'project/acme/p1.wbrules',
      'project/acme/p2.wbrules',
      'project/acme/p3.wbrules',
      'project/acme/p4.wbrules',
      'registry/acme-org/model.wbrules',
      'team/acme.wbrules',
    ]);
    expect(org.files.find((f) => f.path === 'registry/acme-org/model.wbrules')?.text).toBe(
      `# The automations of registry "acme-org/model", pulled from W&B by "wbrules pull".
webhook registry-hook = "registry-hook"

in registry "acme-org/model"

automation "linked"
on artifact linked
  where alias matches "prod-.*"
  -> webhook registry-hook
`,
    );

    const pulled = [...entity.files, ...org.files.filter((f) => /^(org|registry)\//.test(f.path))].map((f) => ({
      file: f.path,
      text: f.text,
    }));
    const plan = await planOf(pulled, fleet.api);
    expect(plan.summary).toEqual({ create: 0, update: 0, delete: 0, unchanged: 44, unmanaged: 0 });
  });

  test('what the language cannot express is a comment with the reason, counted, and kept by a plan', async () => {
    const fleet = await pulledFleet();
    const p0 = fleet.store.data.projects[0]?.id as string;
    // A legacy automation made in the App long ago (the server keeps it; nobody can create one now).
    fleet.store.data.triggers.push({
      id: 'VHJpZ2dlcjpsZWdhY3k=',
      name: 'old-alias-hook',
      description: null,
      enabled: true,
      scopeType: 'PROJECT',
      scopeID: p0,
      eventType: 'UPDATE_ARTIFACT_ALIAS',
      eventFilter: '{"$or":[{"$and":[]}]}',
      actionType: 'NO_OP',
      action: { noOp: true },
      createdAt: '2024-01-01T00:00:00Z',
      updatedAt: null,
    });
    const result = await pullAutomations(fleet.api, { entity: 'acme', project: 'p0' });
    // Without ops-team's integrations, the two p0 rules paging through ops-team cannot be named either.
    expect([result.automations, result.rules, result.skipped]).toEqual([10, 7, 3]);
    expect(result.files.map((f) => f.path)).toEqual(['collection/acme/p0/weights.wbrules', 'project/acme/p0.wbrules']);
    const text = result.files[1]?.text ?? '';
    expect(text.split('\n').slice(-5)).toEqual([
      '# 3 automations are not written as rules: they stay on the server, and "wbrules plan" keeps them as they are (never changed or deleted).',
      '# - "old-alias-hook" (VHJpZ2dlcjpsZWdhY3k=): the event type "UPDATE_ARTIFACT_ALIAS" has no .wbrules form (a legacy event W&B no longer creates; "on alias added" is its replacement)',
      '# - "r0-2" (VHJpZ2dlcjoz): its webhook "pagerduty" (ID "SW50ZWdyYXRpb246NA=="): it is not one of the integrations of "acme", and W&B does not say which entity holds it; pass that entity with --integrations-from ENTITY',
      '# - "r0-6" (VHJpZ2dlcjo3): its webhook "pagerduty" (ID "SW50ZWdyYXRpb246NA=="): it is not one of the integrations of "acme", and W&B does not say which entity holds it; pass that entity with --integrations-from ENTITY',
      '',
    ]);
    const plan = await planOf(
      result.files.map((f) => ({ file: f.path, text: f.text })),
      fleet.api,
    );
    // The three are kept (never updated or pruned), as are the automations of
    // other scopes that use ops-team's webhook; the rest of those scopes are not managed.
    expect(plan.summary).toEqual({ create: 0, update: 0, delete: 0, unchanged: 7, unmanaged: 25 });
    expect(plan.unmanaged.filter((u) => u.inManagedScope)).toEqual([]);
    const webhook =
      'its webhook "pagerduty" (ID "SW50ZWdyYXRpb246NA==") belongs to none of the entities listed ("acme"), so no rule can name it';
    expect(plan.kept.filter((k) => k.scope.path === 'acme/p0').map((k) => [k.name, k.why, k.reason])).toEqual([
      [
        'old-alias-hook',
        'inexpressible',
        'no .wbrules form — event type UPDATE_ARTIFACT_ALIAS (a legacy event W&B no longer creates; "on alias added" is its replacement)',
      ],
      ['r0-2', 'inexpressible', webhook],
      ['r0-6', 'inexpressible', webhook],
    ]);
  });

  test('an unknown entity or organization, and registry scopes without --org', async () => {
    const fleet = await pulledFleet();
    await expect(pullAutomations(fleet.api, { entity: 'nobody' })).rejects.toEqual(
      new PullError('the server has no entity "nobody"'),
    );
    await expect(pullAutomations(fleet.api, { org: 'no-org' })).rejects.toEqual(
      new PullError('the server has no organization "no-org"'),
    );
    const orgEntity = await pullAutomations(fleet.api, { entity: 'acme-org' });
    expect(orgEntity.files.map((f) => [f.path, f.rules, f.skipped.length])).toEqual([['unscoped.wbrules', 0, 2]]);
    expect(orgEntity.files[0]?.text).toContain(
      'its registry scope is named by its organization, which the listing does not give; pull again with --org ORG',
    );
  });

  test('entity and organization together: the automations of each, every one once', async () => {
    const fleet = await pulledFleet();
    // A team outside the organization, with an automation of its own.
    await applyUntilDone(
      [{ file: 'ops.wbrules', text: 'automation "ops-failures" on run state failed in team "ops-team" -> nothing\n' }],
      fleet.api,
    );
    const org = await pullAutomations(fleet.api, { org: 'acme-org' });
    const ops = await pullAutomations(fleet.api, { entity: 'ops-team' });
    const both = await pullAutomations(fleet.api, { entity: 'ops-team', org: 'acme-org' });
    expect([org.automations, ops.automations, both.automations]).toEqual([44, 1, 45]);
    expect(both.files.map((f) => f.path)).toEqual([...org.files.map((f) => f.path), 'team/ops-team.wbrules'].sort());
    // The org entity's own automations are the organization's: the same, and no automation twice.
    const named = await pullAutomations(fleet.api, { entity: 'acme-org', org: 'acme-org' });
    expect(named.automations).toBe(44);
    expect(named.files.map((f) => f.text)).toEqual(org.files.map((f) => f.text));
    // --project narrows the entity's automations; the organization's others stay.
    const project = await pullAutomations(fleet.api, { entity: 'acme', project: 'p1', org: 'acme-org' });
    expect(project.files.map((f) => f.path)).toEqual([
      'org/acme-org.wbrules',
      'project/acme/p1.wbrules',
      'registry/acme-org/model.wbrules',
    ]);
  });
});
