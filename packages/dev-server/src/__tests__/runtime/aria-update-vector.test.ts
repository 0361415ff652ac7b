import { compile } from '@wbrules/compiler';
import { computePlan } from '@wbrules/runtime';
import { describe, expect, test } from 'vitest';
import { startHarness, vectorSeed } from '../harness.js';
import { desiredOf, existingOf, vectorIds } from '../../../../runtime/src/__tests__/plan-harness.js';
import { vectorCases } from '../vectors.js';

/**
 * The ARIA update vector (spec/vectors/create-aria.json, `upd-aria-replace-prompt`)
 * through the whole path: the saved automation lives on the local server,
 * the rule with the new prompt is planned against its listing, and the
 * update the plan sends is the SDK change's UpdateFilterTriggerInput byte for
 * byte (but for the ID, which the server assigns).
 */

describe('the ARIA update vector through plan against the local server', () => {
  test('upd-aria-replace-prompt: one update, exactly the SDK payload', async () => {
    const vector = vectorCases().find(({ case: c }) => c.id === 'upd-aria-replace-prompt')?.case;
    if (vector === undefined) throw new Error('the vector is missing');
    const expected = vector.expected as Record<string, unknown>;
    const saved = vector.saved_trigger as {
      name: string;
      description: string;
      enabled: boolean;
      scope: { id: string };
      event: { eventType: string; filter: string };
      action: { prompt: string };
    };
    const { api } = await startHarness(vectorSeed);
    const created = await api.createAutomation({
      description: saved.description,
      enabled: saved.enabled,
      eventFilter: JSON.stringify(JSON.parse(saved.event.filter)),
      name: saved.name,
      scopeID: saved.scope.id,
      scopeType: 'PROJECT',
      triggeredActionConfig: { ariaActionInput: { prompt: saved.action.prompt } },
      triggeredActionType: 'ARIA',
      triggeringEventType: saved.event.eventType,
    });
    const rules = compile(
      [
        {
          file: 'aria.wbrules',
          text: `in project "my-team/my-project"
automation "explain-failure" description "orig description"
on run state failed -> aria "Explain the failure of \${run_name} briefly"
`,
        },
      ],
      { ids: vectorIds },
    );
    expect(rules.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const listed = ((await api.listAutomationsWithScopes('my-team')) ?? []).map((t) => existingOf(t, 'my-team'));
    const { plan, diagnostics } = computePlan(
      rules.automations.map((a) => desiredOf(a)),
      listed,
    );
    expect(diagnostics).toEqual([]);
    expect(plan.summary).toMatchObject({ create: 0, update: 1, delete: 0 });
    const [change] = plan.changes;
    if (change?.action !== 'update') throw new Error('expected an update');
    expect(JSON.stringify(change.input)).toBe(JSON.stringify({ ...expected, id: created.id }));
    // The plan shows the prompt as the one field that changes.
    expect(change.fields).toEqual([
      {
        path: 'action.prompt',
        before: JSON.stringify('Explain why ${run_name} failed'),
        after: JSON.stringify('Explain the failure of ${run_name} briefly'),
      },
    ]);
  });
});
