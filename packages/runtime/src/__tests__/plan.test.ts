import { compile } from '@wbrules/compiler';
import { describe, expect, test } from 'vitest';
import {
  inexpressibleReason,
  secretKeepReason,
  computePlan,
  type DesiredAutomation,
  type ExistingAutomation,
  fingerprintOf,
  PlanFileError,
  planFormat,
  readPlanFile,
  type SavedTrigger,
  stalePlanReasons,
  updateInput,
} from '../index.js';
import { desiredOf, existingOf, vectorIds } from './plan-harness.js';
import { vectorCases } from './vectors.js';

// biome-ignore lint/suspicious/noExplicitAny: vector cases read from JSON
type Json = any;

describe('updates are the UpdateFilterTriggerInput the SDK sends (vectors/update.json)', () => {
  const updates = vectorCases().filter(({ case: c }) => c.operation === 'UpdateAutomation');
  const keepScope = updates.filter(({ case: c }) => c.id !== 'upd-move-scope-to-registry');

  test.each(keepScope.map(({ case: c }) => [c.id, c] as const))('%s: the same fields, keys and order', (_id, c) => {
    const expected = c.expected as Json;
    const { id: _omit, ...desired } = expected;
    const built = updateInput(desired, c.saved_trigger as unknown as SavedTrigger);
    expect(JSON.stringify(built)).toBe(JSON.stringify(expected));
  });

  test('a rule never moves an automation: another scope is another identity (a create; the old one is not managed)', () => {
    const c = updates.find(({ case: c }) => c.id === 'upd-move-scope-to-registry')?.case as Json;
    const saved = {
      ...c.saved_trigger,
      scope: { ...c.saved_trigger.scope, project: { name: 'wandb-registry-models', entityName: 'my-org' } },
    };
    const { id: _omit, ...input } = c.expected;
    const rule: DesiredAutomation = {
      name: input.name,
      scope: { kind: 'registry', path: 'my-org/models', type: 'PROJECT', id: input.scopeID },
      entity: 'my-org',
      input,
      source: { file: 'r.wbrules', line: 1, column: 1, start: 0, end: 10 },
    };
    const { plan } = computePlan([rule], [existingOf(saved, 'my-org')]);
    expect(plan.changes.map((change) => change.action)).toEqual(['create']);
    expect(plan.unmanaged).toMatchObject([
      {
        name: 'link-prod',
        id: 'VHJpZ2dlcjox',
        inManagedScope: false,
        scope: { kind: 'collection', path: 'my-org/wandb-registry-models/my-model' },
      },
    ]);
    // With --prune it is still not deleted: the rules do not use its scope.
    expect(computePlan([rule], [existingOf(saved, 'my-org')], { prune: true }).plan.summary).toMatchObject({
      create: 1,
      delete: 0,
      unmanaged: 1,
    });
  });

  test('a description the rule drops is cleared with "", since an omitted field keeps its saved value', () => {
    const c = updates.find(({ case: c }) => c.id === 'upd-rename-saved-link')?.case as Json;
    const { id: _omit, description: _d, ...desired } = c.expected;
    expect(updateInput(desired, c.saved_trigger).description).toBe('');
  });
});

