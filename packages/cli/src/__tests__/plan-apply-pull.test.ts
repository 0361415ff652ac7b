import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { applyCommand } from '../commands/apply.js';
import type { Terminal } from '../terminal.js';
import { type DevServerProcess, startDevServerProcess } from './dev-server-process.js';
import { bin, ensureBundle, listFiles, root, tempDir, wbrules } from './harness.js';

ensureBundle();

/**
 * The workflow of the README against `wbrules dev-server`, with the real
 * command: write rules → `plan` → `apply` → `pull` → `plan` again shows no
 * changes; saved plans and staleness; the exit codes; faults; and an apply
 * killed half way, then run again.
 */

const key = 'local-dev-key';
let env: Record<string, string>;

const quickstart = readFileSync(join(root, 'examples/quickstart.wbrules'), 'utf8');

function workspace(): string {
  const cwd = tempDir({ 'rules/quickstart.wbrules': quickstart });
  copyFileSync(join(root, 'examples/dev-seed.json'), join(cwd, 'dev-seed.json'));
  return cwd;
}

/** `count` rules spread over acme/vision and acme/sandbox. */
function manyRules(count: number, prefix = 'many'): string {
  const lines = ['slack alerts = "#ml-alerts"'];
  for (let i = 0; i < count; i++) {
    const project = i % 2 === 0 ? 'vision' : 'sandbox';
    lines.push(
      `automation "${prefix}-${i}" on run metric "m${i}" > ${i} in project "acme/${project}" -> ${i % 3 === 0 ? 'slack alerts' : 'nothing'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(() => {
  env = { HOME: tempDir(), WANDB_API_KEY: key, WANDB_BASE_URL: '', NETRC: '' };
});

describe('write rules → plan → apply → pull → plan', () => {
  let server: DevServerProcess;
  let cwd: string;
  const run = (args: string[]) => wbrules(args, { cwd, env: { ...env, WANDB_BASE_URL: server.baseUrl } });
  beforeAll(async () => {
    cwd = workspace();
    server = await startDevServerProcess(['--seed', 'dev-seed.json'], cwd);
  });
  afterAll(async () => {
    await server.stop();
  });

  test('the whole path, with the exact output a person sees', () => {
    const plan = run(['plan', 'rules']);
    expect(plan).toEqual({
      status: 0,
      stderr: '',
      stdout: `Plan for ${server.baseUrl} (automations of "acme" listed)

project "acme/vision"
  + "accuracy-floor"  rules/quickstart.wbrules:10
  + "loss-changes-by-10pct-within-5-webhook-ci"  rules/quickstart.wbrules:8
  + "run-state-failed-crashed-slack-alerts"  rules/quickstart.wbrules:16

Plan: 3 to create, 0 to update, 0 to delete; 0 unchanged, 0 not managed.
Note: 2 rules have derived names (no automation "NAME"); "wbrules fmt --name-rules" pins them.
`,
    });
    expect(run(['plan', 'rules', '--detailed-exitcode']).status).toBe(2);

    // No terminal to ask on, no --yes: refused, nothing changes.
    const refused = run(['apply', 'rules']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(
      'wbrules: not applying: there is no terminal to confirm on (standard input is not one); pass --yes to apply without asking\n',
    );
    expect(run(['plan', 'rules', '--detailed-exitcode']).status).toBe(2);

    const applied = run(['apply', 'rules', '--yes']);
    expect(applied.status).toBe(0);
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toContain('Plan: 3 to create');
    expect(applied.stdout).toMatch(
      /\nApplied: 3 created, 0 updated, 0 deleted, 0 failed, in 6 HTTP requests \(1 capabilities query, 2 lookups, 2 listing pages, 1 batch of up to 50 changes\) and \d+\.\d s\.\n$/,
    );
    expect(run(['plan', 'rules', '--detailed-exitcode'])).toMatchObject({
      status: 0,
      stdout: expect.stringContaining(
        'No changes: the server already holds what the files say (3 unchanged, 0 not managed).',
      ),
    });
    expect(run(['apply', 'rules', '--yes']).stdout).not.toContain('Applied:');

    // An edit shows as the decoded field that changed.
    writeFileSync(join(cwd, 'rules/quickstart.wbrules'), quickstart.replace('avg over 5 < 0.8', 'avg over 5 < 0.75'));
    const changed = run(['plan', 'rules', '--detailed-exitcode']);
    expect(changed.status).toBe(2);
    expect(changed.stdout).toContain(`
project "acme/vision"
  ~ "accuracy-floor"  rules/quickstart.wbrules:10
      event.filter.run_metric_filter.threshold_filter.threshold: 0.8 → 0.75

Plan: 0 to create, 1 to update, 0 to delete; 2 unchanged, 0 not managed.
`);
    const json = JSON.parse(run(['plan', 'rules', '--json']).stdout);
    expect(json).toMatchObject({ format: 'wbrules-plan/1', server: server.baseUrl, prune: false, entities: ['acme'] });
    expect(json.changes[0]).toMatchObject({
      action: 'update',
      name: 'accuracy-floor',
      scope: { kind: 'project', path: 'acme/vision', type: 'PROJECT', id: 'UHJvamVjdDox' },
      source: { file: 'rules/quickstart.wbrules', line: 10, column: 1 },
      input: { id: expect.any(String), scopeID: 'UHJvamVjdDox', scopeType: 'PROJECT', name: 'accuracy-floor' },
      fields: [{ path: 'event.filter.run_metric_filter.threshold_filter.threshold', before: '0.8', after: '0.75' }],
    });
    expect(run(['apply', 'rules', '--yes']).status).toBe(0);

    // Pull everything back: one file per scope; planning the pulled files changes nothing.
    const pulled = run(['pull', '--entity', 'acme', '-o', 'pulled']);
    expect(pulled).toEqual({
      status: 0,
      stderr: '',
      stdout: `wrote pulled/project/acme/vision.wbrules (3 rules)
Pulled 3 automations of entity "acme" into 1 file: 3 rules (3 HTTP requests).
`,
    });
    expect(listFiles(join(cwd, 'pulled'))).toEqual(['project/acme/vision.wbrules']);
    expect(run(['fmt', '--check', 'pulled']).status).toBe(0);
    expect(run(['plan', 'pulled', '--detailed-exitcode'])).toMatchObject({ status: 0 });
    // Never over an existing file without --force.
    const again = run(['pull', '--entity', 'acme', '-o', 'pulled']);
    expect(again.status).toBe(2);
    expect(again.stderr).toBe(
      'wbrules: not pulling: 1 file would be replaced (pulled/project/acme/vision.wbrules); pass --force to replace them\n',
    );
    expect(run(['pull', '--entity', 'acme', '-o', 'pulled', '--force']).status).toBe(0);
  });

  test('a saved plan applies exactly, and is refused once the server has changed', () => {
    writeFileSync(join(cwd, 'rules/quickstart.wbrules'), quickstart.replace('severity error', 'severity warn'));
    const saved = run(['plan', 'rules', '--out', 'plan.json']);
    expect(saved.stdout).toContain('\nSaved the plan to plan.json; apply exactly it with: wbrules apply plan.json\n');
    expect(JSON.parse(readFileSync(join(cwd, 'plan.json'), 'utf8'))).toEqual(
      JSON.parse(run(['plan', 'rules', '--json']).stdout),
    );
    // Someone applies the files first: the saved plan no longer describes the server.
    expect(run(['apply', 'rules', '--yes']).status).toBe(0);
    const stale = run(['apply', 'plan.json', '--yes']);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toBe(`wbrules: the server changed since the plan in plan.json was made, so it is not applied:
  automation "accuracy-floor" in project "acme/vision" was changed since the plan was made
  automation "run-state-failed-crashed-slack-alerts" in project "acme/vision" was changed since the plan was made
Make a new plan with "wbrules plan --out FILE", review it, and apply that.
`);
    expect(run(['apply', 'plan.json', '--prune']).status).toBe(2);
    writeFileSync(join(cwd, 'rules/quickstart.wbrules'), quickstart);
    expect(run(['plan', 'rules', '--out', 'plan2.json']).status).toBe(0);
    const fresh = run(['apply', 'plan2.json', '--yes']);
    expect(fresh.status).toBe(0);
    expect(fresh.stdout).toContain('Applied: 0 created, 1 updated, 0 deleted, 0 failed');
    expect(
      wbrules(['apply', 'plan2.json', '--yes'], { cwd, env: { ...env, WANDB_BASE_URL: 'http://localhost:9' } }),
    ).toMatchObject({
      status: 1,
      stderr: `wbrules: the plan in plan2.json was made for ${server.baseUrl}, not http://localhost:9; make a plan for this server with "wbrules plan --out FILE"\n`,
    });
  });

  test('--prune deletes, in the scopes the files use, what no rule names; other scopes are never touched', () => {
    writeFileSync(
      join(cwd, 'sandbox.wbrules'),
      'in project "acme/sandbox"\nautomation "keep-me" on run state finished -> nothing\n',
    );
    expect(run(['apply', 'sandbox.wbrules', '--yes']).status).toBe(0);
    const fewer = quickstart.replace(/\non run state failed, crashed -> slack alerts severity error\n/, '\n');
    writeFileSync(join(cwd, 'rules/quickstart.wbrules'), fewer);
    const plain = run(['plan', 'rules']);
    expect(plain.stdout).toContain(`Not managed (not in these files; left alone unless --prune is given):
  · project "acme/vision": "run-state-failed-crashed-slack-alerts" (--prune would delete it)
  · project "acme/sandbox": 1 automation (a scope these files do not use)
`);
    const pruned = run(['apply', 'rules', '--prune', '--yes']);
    expect(pruned.stdout).toContain(`  - "run-state-failed-crashed-slack-alerts"  (no rule names it; --prune)`);
    expect(pruned.stdout).toContain('Applied: 0 created, 0 updated, 1 deleted, 0 failed');
    expect(run(['plan', 'rules', 'sandbox.wbrules', '--prune', '--detailed-exitcode']).status).toBe(0);
    writeFileSync(join(cwd, 'rules/quickstart.wbrules'), quickstart);
  });

  test('pull: an automation it cannot write is a comment, a warning and a count; --integrations-from names it', () => {
    writeFileSync(
      join(cwd, 'pager.wbrules'),
      'webhook pager = "ops-team/pagerduty"\nautomation "page-me" on run state failed in project "acme/sandbox" -> webhook pager\n',
    );
    expect(run(['apply', 'pager.wbrules', '--yes']).status).toBe(0);
    const pulled = run(['pull', '--entity', 'acme', '--project', 'sandbox', '-o', 'sandbox']);
    expect(pulled.status).toBe(0);
    expect(pulled.stderr).toMatch(
      /^sandbox\/project\/acme\/sandbox\.wbrules: warning\[WR5203\]: automation "page-me" \(\S+\) is written as a comment: its webhook "pagerduty" \(ID "SW50ZWdyYXRpb246Ng=="\): it is not one of the integrations of "acme", and W&B does not say which entity holds it; pass that entity with --integrations-from ENTITY\n$/,
    );
    expect(pulled.stdout).toContain('wrote sandbox/project/acme/sandbox.wbrules (');
    expect(pulled.stdout).toContain(', 1 as comments)\n');
    expect(pulled.stdout).toContain('and 1 automation written as a comment with the reason it is not a rule');
    const named = run([
      'pull',
      '--entity',
      'acme',
      '--project',
      'sandbox',
      '-o',
      'sandbox',
      '--force',
      '--integrations-from',
      'ops-team',
    ]);
    expect(named.stderr).toBe('');
    expect(readFileSync(join(cwd, 'sandbox/project/acme/sandbox.wbrules'), 'utf8')).toContain(
      'webhook pagerduty = "ops-team/pagerduty"\n',
    );
    expect(run(['plan', 'sandbox', '--detailed-exitcode']).status).toBe(0);
  });

  test('--detailed-exitcode: any error is 1, never 2', () => {
    expect(run(['plan', 'rules', '--detailed-exitcode', '--no-such-option']).status).toBe(1);
    expect(run(['plan', 'missing-dir', '--detailed-exitcode']).status).toBe(1);
    expect(run(['plan', 'missing-dir']).status).toBe(2);
    writeFileSync(join(cwd, 'typo.wbrules'), 'in project "acme/vison"\non run state failed -> nothing\n');
    const typo = run(['plan', 'typo.wbrules', '--detailed-exitcode']);
    expect(typo.status).toBe(1);
    expect(typo.stderr).toContain('error[WR5101]: the server has no project "acme/vison"');
  });

  test('confirmation on a terminal: only "yes" applies, and a progress bar is drawn', async () => {
    writeFileSync(join(cwd, 'many.wbrules'), manyRules(30));
    const file = join(cwd, 'many.wbrules');
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), color: false };
    const asked: string[] = [];
    const terminal = (answer: string): Terminal => ({
      interactive: true,
      progress: true,
      stdoutColor: false,
      ask: async (q) => {
        asked.push(q);
        return answer;
      },
    });
    const options = { format: 'text' as const, batchSize: 10 };
    const serverEnv = { ...env, WANDB_BASE_URL: server.baseUrl };
    expect(await applyCommand([file], options, io, serverEnv, terminal('no'))).toBe(1);
    expect(asked).toEqual([`\nApply 30 changes to ${server.baseUrl}? Only "yes" applies: `]);
    expect(err.join('')).toBe('Not applied.\n');
    err.length = 0;
    expect(await applyCommand([file], options, io, serverEnv, terminal('yes'))).toBe(0);
    expect(err.join('')).toBe(
      [
        '\rapplying [------------------------------] 0/30',
        '\rapplying [##########--------------------] 10/30',
        '\rapplying [####################----------] 20/30',
        '\rapplying [##############################] 30/30',
        `\r${' '.repeat('applying [##############################] 30/30'.length)}\r`,
      ].join(''),
    );
    expect(out.join('')).toContain('Applied: 30 created');
  });

  test('Ctrl-C: the requests in flight finish, nothing more is sent, and the next apply finishes the job', async () => {
    writeFileSync(join(cwd, 'stopped.wbrules'), manyRules(30, 'stopped'));
    const file = join(cwd, 'stopped.wbrules');
    const signals = new EventEmitter();
    const out: string[] = [];
    const err: string[] = [];
    const io = {
      stdout: (t: string) => out.push(t),
      stderr: (t: string) => {
        err.push(t);
        // Ctrl-C as soon as the first batch is done.
        if (t.includes(' 5/30')) signals.emit('SIGINT');
      },
      color: false,
    };
    const terminal: Terminal = { interactive: false, progress: true, stdoutColor: false, ask: async () => '' };
    const options = { format: 'text' as const, batchSize: 5, concurrency: 1, yes: true };
    const serverEnv = { ...env, WANDB_BASE_URL: server.baseUrl };
    expect(await applyCommand([file], options, io, serverEnv, terminal, signals as unknown as NodeJS.Process)).toBe(1);
    expect(signals.listenerCount('SIGINT')).toBe(0);
    expect(err.join('')).toContain('wbrules: stopping after the requests in flight (Ctrl-C again to stop at once)\n');
    expect(err.join('')).toContain('wbrules: stopped with 25 changes not sent; run "wbrules apply" again to finish\n');
    expect(out.join('')).toContain('Applied: 5 created, 0 updated, 0 deleted, 25 failed');
    out.length = 0;
    expect(await applyCommand([file], options, io, serverEnv, { ...terminal, progress: false })).toBe(0);
    expect(out.join('')).toContain('Plan: 25 to create, 0 to update, 0 to delete; 5 unchanged');
  });
});

