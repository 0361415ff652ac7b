import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile } from '@wbrules/compiler';
import { describe, expect, test } from 'vitest';
import { DevStore, storeFromSeed } from '../../index.js';
import { acmeSeed, startHarness } from '../harness.js';

/**
 * ARIA actions (spec §6.5) on the local server: created and updated with
 * `ariaActionInput`, saved as `ARIATriggeredAction { prompt }` in responses
 * and listings, kept in the state file; refused where the profile has no
 * ARIA (its schema has no `ARIA` action type).
 */

const runStateFilter = compile([
  { file: 'a.wbrules', text: 'on run state failed in project "acme/vision" -> nothing\n' },
]).automations[0]?.input.eventFilter;

const ariaInput = {
  enabled: true,
  eventFilter: runStateFilter,
  name: 'explain-failures',
  scopeID: 'UHJvamVjdDox',
  scopeType: 'PROJECT',
  triggeredActionConfig: { ariaActionInput: { prompt: 'Explain why ${run_name} failed' } },
  triggeredActionType: 'ARIA',
  triggeringEventType: 'RUN_STATE',
};

describe('ARIA actions', () => {
  test('create, update and list: ARIATriggeredAction { prompt }', async () => {
    const { api } = await startHarness(acmeSeed);
    await api.capabilities();
    const created = await api.createAutomation(ariaInput);
    expect(created.action).toEqual({ __typename: 'ARIATriggeredAction', prompt: 'Explain why ${run_name} failed' });
    const updated = await api.updateAutomation({
      id: created.id,
      triggeredActionType: 'ARIA',
      triggeredActionConfig: { ariaActionInput: { prompt: 'Summarize ${run_name}' } },
    });
    expect(updated.action).toEqual({ __typename: 'ARIATriggeredAction', prompt: 'Summarize ${run_name}' });
    const listed = await api.listAutomationsWithScopes('acme');
    expect(listed?.map((t) => t.action)).toEqual([
      { __typename: 'ARIATriggeredAction', prompt: 'Summarize ${run_name}' },
    ]);
  });

  test('a seed creates them, and the data file keeps them', () => {
    const file = join(tmpdir(), `wbrules-aria-${process.pid}.json`);
    try {
      const seeded = storeFromSeed({ ...acmeSeed, triggers: [ariaInput] });
      new DevStore(seeded.data, { file }).save();
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { triggers: { actionType: string; action: unknown }[] };
      expect(saved.triggers.map((t) => [t.actionType, t.action])).toEqual([
        ['ARIA', { prompt: 'Explain why ${run_name} failed' }],
      ]);
      expect(DevStore.load(file).data.triggers[0]?.action).toEqual({ prompt: 'Explain why ${run_name} failed' });
    } finally {
      rmSync(file, { force: true });
    }
  });

  test('a profile without ARIA refuses the action type', async () => {
    const { api } = await startHarness(acmeSeed, {}, { profile: 'dedicated-0.81' });
    await api.capabilities();
    await expect(api.createAutomation(ariaInput)).rejects.toThrow(/"ARIA" does not exist in "TriggeredActionType"/);
  });
});