describe('computePlan', () => {
  const text = `in project "my-team/my-project"
automation "a" on run metric "loss" > 1 -> nothing
automation "b" on run metric "loss" > 2 -> nothing
automation "c" on run state failed -> nothing
`;
  const rules = compile([{ file: 'r.wbrules', text }], { ids: vectorIds }).automations.map((a) => desiredOf(a));
  const saved = (
    name: string,
    threshold: string,
    scopeID = 'UHJvamVjdDox',
    id = `VHJpZ2dlcjo${name}`,
  ): ExistingAutomation =>
    existingOf({
      __typename: 'Trigger',
      id,
      createdAt: '2025-01-01T00:00:00Z',
      updatedAt: null,
      name,
      description: null,
      enabled: true,
      scope: {
        __typename: 'Project',
        id: scopeID,
        name: scopeID === 'UHJvamVjdDox' ? 'my-project' : 'other',
        entityName: 'my-team',
      },
      event: {
        __typename: 'FilterEventTriggeringCondition',
        eventType: 'RUN_METRIC',
        filter: `{"run_filter": "{\\"$and\\": []}", "run_metric_filter": {"threshold_filter": {"name": "loss", "agg_op": null, "window_size": 1, "cmp_op": "$gt", "threshold": ${threshold}}}}`,
      },
      action: { __typename: 'NoOpTriggeredAction', noOp: true },
    });

  test('create, update (decoded fields), unchanged, and unmanaged automations left alone', () => {
    const { plan } = computePlan(rules, [
      saved('a', '1.0'),
      saved('b', '3'),
      saved('x', '1'),
      saved('y', '1', 'UHJvamVjdDo5'),
    ]);
    expect(plan.summary).toEqual({ create: 1, update: 1, delete: 0, unchanged: 1, unmanaged: 2 });
    expect(plan.changes.map((c) => [c.action, c.name])).toEqual([
      ['update', 'b'],
      ['create', 'c'],
    ]);
    expect(plan.changes[0]).toMatchObject({
      id: 'VHJpZ2dlcjob',
      fields: [{ path: 'event.filter.run_metric_filter.threshold_filter.threshold', before: '3', after: '2' }],
    });
    expect(plan.unchanged).toMatchObject([{ name: 'a', id: 'VHJpZ2dlcjoa' }]);
    expect(plan.unmanaged.map((u) => [u.scope.path, u.name, u.inManagedScope])).toEqual([
      ['my-team/my-project', 'x', true],
      ['my-team/other', 'y', false],
    ]);
  });

  describe('an edited rule with a derived name', () => {
    const unnamed = compile(
      [{ file: 'u.wbrules', text: 'in project "my-team/my-project"\non run metric "loss" > 3 -> nothing\n' }],
      { ids: vectorIds },
    ).automations.map((a) => ({ ...desiredOf(a), derivedName: a.derivedName }));
    // Stands in for decompiling: a saved name of the derived shape is its derived name.
    const derivedNameOf = (e: ExistingAutomation) =>
      e.trigger.name.startsWith('loss-gt-') ? e.trigger.name : undefined;

    test('renames the one unmanaged automation with a derived name and the same target, in place', () => {
      const { plan, diagnostics } = computePlan(
        unnamed,
        [saved('loss-gt-2-nothing', '2'), saved('other', '2'), saved('loss-gt-5-nothing', '5', 'UHJvamVjdDo5')],
        { derivedNameOf },
      );
      expect(diagnostics).toEqual([]);
      expect(plan.changes).toMatchObject([
        {
          action: 'update',
          name: 'loss-gt-3-nothing',
          renamedFrom: 'loss-gt-2-nothing',
          id: 'VHJpZ2dlcjoloss-gt-2-nothing',
          input: { name: 'loss-gt-3-nothing', id: 'VHJpZ2dlcjoloss-gt-2-nothing' },
          fields: [{ path: 'event.filter.run_metric_filter.threshold_filter.threshold', before: '2', after: '3' }],
        },
      ]);
      expect(plan.unmanaged.map((u) => u.name)).toEqual(['other', 'loss-gt-5-nothing']);
      expect(stalePlanReasons(plan, [saved('loss-gt-2-nothing', '2').trigger])).toEqual([]);
    });

    test('a named rule, or no derivedNameOf, never renames', () => {
      const named = unnamed.map((d) => ({ ...d, derivedName: false }));
      expect(computePlan(named, [saved('loss-gt-2-nothing', '2')], { derivedNameOf }).plan.summary.create).toBe(1);
      expect(computePlan(unnamed, [saved('loss-gt-2-nothing', '2')]).plan.summary.create).toBe(1);
    });

    test('several candidates are an error at the rule (WR5206), listing them', () => {
      const { diagnostics } = computePlan(unnamed, [saved('loss-gt-2-nothing', '2'), saved('loss-gt-4-nothing', '4')], {
        derivedNameOf,
      });
      expect(diagnostics.map((d) => [d.code, d.severity, d.file])).toEqual([['WR5206', 'error', 'u.wbrules']]);
      expect(diagnostics[0]?.message).toContain('"loss-gt-2-nothing"');
      expect(diagnostics[0]?.message).toContain('"loss-gt-4-nothing"');
    });
  });

  test('--prune deletes only in scopes the rules use, and a second saved automation with one identity', () => {
    const { plan } = computePlan(
      rules,
      [
        saved('a', '1'),
        saved('a', '1', 'UHJvamVjdDox', 'VHJpZ2dlcjpkdXA='),
        saved('x', '1'),
        saved('y', '1', 'UHJvamVjdDo5'),
      ],
      { prune: true },
    );
    expect(plan.changes.map((c) => [c.action, c.name, c.id])).toEqual([
      ['delete', 'a', 'VHJpZ2dlcjpkdXA='],
      ['create', 'b', undefined],
      ['create', 'c', undefined],
      ['delete', 'x', 'VHJpZ2dlcjox'],
    ]);
    expect(plan.unmanaged.map((u) => u.name)).toEqual(['y']);
  });

  test('an automation that holds the API key is kept by ID: never named, changed, renamed or pruned', () => {
    const key = 'e5f1c0d2b7a94c3e8f6d1b2a0c9e7f5d3b1a2c4e';
    const holds = (t: SavedTrigger) => (JSON.stringify(t).includes(key) ? ({ why: 'secret' } as const) : undefined);
    const inName = saved(`x-${key}`, '1', 'UHJvamVjdDox', 'VHJpZ2dlcjprZXk=');
    const inFields = { ...saved('b', '3'), trigger: { ...saved('b', '3').trigger, description: key } };
    const { plan } = computePlan(rules, [saved('a', '1'), inFields, inName], { prune: true, keep: holds });
    expect(JSON.stringify(plan)).not.toContain(key);
    // "b" is not updated (nor created again beside the saved one); the key in a name is not pruned.
    expect(plan.changes.map((c) => [c.action, c.name])).toEqual([['create', 'c']]);
    const secret = { why: 'secret', reason: secretKeepReason };
    expect(plan.kept).toEqual([
      { scope: inFields.scope, entity: 'my-team', id: 'VHJpZ2dlcjob', ...secret, source: rules[1]?.source },
      { scope: inName.scope, entity: 'my-team', id: 'VHJpZ2dlcjprZXk=', ...secret },
    ]);
    expect(plan.summary).toEqual({ create: 1, update: 0, delete: 0, unchanged: 1, unmanaged: 0 });
  });

  test('an automation wbrules cannot write as a rule is kept with its reason: never updated or pruned', () => {
    const legacy = (name: string, change: Partial<SavedTrigger>): ExistingAutomation => {
      const base = saved(name, '1');
      return { ...base, trigger: { ...base.trigger, ...change } };
    };
    const alias = legacy('b', {
      event: { __typename: 'FilterEventTriggeringCondition', eventType: 'UPDATE_ARTIFACT_ALIAS', filter: '{}' },
    });
    const push = legacy('z', { action: { __typename: 'PushNotificationTriggeredAction' } });
    const existing = [saved('a', '1'), alias, push];
    const keep = (t: SavedTrigger) => {
      const at = existing.find((e) => e.trigger.id === t.id) as ExistingAutomation;
      const reason = inexpressibleReason(t, { kind: 'project', path: at.scope.path, complete: true });
      return reason === undefined ? undefined : ({ why: 'inexpressible', reason } as const);
    };
    const { plan, diagnostics } = computePlan(rules, existing, { prune: true, keep });
    // "b" is neither updated nor created beside the saved one; "z" is not pruned.
    expect(plan.changes.map((c) => [c.action, c.name])).toEqual([['create', 'c']]);
    expect(plan.kept.map((k) => [k.name, k.why, k.reason, k.source?.line])).toEqual([
      [
        'b',
        'inexpressible',
        'no .wbrules form — event type UPDATE_ARTIFACT_ALIAS (a legacy event W&B no longer creates; "on alias added" is its replacement)',
        3,
      ],
      ['z', 'inexpressible', expect.stringContaining('action type PUSH_NOTIFICATION'), undefined],
    ]);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'WR5205',
        severity: 'warning',
        file: 'r.wbrules',
        message: expect.stringContaining('the rule is not applied: the automation "b" in project "my-team/my-project"'),
      }),
    ]);
  });

  test('two rules naming one automation are an error at both', () => {
    const twice = [
      rules[0] as DesiredAutomation,
      { ...(rules[0] as DesiredAutomation), source: { file: 's.wbrules', line: 3, column: 1, start: 40, end: 60 } },
    ];
    const { diagnostics } = computePlan(twice, []);
    expect(diagnostics).toEqual([
      {
        code: 'WR5204',
        severity: 'error',
        message: 'two rules define the automation "a" in project "my-team/my-project"',
        span: { start: 40, end: 60 },
        file: 's.wbrules',
        related: [
          {
            message: 'the other rule is here',
            span: rules[0]?.source && { start: rules[0].source.start, end: rules[0].source.end },
            file: 'r.wbrules',
          },
        ],
      },
    ]);
  });

  test('a saved plan is stale when an automation it touches changed, vanished or appeared', () => {
    const existing = [saved('a', '1'), saved('b', '3')];
    const { plan } = computePlan(rules, existing);
    expect(
      stalePlanReasons(
        plan,
        existing.map((e) => e.trigger),
      ),
    ).toEqual([]);
    const changed = saved('a', '5');
    const appeared = saved('c', '1');
    expect(stalePlanReasons(plan, [changed.trigger, appeared.trigger])).toEqual([
      'automation "b" in project "my-team/my-project" was deleted since the plan was made',
      'automation "c" in project "my-team/my-project" was created since the plan was made',
      'automation "a" in project "my-team/my-project" was changed since the plan was made',
    ]);
    // Timestamps and spelling are not changes.
    const respelled = { ...existing[0]?.trigger, updatedAt: '2026-01-01T00:00:00Z' } as SavedTrigger;
    expect(fingerprintOf(respelled)).toBe(fingerprintOf(existing[0]?.trigger as SavedTrigger));
  });
});

