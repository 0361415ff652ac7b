import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FaultInjector, type RunningDevServer, startDevServer, storeFromSeed } from '@wbrules/dev-server';
import { afterEach, describe, expect, test } from 'vitest';
import { ensureBundle, type RunResult, root, tempDir, wbrulesAsync } from './harness.js';

ensureBundle();

/**
 * Two `wbrules apply` runs against one server at once. The local server runs
 * in this process and holds one chosen request of the first run (its
 * `hold` option) until the test releases it, so the second run always
 * lands in the same place of the first one: no timing.
 */

/** A request held until {@link Gate.release}; {@link Gate.reached} settles when it arrives. */
class Gate {
  private arrive: () => void = () => {};
  private open: () => void = () => {};
  readonly reached = new Promise<void>((resolve) => {
    this.arrive = resolve;
  });
  hold(): Promise<void> {
    this.arrive();
    return new Promise((resolve) => {
      this.open = resolve;
    });
  }
  release(): void {
    this.open();
  }
}

let server: RunningDevServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A fresh seeded server; `hold(operation, n)` (n counts that operation's requests) picks the request to hold. */
async function serve(hold: (operation: string, n: number) => Promise<void> | undefined): Promise<RunningDevServer> {
  const seed = JSON.parse(readFileSync(join(root, 'examples/dev-seed.json'), 'utf8'));
  const seen = new Map<string, number>();
  const faults = new FaultInjector({
    hold: (operation) => {
      const n = (seen.get(operation) ?? 0) + 1;
      seen.set(operation, n);
      return hold(operation, n);
    },
  });
  server = await startDevServer({ store: storeFromSeed(seed), faults });
  return server;
}

/** `wbrules …args` in `cwd`, without blocking this process (the server runs here). */
function run(args: readonly string[], cwd: string): Promise<RunResult> {
  const env = { HOME: cwd, NETRC: '', WANDB_API_KEY: 'local-dev-key', WANDB_BASE_URL: server?.baseUrl ?? '' };
  return wbrulesAsync(args, { cwd, env });
}

/** Three rules in acme/vision with threshold `at`. */
function rules(at: number): string {
  return ['a', 'b', 'c']
    .map((name) => `automation "${name}" on run metric "m" > ${at} in project "acme/vision" -> nothing\n`)
    .join('');
}

const isWrite = (operation: string) => /^(ApplyAutomations|CreateAutomation|UpdateAutomation)$/.test(operation);

describe('two applies at once', () => {
  test('the same files: one creates, the other finds them already there; no duplicates', async () => {
    const gate = new Gate();
    await serve((operation, n) => (isWrite(operation) && n === 1 ? gate.hold() : undefined));
    const cwd = tempDir({ 'rules.wbrules': rules(1) });
    const first = run(['apply', '--yes', 'rules.wbrules'], cwd);
    await gate.reached; // The first has planned and re-read; its write waits.
    const second = await run(['apply', '--yes', 'rules.wbrules'], cwd);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('Applied: 3 created, 0 updated, 0 deleted, 0 failed');
    gate.release();
    const done = await first;
    expect(done.stderr).toBe('');
    expect(done.status).toBe(0);
    expect(done.stdout).toContain('Applied: 0 created, 0 updated, 0 deleted, 3 already there, 0 failed');
    const plan = await run(['plan', 'rules.wbrules'], cwd);
    expect(plan.stdout).toContain(
      'No changes: the server already holds what the files say (3 unchanged, 0 not managed).',
    );
  });

  test('different files, written before the re-read: nothing written in that scope, exit 1', async () => {
    const gate = new Gate();
    let armed = false;
    await serve((operation, n) =>
      armed && operation === 'EntityAutomationsWithScopes' && n === 4 ? gate.hold() : undefined,
    );
    const cwd = tempDir({ 'v1.wbrules': rules(1), 'v2.wbrules': rules(2), 'v3.wbrules': rules(3) });
    expect((await run(['apply', '--yes', 'v1.wbrules'], cwd)).status).toBe(0); // listings 1 and 2
    armed = true;
    const first = run(['apply', '--yes', 'v2.wbrules'], cwd); // listing 3 plans, listing 4 (the re-read) waits
    await gate.reached;
    const second = await run(['apply', '--yes', 'v3.wbrules'], cwd);
    expect(second.stdout).toContain('Applied: 0 created, 3 updated, 0 deleted, 0 failed');
    gate.release();
    const done = await first;
    expect(done.status).toBe(1);
    expect(done.stderr).toBe(
      `wbrules: the server changed since the plan was made, so nothing was written in project "acme/vision":
  automation "a" in project "acme/vision" was changed since the plan was made
  automation "b" in project "acme/vision" was changed since the plan was made
  automation "c" in project "acme/vision" was changed since the plan was made
Someone else is changing these automations; run "wbrules plan" to see what the server holds now.
`,
    );
    expect(done.stdout).toContain('Applied: 0 created, 0 updated, 0 deleted, 3 failed');
    // The second run's automations stand.
    const plan = await run(['plan', 'v3.wbrules'], cwd);
    expect(plan.stdout).toContain(
      'No changes: the server already holds what the files say (3 unchanged, 0 not managed).',
    );
  });

  test('different files, created between the re-read and the write: not overwritten, exit 1', async () => {
    const gate = new Gate();
    await serve((operation, n) => (isWrite(operation) && n === 1 ? gate.hold() : undefined));
    const cwd = tempDir({ 'v1.wbrules': rules(1), 'v2.wbrules': rules(2) });
    const first = run(['apply', '--yes', 'v1.wbrules'], cwd);
    await gate.reached;
    expect((await run(['apply', '--yes', 'v2.wbrules'], cwd)).stdout).toContain('Applied: 3 created');
    gate.release();
    const done = await first;
    expect(done.status).toBe(1);
    expect(done.stderr).toContain(
      'wbrules: automation "a" in project "acme/vision" was created meanwhile by someone else, not as the rule says; it was not overwritten\n',
    );
    expect(done.stdout).toContain('Applied: 0 created, 0 updated, 0 deleted, 3 failed');
    const plan = await run(['plan', 'v2.wbrules'], cwd);
    expect(plan.stdout).toContain(
      'No changes: the server already holds what the files say (3 unchanged, 0 not managed).',
    );
  });

  test('a saved plan is refused when an automation it touches has another updatedAt, even with the same meaning', async () => {
    await serve(() => undefined);
    const cwd = tempDir({ 'v1.wbrules': rules(1), 'v2.wbrules': rules(2) });
    expect((await run(['apply', '--yes', 'v1.wbrules'], cwd)).status).toBe(0);
    expect((await run(['plan', '--out', 'plan.json', 'v2.wbrules'], cwd)).status).toBe(0);
    // Someone changes "a" and back: the same meaning, a new updatedAt.
    writeFileSync(join(cwd, 'only-a.wbrules'), rules(5).split('\n')[0] as string);
    expect((await run(['apply', '--yes', 'only-a.wbrules'], cwd)).status).toBe(0);
    expect((await run(['apply', '--yes', 'v1.wbrules'], cwd)).stdout).toContain('1 updated');
    const refused = await run(['apply', '--yes', 'plan.json'], cwd);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('  automation "a" in project "acme/vision" was changed since the plan was made\n');
    expect(refused.stderr).not.toContain('automation "b"');
  });
});
