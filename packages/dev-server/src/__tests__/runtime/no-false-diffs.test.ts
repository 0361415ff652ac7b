import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '@wbrules/compiler';
import { computePlan, type DesiredAutomation } from '@wbrules/runtime';
import { describe, expect, test } from 'vitest';
import { startHarness, vectorSeed } from '../harness.js';
import { desiredOf, existingOf, vectorIds } from '../../../../runtime/src/__tests__/plan-harness.js';
import { repoRoot, vectorCases } from '../vectors.js';

/**
 * The runtime's plan against what a server hands back: automations created
 * from the SDK's own payloads, listed back (with the artifact filters
 * wrapped and every JSON string respelled, as W&B does), are unchanged
 * against the `.wbrules` fixtures that compile to those payloads.
 */

describe('no false diffs: automations the SDK created read back as unchanged', () => {
  test('every create vector, created on the local server from its SDK payload, is unchanged against its .wbrules fixture', async () => {
    const fixtures = join(repoRoot, 'packages/compiler/src/__tests__/vectors');
    const creates = new Map(
      vectorCases()
        .filter(({ case: c }) => c.operation === 'CreateAutomation' && c.expected != null)
        .map(({ case: c }) => [c.id, c.expected as Record<string, unknown>]),
    );
    const sources = readdirSync(fixtures)
      .filter((f) => f.endsWith('.wbrules') && creates.has(f.slice(0, -'.wbrules'.length)))
      .map((f) => ({ file: f, text: readFileSync(join(fixtures, f), 'utf8') }));
    expect(sources.length).toBeGreaterThanOrEqual(78);
    const { api } = await startHarness(vectorSeed);
    const desired: DesiredAutomation[] = [];
    for (const source of sources) {
      const id = source.file.slice(0, -'.wbrules'.length);
      const result = compile([source], { ids: vectorIds });
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const [automation] = result.automations;
      if (automation === undefined) throw new Error(`${id}: no automation`);
      // One scope holds many vectors with the same name: the vector's id keeps them apart.
      desired.push(desiredOf(automation, id));
      await api.createAutomation({ ...(creates.get(id) as Record<string, unknown>), name: id });
    }
    const listed = [
      ...((await api.listAutomationsWithScopes('my-team')) ?? []).map((t) => existingOf(t, 'my-team')),
      ...((await api.listAutomationsWithScopes('my-org')) ?? []).map((t) => existingOf(t, 'my-org')),
    ];
    expect(listed).toHaveLength(desired.length);
    // The server wraps artifact filters and respells every JSON string; none of it is a change.
    expect(listed.some((l) => l.trigger.event.filter.startsWith('{"filter": '))).toBe(true);
    const { plan, diagnostics } = computePlan(desired, listed);
    expect(diagnostics).toEqual([]);
    expect(plan.changes.map((c) => [c.action, c.name, c.action === 'update' ? c.fields : []])).toEqual([]);
    expect(plan.summary).toEqual({ create: 0, update: 0, delete: 0, unchanged: desired.length, unmanaged: 0 });
  });
});