describe('readPlanFile', () => {
  test('refuses anything but a plan, naming every problem', () => {
    expect(() => readPlanFile([])).toThrow(new PlanFileError(['a plan file holds a JSON object']));
    expect(() => readPlanFile({ format: 'x' })).toThrow(/expected "format": "wbrules-plan\/1"/);
    try {
      readPlanFile({
        format: planFormat,
        server: 'http://x',
        prune: false,
        entities: ['e'],
        sources: [],
        summary: {},
        integrations: {},
        changes: [
          {
            action: 'create',
            scope: { kind: 'project', path: 'a/b', type: 'PROJECT', id: 'P' },
            name: 'n',
            entity: 'a',
            source: {},
            input: { name: 'n' },
          },
          {
            action: 'update',
            scope: { kind: 'project', path: 'a/b', type: 'PROJECT', id: 'P' },
            name: 'n',
            entity: 'a',
            id: 'T',
            fingerprint: 'f',
            source: {},
            input: { id: 'U' },
          },
          { action: 'explode' },
        ],
        unchanged: [],
        unmanaged: [],
      });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(PlanFileError);
      const problems = (error as PlanFileError).problems;
      expect(problems[0]).toMatch(/^changes\[0\]\.input/);
      expect(problems).toContain('changes[1].input.id must be the automation\'s id "T"');
      expect(problems).toContain('changes[2].action must be "create", "update" or "delete"');
    }
  });

  test('a plan saved before inexpressible automations were kept reads its kept ones as holding the key', () => {
    const base = {
      format: planFormat,
      server: 'http://x',
      prune: false,
      entities: ['e'],
      sources: [],
      summary: {},
      integrations: {},
      changes: [],
      unchanged: [],
      unmanaged: [],
    };
    const scope = { kind: 'project', path: 'a/b', type: 'PROJECT', id: 'P' };
    expect(readPlanFile({ ...base, kept: [{ scope, entity: 'a', id: 'T' }] }).kept).toEqual([
      { scope, entity: 'a', id: 'T', why: 'secret', reason: secretKeepReason },
    ]);
    expect(() => readPlanFile({ ...base, kept: [{ id: 'T', why: 'bored' }, 3] })).toThrow(
      new PlanFileError([
        'kept[0].why must be "secret" or "inexpressible"',
        'kept[1] must be an object with the string "id"',
      ]),
    );
  });

  test('a top-level "$schema" string is accepted and left out of the plan; anything else there is refused', () => {
    const base = {
      format: planFormat,
      server: 'http://x',
      prune: false,
      entities: ['e'],
      sources: [],
      summary: {},
      integrations: {},
      changes: [],
      unchanged: [],
      unmanaged: [],
    };
    const plan = readPlanFile({ $schema: 'https://example.com/plan.schema.json', ...base });
    expect(plan).toEqual({ ...base, kept: [] });
    expect(() => readPlanFile({ $schema: 1, ...base })).toThrow(
      new PlanFileError(['"$schema" must be a string (the URL or path of the JSON Schema the plan follows)']),
    );
  });
});