describe('pull --entity and --org', () => {
  let server: DevServerProcess;
  let cwd: string;
  const run = (args: string[], extra: Record<string, string> = {}) =>
    wbrules(args, { cwd, env: { ...env, WANDB_BASE_URL: server.baseUrl, ...extra } });
  beforeAll(async () => {
    cwd = tempDir({
      'everywhere.wbrules': `webhook ci = "github-dispatch"
webhook deploy = "model-deploy"
webhook pager = "pagerduty"

automation "p1" on run state failed in project "acme/vision" -> webhook ci
automation "c1" on artifact created in collection "acme/vision/resnet-weights" -> nothing
automation "t1" on run state finished in team "acme" -> nothing
automation "r1" on artifact linked in registry "acme-org/model" -> webhook deploy
automation "o1" on tag added in org "acme-org" -> nothing
automation "x1" on run state failed in team "ops-team" -> webhook pager
`,
    });
    copyFileSync(join(root, 'examples/dev-seed.json'), join(cwd, 'dev-seed.json'));
    server = await startDevServerProcess(['--seed', 'dev-seed.json'], cwd);
    expect(run(['apply', 'everywhere.wbrules', '--yes']).status).toBe(0);
  });
  afterAll(async () => {
    await server.stop();
  });

  const organization = [
    'collection/acme/vision/resnet-weights.wbrules',
    'org/acme-org.wbrules',
    'project/acme/vision.wbrules',
    'registry/acme-org/model.wbrules',
    'team/acme.wbrules',
  ];

  test('with both, every automation of the entity and of the organization, each once', () => {
    const both = run(['pull', '--entity', 'ops-team', '--org', 'acme-org', '-o', 'both']);
    expect(both.status).toBe(0);
    expect(both.stderr).toBe('');
    expect(both.stdout).toMatch(
      /\nPulled 6 automations of entity "ops-team" and organization "acme-org" into 6 files: 6 rules \(\d+ HTTP requests\)\.\n$/,
    );
    expect(listFiles(join(cwd, 'both'))).toEqual([...organization, 'team/ops-team.wbrules'].sort());
    expect(run(['plan', 'both', '--detailed-exitcode'])).toMatchObject({ status: 0 });

    // Each alone pulls its own.
    expect(run(['pull', '--org', 'acme-org', '-o', 'org']).stdout).toContain(
      'Pulled 5 automations of organization "acme-org"',
    );
    expect(listFiles(join(cwd, 'org'))).toEqual(organization);
    expect(run(['pull', '--entity', 'ops-team', '-o', 'team']).stdout).toContain(
      'Pulled 1 automation of entity "ops-team" into 1 file',
    );
    // A team of the organization is in both listings: its automations are pulled once.
    expect(run(['pull', '--entity', 'acme', '--org', 'acme-org', '-o', 'acme']).stdout).toContain(
      'Pulled 5 automations of entity "acme" and organization "acme-org" into 5 files: 5 rules',
    );
  });

  test('WANDB_ENTITY is the default entity; with neither, a usage error', () => {
    const pulled = run(['pull', '--org', 'acme-org', '-o', 'env'], { WANDB_ENTITY: 'ops-team' });
    expect(pulled.stdout).toContain('Pulled 6 automations of entity "ops-team" and organization "acme-org"');
    expect(run(['pull', '-o', 'none'])).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'wbrules: give the entity to pull from (--entity NAME, or WANDB_ENTITY), the organization (--org NAME), or both\n',
    });
  });
});

