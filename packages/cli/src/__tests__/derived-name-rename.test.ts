import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type DevServerProcess, startDevServerProcess } from './dev-server-process.js';
import { ensureBundle, root, tempDir, wbrules } from './harness.js';

ensureBundle();

/**
 * Editing a rule without `automation "NAME"` changes its derived name; the
 * real command against the local server updates the automation in place
 * (same ID, new name, no duplicate), and refuses to guess when several
 * saved automations could be the rule's.
 */

const key = 'local-dev-key';
const rules = (threshold: number) =>
  `slack alerts = "#ml-alerts"\nin project "acme/vision"\n\non run metric "loss" > ${threshold} -> slack alerts\n`;

describe('an edited unnamed rule', () => {
  let server: DevServerProcess;
  let cwd: string;
  const run = (args: string[]) =>
    wbrules(args, {
      cwd,
      env: { HOME: cwd, WANDB_API_KEY: key, WANDB_BASE_URL: server.baseUrl, NETRC: '' },
    });
  const listed = () => {
    const plan = JSON.parse(run(['plan', 'rules', '--json']).stdout) as {
      unchanged: { name: string; id: string }[];
      unmanaged: { name: string; id: string }[];
      changes: unknown[];
    };
    return plan;
  };
  beforeAll(async () => {
    cwd = tempDir({ 'rules/alerts.wbrules': rules(2) });
    copyFileSync(join(root, 'examples/dev-seed.json'), join(cwd, 'dev-seed.json'));
    server = await startDevServerProcess(['--seed', 'dev-seed.json'], cwd);
  });
  afterAll(async () => {
    await server.stop();
  });

  test('updates its automation in place, renamed', () => {
    expect(run(['apply', 'rules', '--yes']).status).toBe(0);
    const before = listed();
    expect(before.unchanged.map((u) => u.name)).toEqual(['loss-gt-2-slack-alerts']);
    const id = before.unchanged[0]?.id;

    writeFileSync(join(cwd, 'rules/alerts.wbrules'), rules(3));
    const plan = run(['plan', 'rules']);
    expect(plan.status).toBe(0);
    expect(plan.stderr).toBe('');
    expect(plan.stdout).toContain(
      `project "acme/vision"
  ~ "loss-gt-2-slack-alerts" → "loss-gt-3-slack-alerts"  rules/alerts.wbrules:4
      event.filter.run_metric_filter.threshold_filter.threshold: 2 → 3
`,
    );
    const note = 'Note: 1 rule has a derived name (no automation "NAME"); "wbrules fmt --name-rules" pins them.\n';
    expect(plan.stdout).toContain(`Plan: 0 to create, 1 to update, 0 to delete; 0 unchanged, 0 not managed.\n${note}`);

    const applied = run(['apply', 'rules', '--yes']);
    expect(applied.status).toBe(0);
    expect(applied.stdout).toContain('Applied: 0 created, 1 updated, 0 deleted, 0 failed');
    expect(applied.stdout).toContain(note);
    const after = listed();
    expect(after.changes).toEqual([]);
    expect(after.unmanaged).toEqual([]);
    expect(after.unchanged.map((u) => [u.name, u.id])).toEqual([['loss-gt-3-slack-alerts', id]]);
  });

  test('with several saved automations it could be, is an error that says to name the rule', () => {
    // Two automations with derived names the rule could have been: > 3 (from above) and > 5.
    const named = (n: number) => `automation "loss-gt-${n}-slack-alerts" on run metric "loss" > ${n} -> slack alerts\n`;
    writeFileSync(join(cwd, 'named.wbrules'), `${rules(3).split('\n\n')[0]}\n\n${named(3)}${named(5)}`);
    expect(run(['apply', 'named.wbrules', '--yes']).stdout).toContain('Applied: 1 created, 0 updated');

    writeFileSync(join(cwd, 'rules/alerts.wbrules'), rules(4));
    const plan = run(['plan', 'rules/alerts.wbrules']);
    expect(plan.status).toBe(1);
    expect(plan.stdout).toBe('');
    expect(plan.stderr).toContain(
      'error[WR5206]: the rule\'s automation "loss-gt-4-slack-alerts" in project "acme/vision" may be any of 2 saved automations with derived names: "loss-gt-3-slack-alerts"',
    );
    expect(plan.stderr).toContain('"loss-gt-5-slack-alerts"');
    expect(plan.stderr).toContain('rules/alerts.wbrules:4');
    expect(plan.stderr).toContain('name the rule with `automation "NAME"`');
    expect(run(['apply', 'rules/alerts.wbrules', '--yes']).status).toBe(1);
  });
});
