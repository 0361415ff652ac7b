import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type DevServerProcess, startDevServerProcess } from './dev-server-process.js';
import { ensureBundle, root, tempDir, wbrules } from './harness.js';

ensureBundle();

/**
 * `--max-warnings N` on `compile`, `plan` and `apply`, as on `check`: more
 * than N warnings is exit 1 with one line saying so, and nothing is printed,
 * saved or applied.
 */

/** One warning (WR3025, an integration no rule uses). */
const rules = `slack alerts = "#ml-alerts"
automation "quiet" on run metric "m" > 1 in project "acme/vision" -> nothing
`;
const tooMany = 'wbrules: 1 warning, more than --max-warnings 0\n';

describe('--max-warnings', () => {
  let server: DevServerProcess;
  let cwd: string;
  const run = (args: string[]) =>
    wbrules(args, {
      cwd,
      env: { HOME: tempDir(), WANDB_API_KEY: 'local-dev-key', WANDB_BASE_URL: server.baseUrl, NETRC: '' },
    });
  beforeAll(async () => {
    cwd = tempDir({ 'rules.wbrules': rules });
    copyFileSync(join(root, 'examples/dev-seed.json'), join(cwd, 'dev-seed.json'));
    server = await startDevServerProcess(['--seed', 'dev-seed.json'], cwd);
  });
  afterAll(async () => {
    await server.stop();
  });

  test('compile: nothing printed or written when there are more warnings', () => {
    expect(run(['compile', '--max-warnings', '1', 'rules.wbrules']).status).toBe(0);
    const failed = run(['compile', '--max-warnings', '0', '-o', 'out.json', 'rules.wbrules']);
    expect(failed.status).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toContain('warning[WR3025]');
    expect(failed.stderr.endsWith(tooMany)).toBe(true);
    expect(existsSync(join(cwd, 'out.json'))).toBe(false);
  });

  test('plan: no plan shown or saved', () => {
    expect(run(['plan', '--max-warnings', '1', 'rules.wbrules']).status).toBe(0);
    const failed = run(['plan', '--max-warnings', '0', '--out', 'plan.json', 'rules.wbrules']);
    expect(failed.status).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr.endsWith(tooMany)).toBe(true);
    expect(existsSync(join(cwd, 'plan.json'))).toBe(false);
  });

  test('apply: nothing applied; within the limit it applies', () => {
    const failed = run(['apply', '--yes', '--max-warnings', '0', 'rules.wbrules']);
    expect(failed.status).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr.endsWith(tooMany)).toBe(true);
    expect(run(['plan', 'rules.wbrules']).stdout).toContain('Plan: 1 to create');
    const applied = run(['apply', '--yes', '--max-warnings', '1', 'rules.wbrules']);
    expect(applied.status).toBe(0);
    expect(applied.stdout).toContain('Applied: 1 created');
  });

  test('apply of a saved plan takes no --max-warnings (the plan has no warnings to count)', () => {
    expect(run(['plan', '--out', 'saved.json', 'rules.wbrules']).status).toBe(0);
    const refused = run(['apply', '--yes', '--max-warnings', '0', 'saved.json']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('--max-warnings checks the rules files');
  });
});
