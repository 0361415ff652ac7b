import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { type DevServerProcess, startDevServerProcess } from './dev-server-process.js';
import { bin, ensureBundle, root, tempDir, wbrules } from './harness.js';

ensureBundle();

/**
 * The CI examples do what they say: examples/ci/github-actions.yml's steps
 * run, as bash scripts with `npx wbrules` standing for the command under
 * test, in a repository whose automations/ holds the examples, against
 * `wbrules dev-server`; and each hook of .pre-commit-hooks.yaml runs on the
 * example rules files, as pre-commit would call it.
 */

interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly if?: string;
}
interface Job {
  readonly needs?: string | string[];
  readonly if?: string;
  readonly env?: Record<string, string>;
  readonly steps: Step[];
}
interface Hook {
  readonly id: string;
  readonly entry: string;
  readonly language: string;
  readonly files: string;
  readonly additional_dependencies?: string[];
}

const workflow = parse(readFileSync(join(root, 'examples/ci/github-actions.yml'), 'utf8')) as {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
};
const hooks = parse(readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

/** The example rules and rule tests (not the receivers' drill), as a repository keeps them in automations/. */
function exampleRepository(): string {
  const files: Record<string, string> = {};
  for (const name of readdirSync(join(root, 'examples')))
    if (name.endsWith('.wbrules') || name.endsWith('.wbrules-test.yaml'))
      files[`automations/${name}`] = readFileSync(join(root, 'examples', name), 'utf8');
  return tempDir(files);
}

/** A directory with an `npx` that runs the command under test for `npx wbrules …` (as `npm ci` would have installed it). */
function npxShim(): string {
  const dir = tempDir();
  const npx = join(dir, 'npx');
  writeFileSync(
    npx,
    `#!/bin/sh\n[ "$1" = wbrules ] || { echo "npx: only wbrules here" >&2; exit 127; }\nshift\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} "$@"\n`,
  );
  chmodSync(npx, 0o755);
  return dir;
}

/** What a `run:` step did: its status, output, and the files GitHub reads afterwards. */
interface StepResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly summary: string;
  readonly outputs: string;
}

/** Runs a step's script as GitHub runs `run:` on Linux (`bash -e -o pipefail`), with `env` added. */
function runStep(script: string, cwd: string, env: Record<string, string>): StepResult {
  const summary = join(cwd, '.step-summary');
  const outputs = join(cwd, '.step-outputs');
  writeFileSync(summary, '');
  writeFileSync(outputs, '');
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: `${shim}:${process.env.PATH ?? ''}`,
      HOME: home,
      NETRC: '',
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: outputs,
      ...env,
    },
  });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    summary: readFileSync(summary, 'utf8'),
    outputs: readFileSync(outputs, 'utf8'),
  };
}

/** The one step of `job` that runs wbrules. */
function wbrulesStep(job: string): Step & { run: string } {
  const steps = (workflow.jobs[job]?.steps ?? []).filter((s) => s.run?.includes('npx wbrules') === true);
  expect(steps, job).toHaveLength(1);
  return steps[0] as Step & { run: string };
}

let shim: string;
let home: string;
beforeAll(() => {
  shim = npxShim();
  home = tempDir();
});

