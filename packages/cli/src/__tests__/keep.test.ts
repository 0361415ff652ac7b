import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type DevServerProcess, startDevServerProcess } from './dev-server-process.js';
import { ensureBundle, root, tempDir, wbrules } from './harness.js';

ensureBundle();

/**
 * `--keep PATTERN` on `plan` and `apply`: automations no rule names whose
 * names match a pattern (`*`, `?`, the whole name) are never pruned; they
 * show as not managed, with the pattern, not as deletes.
 */

const rule = (name: string) => `automation "${name}" on run metric "m" > 1 in project "acme/vision" -> nothing\n`;

describe('--keep', () => {
  let server: DevServerProcess;
  let cwd: string;
  const run = (args: string[]) =>
    wbrules(args, {
      cwd,
      env: { HOME: tempDir(), WANDB_API_KEY: 'local-dev-key', WANDB_BASE_URL: server.baseUrl, NETRC: '' },
    });
  beforeAll(async () => {
    cwd = tempDir({
      'all.wbrules': ['stay', 'legacy-a', 'legacy-b', 'xlegacy-c', 'keep-1', 'keep-10', 'drop'].map(rule).join(''),
    });
    copyFileSync(join(root, 'examples/dev-seed.json'), join(cwd, 'dev-seed.json'));
    server = await startDevServerProcess(['--seed', 'dev-seed.json'], cwd);
    expect(run(['apply', '--yes', 'all.wbrules']).status).toBe(0);
    writeFileSync(join(cwd, 'rules.wbrules'), rule('stay'));
  });
  afterAll(async () => {
    await server.stop();
  });

  const keepArgs = ['--prune', '--keep', 'legacy-*', '--keep', 'keep-?', 'rules.wbrules'];

  test('plan: matching names are kept, the others pruned; the glob is anchored', () => {
    const plan = run(['plan', ...keepArgs]);
    expect(plan.stderr).toBe('');
    expect(plan.status).toBe(0);
    expect(plan.stdout).toBe(`Plan for ${server.baseUrl} (automations of "acme" listed; --prune)

project "acme/vision"
  - "drop"  (no rule names it; --prune)
  - "keep-10"  (no rule names it; --prune)
  - "xlegacy-c"  (no rule names it; --prune)

Not managed (not in these files, kept by --keep or in scopes they do not use; never changed):
  · project "acme/vision": "keep-1" (kept by --keep "keep-?")
  · project "acme/vision": "legacy-a" (kept by --keep "legacy-*")
  · project "acme/vision": "legacy-b" (kept by --keep "legacy-*")

Plan: 0 to create, 0 to update, 3 to delete; 1 unchanged, 3 not managed.
`);
    const json = JSON.parse(run(['plan', '--json', ...keepArgs]).stdout);
    expect(json.unmanaged.map((u: { name: string; keptBy?: string }) => [u.name, u.keptBy])).toEqual([
      ['keep-1', 'keep-?'],
      ['legacy-a', 'legacy-*'],
      ['legacy-b', 'legacy-*'],
    ]);
  });

  test('without --prune, a kept automation says so instead of "--prune would delete it"', () => {
    const plan = run(['plan', '--keep', 'legacy-a', 'rules.wbrules']);
    expect(plan.stdout).toContain('· project "acme/vision": "legacy-a" (kept by --keep "legacy-a")\n');
    expect(plan.stdout).toContain('· project "acme/vision": "legacy-b" (--prune would delete it)\n');
  });

  test('a saved plan records it: apply FILE applies it, and refuses --keep', () => {
    expect(run(['plan', ...keepArgs, '--out', 'plan.json']).status).toBe(0);
    const refused = run(['apply', '--yes', '--keep', 'x', 'plan.json']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('--keep is recorded in a saved plan');
    const applied = run(['apply', '--yes', 'plan.json']);
    expect(applied.status).toBe(0);
    expect(applied.stdout).toContain('Applied: 0 created, 0 updated, 3 deleted, 0 failed');
  });

  test('apply --prune --keep deletes only what no pattern matches', () => {
    expect(run(['apply', '--yes', 'all.wbrules']).stdout).toContain('Applied: 3 created');
    const applied = run(['apply', '--yes', ...keepArgs]);
    expect(applied.status).toBe(0);
    expect(applied.stdout).toContain('Applied: 0 created, 0 updated, 3 deleted, 0 failed');
    expect(run(['plan', ...keepArgs]).stdout).toContain(
      'No changes: the server already holds what the files say (1 unchanged, 3 not managed).',
    );
    // Without --keep they would go.
    expect(run(['plan', '--prune', 'rules.wbrules']).stdout).toContain('Plan: 0 to create, 0 to update, 3 to delete;');
  });
});