describe('a rule the server refuses', () => {
  test("is reported at the rule with the server's message; the others still apply; exit 1", async () => {
    const cwd = workspace();
    const data = join(cwd, 'state.json');
    let server = await startDevServerProcess(['--seed', 'dev-seed.json', '--data', 'state.json'], cwd);
    const run = (args: string[]) => wbrules(args, { cwd, env: { ...env, WANDB_BASE_URL: server.baseUrl } });
    expect(run(['plan', 'rules', '--out', 'plan.json']).status).toBe(0);
    await server.stop();
    // The webhook integration is removed from W&B between plan and apply.
    const state = JSON.parse(readFileSync(data, 'utf8'));
    state.integrations = state.integrations.filter((i: { name?: string }) => i.name !== 'github-dispatch');
    writeFileSync(data, JSON.stringify(state));
    server = await startDevServerProcess(['--data', 'state.json'], cwd);
    const plan = JSON.parse(readFileSync(join(cwd, 'plan.json'), 'utf8'));
    plan.server = server.baseUrl;
    writeFileSync(join(cwd, 'plan.json'), JSON.stringify(plan));
    const applied = run(['apply', 'plan.json', '--yes']);
    expect(applied.status).toBe(1);
    expect(
      applied.stderr,
    ).toBe(`rules/quickstart.wbrules:8:1: error[WR5201]: the server refused to create automation "loss-changes-by-10pct-within-5-webhook-ci" in project "acme/vision": integration "SW50ZWdyYXRpb246MQ==" not found
8 | on run metric "loss" changes by 10% within 5 -> webhook ci
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

1 error
`);
    expect(applied.stdout).toContain('Applied: 2 created, 0 updated, 0 deleted, 1 failed');
    await server.stop();
  });
});