describe('examples/ci/github-actions.yml', () => {
  test('runs on pull requests and on pushes to main; check and test, then plan, then apply', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
    expect(Object.keys(workflow.jobs)).toEqual(['check', 'test', 'plan', 'apply']);
    expect(workflow.jobs.plan?.needs).toEqual(['check', 'test']);
    expect(workflow.jobs.apply?.needs).toBe('plan');
    expect(workflow.jobs.apply?.if).toContain("github.ref == 'refs/heads/main'");
    // The key comes from the repository's secrets, never from the file.
    for (const job of ['plan', 'apply']) {
      expect(workflow.jobs[job]?.env?.WANDB_API_KEY).toBe('${{ secrets.WANDB_API_KEY }}');
    }
    const uses = Object.values(workflow.jobs).flatMap((j) => j.steps.flatMap((s) => (s.uses ? [s.uses] : [])));
    expect(uses).toContain('github/codeql-action/upload-sarif@v3');
    // Every step that runs wbrules is valid bash.
    for (const job of Object.keys(workflow.jobs)) {
      const { run } = wbrulesStep(job);
      expect(spawnSync('bash', ['-n', '-c', run]).status, job).toBe(0);
    }
  });

  describe('every step that runs wbrules, in order, against the local server', () => {
    let server: DevServerProcess;
    let cwd: string;
    let env: Record<string, string>;
    beforeAll(async () => {
      cwd = exampleRepository();
      copyFileSync(join(root, 'examples/dev-seed.json'), join(cwd, 'dev-seed.json'));
      server = await startDevServerProcess(['--seed', 'dev-seed.json'], cwd);
      // What the jobs' env would hold: the secret and the variable.
      env = { WANDB_API_KEY: 'local-dev-key', WANDB_BASE_URL: server.baseUrl };
    });
    afterAll(async () => {
      await server.stop();
    });

    test('check writes a SARIF log with no results (exit 0)', () => {
      const step = runStep(wbrulesStep('check').run, cwd, {});
      expect(step.status, step.stderr).toBe(0);
      const log = JSON.parse(readFileSync(join(cwd, 'wbrules.sarif'), 'utf8'));
      expect(log.runs[0].results).toEqual([]);
      const upload = workflow.jobs.check?.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
      expect((upload as { with?: { sarif_file?: string } }).with?.sarif_file).toBe('wbrules.sarif');
    });

    test('the rule tests pass and write the JUnit report', () => {
      const step = runStep(wbrulesStep('test').run, cwd, {});
      expect(step.status, step.stdout + step.stderr).toBe(0);
      expect(step.stderr).toBe('');
      const junit = readFileSync(join(cwd, 'reports/wbrules-junit.xml'), 'utf8');
      expect(junit).toMatch(/^<\?xml/);
      expect(junit).not.toContain('<failure');
    });

    test('a failing rule test is an annotation at its line', () => {
      const broken = exampleRepository();
      const file = join(broken, 'automations/quickstart.wbrules-test.yaml');
      const text = readFileSync(file, 'utf8');
      const line = text.slice(0, text.indexOf('step: 4 }')).split('\n').length;
      writeFileSync(file, text.replace('step: 4 }', 'step: 3 }'));
      const step = runStep(wbrulesStep('test').run, broken, {});
      expect(step.status).toBe(1);
      expect(step.stderr).toMatch(
        new RegExp(
          `^::error file=automations/quickstart\\.wbrules-test\\.yaml,line=${line},col=\\d+,endLine=${line},endColumn=\\d+,title=wbrules test::accuracy sags on a prod run: expected "accuracy-floor" fires for run "prod-7" at step 3%0A`,
        ),
      );
    });

    test('plan: changes pending, saved, shown as the job summary; apply applies exactly it; plan again: none', () => {
      const plan = runStep(wbrulesStep('plan').run, cwd, env);
      expect(plan.status, plan.stderr).toBe(0);
      expect(plan.outputs).toBe('changes=true\n');
      expect(plan.summary).toMatch(/^## W&B Automations plan\n\n```text\nPlan for http:\/\/127\.0\.0\.1:\d+ /);
      expect(plan.summary).toContain(' to create, 0 to update, 0 to delete');
      expect(plan.summary).toMatch(/\n```\n$/);
      expect(JSON.parse(readFileSync(join(cwd, 'plan.json'), 'utf8')).format).toBe('wbrules-plan/1');

      const apply = runStep(wbrulesStep('apply').run, cwd, env);
      expect(apply.status, apply.stderr).toBe(0);
      expect(apply.stdout).toContain(' created, 0 updated, 0 deleted, 0 failed');

      // Applied again, the same saved plan is refused: what it would create now exists.
      expect(runStep(wbrulesStep('apply').run, cwd, env).status).toBe(1);

      const again = runStep(wbrulesStep('plan').run, cwd, env);
      expect(again.status, again.stderr).toBe(0);
      expect(again.outputs).toBe('changes=false\n');
      expect(again.summary).toContain('No changes: the server already holds what the files say');
    });

    test('plan fails the step on errors, with annotations', () => {
      const broken = exampleRepository();
      writeFileSync(
        join(broken, 'automations/bad.wbrules'),
        'on run metric "loss" > 1 in project "acme/nope" -> nothing\n',
      );
      const plan = runStep(wbrulesStep('plan').run, broken, env);
      expect(plan.status).toBe(1);
      expect(plan.stderr).toMatch(
        /^::error file=automations\/bad\.wbrules,line=1,.*title=WR5101::the server has no project "acme\/nope"/,
      );
      expect(plan.outputs).toBe('');
    });
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const version = JSON.parse(readFileSync(join(root, 'packages/cli/package.json'), 'utf8')).version as string;

  test('wbrules-fmt and wbrules-check, from the npm release of this version, on .wbrules files', () => {
    expect(hooks.map((h) => h.id)).toEqual(['wbrules-fmt', 'wbrules-check']);
    for (const hook of hooks) {
      expect(hook.language).toBe('node');
      expect(hook.additional_dependencies).toEqual([`wbrules@${version}`]);
      expect(new RegExp(hook.files).test('automations/a.wbrules')).toBe(true);
      expect(new RegExp(hook.files).test('automations/a.wbrules-test.yaml')).toBe(false);
      expect(hook.entry).toMatch(/^wbrules /);
    }
  });

  /** Runs a hook as pre-commit does: its entry, then the files that match. */
  function runHook(id: string, cwd: string, files: string[]) {
    const hook = hooks.find((h) => h.id === id) as Hook;
    const [, ...args] = hook.entry.split(' ');
    const matching = files.filter((f) => new RegExp(hook.files).test(f));
    return wbrules([...args, ...matching], { cwd });
  }

  test('each hook on the example rules', () => {
    const cwd = exampleRepository();
    const files = readdirSync(join(cwd, 'automations')).map((f) => `automations/${f}`);
    const check = runHook('wbrules-check', cwd, files);
    expect(check.status, check.stdout).toBe(0);
    expect(check.stderr).toMatch(/^checked 4 files: \d+ rules, 0 errors, 0 warnings\n$/);

    // fmt rewrites what is not formatted (pre-commit then stops the commit), and the result is formatted.
    const fmt = runHook('wbrules-fmt', cwd, files);
    expect(fmt.status, fmt.stderr).toBe(0);
    expect(wbrules(['fmt', '--check', 'automations'], { cwd }).status).toBe(0);
    expect(runHook('wbrules-fmt', cwd, files)).toEqual({ status: 0, stdout: '', stderr: expect.any(String) });
  });

  test('wbrules-check fails the commit on an error', () => {
    const cwd = tempDir({ 'a.wbrules': 'on run metric "loss" > -> nothing\n' });
    expect(runHook('wbrules-check', cwd, ['a.wbrules']).status).toBe(1);
  });
});