describe('apply against a failing server', () => {
  test('HTTP 429 and answers lost after commit: converges, exactly once each, and a second apply is a no-op', async () => {
    const cwd = workspace();
    writeFileSync(join(cwd, 'many.wbrules'), manyRules(120));
    const server = await startDevServerProcess(
      ['--seed', 'dev-seed.json', '--faults', '429=0.2,lost=0.15,retry-after=0,seed=3'],
      cwd,
    );
    const run = (args: string[]) => wbrules(args, { cwd, env: { ...env, WANDB_BASE_URL: server.baseUrl } });
    let status: number | null = null;
    for (let i = 0; i < 3 && status !== 0; i++)
      status = run(['apply', 'many.wbrules', '--yes', '--batch-size', '10']).status;
    expect(status).toBe(0);
    // The server's log arrives once the event loop runs again (the command ran synchronously).
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.stderr()).toMatch(
      /ApplyAutomations - .*\(injected: lost, the request was carried out, then the connection closed\)/,
    );
    expect(server.stderr()).toMatch(/ 429 .*\(injected: 429\)/);
    const plan = JSON.parse(run(['plan', 'many.wbrules', '--json']).stdout);
    expect(plan.summary).toEqual({ create: 0, update: 0, delete: 0, unchanged: 120, unmanaged: 0 });
    await server.stop();
  });

  test('killed half way through, apply again: nothing twice, nothing lost', async () => {
    const cwd = workspace();
    writeFileSync(join(cwd, 'many.wbrules'), manyRules(100));
    const server = await startDevServerProcess(
      ['--seed', 'dev-seed.json', '--faults', 'slow=1,slow-ms=30,ops=ApplyAutomations'],
      cwd,
    );
    const runEnv = { ...process.env, ...env, WANDB_BASE_URL: server.baseUrl };
    const child = spawn(
      process.execPath,
      [bin, 'apply', 'many.wbrules', '--yes', '--batch-size', '5', '--concurrency', '1'],
      {
        cwd,
        env: runEnv,
        stdio: 'ignore',
      },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    const batches = () => (server.stderr().match(/ApplyAutomations 200/g) ?? []).length;
    while (batches() < 6) await new Promise((resolve) => setTimeout(resolve, 10));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const run = (args: string[]) => wbrules(args, { cwd, env: { ...env, WANDB_BASE_URL: server.baseUrl } });
    const partial = JSON.parse(run(['plan', 'many.wbrules', '--json']).stdout).summary;
    expect(partial.unchanged).toBeGreaterThanOrEqual(30);
    expect(partial.create).toBe(100 - partial.unchanged);
    expect(run(['apply', 'many.wbrules', '--yes']).status).toBe(0);
    const done = JSON.parse(run(['plan', 'many.wbrules', '--json']).stdout).summary;
    expect(done).toEqual({ create: 0, update: 0, delete: 0, unchanged: 100, unmanaged: 0 });
    await server.stop();
  });
});
