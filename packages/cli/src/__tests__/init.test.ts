import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { initScope, placeholderScope } from '../commands/init.js';
import type { Io } from '../io.js';
import type { Terminal } from '../terminal.js';
import { bin, ensureBundle, listFiles, root, tempDir, wbrules } from './harness.js';

ensureBundle();

// The CLI has no dependencies of its own; the evaluator reads test files with `yaml`.
const { parse: parseYaml } = createRequire(join(root, 'packages/evaluator/package.json'))('yaml') as {
  parse: (text: string) => unknown;
};

const scaffold = ['automations/rules.wbrules', 'automations/rules.wbrules-test.yaml'];
const workflow = '.github/workflows/automations.yml';

describe('wbrules init', () => {
  test('writes rules that check clean and a rule test that passes, and says what to run next', () => {
    const cwd = tempDir();
    const result = wbrules(['init', 'demo', '--project', 'acme/vision'], { cwd });
    expect(result).toEqual({
      status: 0,
      stdout: `wrote demo/automations/rules.wbrules
wrote demo/automations/rules.wbrules-test.yaml

Next:
  wbrules check demo/automations     # every error and warning, at its line
  wbrules test demo/automations      # run the rule tests
  wbrules compile demo/automations   # the payloads W&B will receive
`,
      stderr: '',
    });
    expect(listFiles(cwd)).toEqual(scaffold.map((f) => `demo/${f}`));
    expect(readFileSync(join(cwd, 'demo/automations/rules.wbrules'), 'utf8')).toContain('in project "acme/vision"\n');

    const check = wbrules(['check', 'demo/automations', '--max-warnings', '0'], { cwd });
    expect(check.status).toBe(0);
    expect(check.stdout).toBe('');
    expect(check.stderr).toBe('checked 1 file: 2 rules, 0 errors, 0 warnings\n');

    const tests = wbrules(['test', 'demo/automations'], { cwd });
    expect(tests.status).toBe(0);
    expect(tests.stdout).toContain('2 cases in 1 file: 2 passed, 0 failed');

    const compiled = wbrules(['compile', 'demo/automations'], { cwd });
    expect(compiled.status).toBe(0);
    expect((JSON.parse(compiled.stdout) as { name: string }[]).map((a) => a.name)).toEqual([
      'accuracy-floor',
      'prod-run-failed',
    ]);
  });

  test('the commented examples compile too, once uncommented', () => {
    const cwd = tempDir();
    expect(wbrules(['init', '--project', 'acme/vision'], { cwd }).status).toBe(0);
    const text = readFileSync(join(cwd, 'automations/rules.wbrules'), 'utf8')
      .replace(/^# (slack|webhook) /gm, '$1 ')
      .replace(/^# (automation|on) /gm, '$1 ')
      .replace(/^# {3}-> webhook/m, '  -> webhook')
      .replace(/^ {2}-> nothing$/m, '  -> slack alerts title "Accuracy dropped" severity warn');
    writeFileSync(join(cwd, 'automations/rules.wbrules'), text);
    const check = wbrules(['check', 'automations', '--max-warnings', '0'], { cwd });
    expect(check.stderr).toBe('checked 1 file: 3 rules, 0 errors, 0 warnings\n');
    expect(check.status).toBe(0);
  });

  test('never overwrites: a second init writes nothing and exits 1, naming the files', () => {
    const cwd = tempDir();
    expect(wbrules(['init', '--project', 'acme/vision'], { cwd }).status).toBe(0);
    writeFileSync(join(cwd, 'automations/rules.wbrules'), 'mine\n');
    const again = wbrules(['init', '--project', 'acme/other', '--ci', 'github'], { cwd });
    expect(again).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'wbrules: init writes nothing, since these files exist: automations/rules.wbrules, automations/rules.wbrules-test.yaml\n',
    });
    expect(listFiles(cwd)).toEqual(scaffold);
    expect(readFileSync(join(cwd, 'automations/rules.wbrules'), 'utf8')).toBe('mine\n');
  });

  test('one existing file is enough to write nothing', () => {
    const cwd = tempDir({ [workflow]: 'name: mine\n' });
    const result = wbrules(['init', '--project', 'acme/vision', '--ci', 'github'], { cwd });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`wbrules: init writes nothing, since this file exists: ${workflow}\n`);
    expect(listFiles(cwd)).toEqual([workflow]);
  });

  test('--ci github writes the workflow of examples/ci, which runs only real commands and options', () => {
    const cwd = tempDir();
    const result = wbrules(['init', '--entity', 'acme', '--project', 'vision', '--ci', 'github'], { cwd });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      `wrote ${workflow} (it runs "npx wbrules": add it with "npm install --save-dev wbrules", and the secret WANDB_API_KEY)\n`,
    );
    const text = readFileSync(join(cwd, workflow), 'utf8');
    expect(text).toBe(readFileSync(join(root, 'examples/ci/github-actions.yml'), 'utf8'));
    const parsed = parseYaml(text) as { jobs: Record<string, { steps: { run?: string }[] }> };
    const invocations = Object.values(parsed.jobs)
      .flatMap((job) => job.steps)
      .flatMap((step) => [...(step.run ?? '').matchAll(/npx wbrules ([^\n>|]*)/g)].map((m) => m[1]?.trim() ?? ''));
    expect(invocations.map((line) => line.split(' ')[0])).toEqual(['check', 'test', 'plan', 'apply']);
    for (const line of invocations) {
      const [command = '', ...args] = line.split(/\s+/);
      const help = wbrules(['help', command]).stdout;
      for (const option of args.filter((a) => a.startsWith('--'))) expect(help, line).toContain(` ${option}`);
      // Every path the workflow names is one init wrote (or one it writes itself).
      for (const path of args.filter(
        (a) => !a.startsWith('-') && a.includes('/') === false && !/^\d|^(sarif|github)$/.test(a),
      )) {
        expect(['automations', 'plan.json'], line).toContain(path);
      }
    }
    // The offline steps pass on what init wrote.
    expect(wbrules(['check', 'automations', '--format', 'sarif', '--max-warnings', '0'], { cwd }).status).toBe(0);
    const tests = wbrules(['test', 'automations', '--format', 'github', '--junit', 'reports/wbrules-junit.xml'], {
      cwd,
    });
    expect(tests.status).toBe(0);
    expect(readFileSync(join(cwd, 'reports/wbrules-junit.xml'), 'utf8')).toContain('<testsuite');
  });

  test('the workflow template is a copy of examples/ci/github-actions.yml', () => {
    expect(readFileSync(join(root, 'packages/cli/templates/github-actions.yml'), 'utf8')).toBe(
      readFileSync(join(root, 'examples/ci/github-actions.yml'), 'utf8'),
    );
  });

  test('without --project and without a terminal: the placeholders, said on stderr', () => {
    const cwd = tempDir();
    const result = wbrules(['init'], { cwd });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(
      'wbrules: no --project ENTITY/PROJECT and no terminal to ask on, so the rules watch "my-team/my-project": edit their "in project" line\n',
    );
    expect(readFileSync(join(cwd, 'automations/rules.wbrules'), 'utf8')).toContain('in project "my-team/my-project"\n');
    expect(result.stdout).toContain('  wbrules check automations ');
    // WANDB_ENTITY is the entity's default, as for pull.
    const withEntity = wbrules(['init', 'e'], { cwd, env: { WANDB_ENTITY: 'acme' } });
    expect(withEntity.stderr).toContain('"acme/my-project"');
  });

  test.each([
    [
      ['--entity', 'acme', '--project', 'other/vision'],
      '--entity "acme" and --project "other/vision" name different entities',
    ],
    [['--project', 'a/b/c'], '--project "a/b/c": expected PROJECT or ENTITY/PROJECT'],
    [
      ['--project', 'acme/my vision'],
      'the project "my vision" is not a W&B name: letters, digits, "-", "_" and "." only',
    ],
    [
      ['--project', 'acme/x', '--ci', 'gitlab'],
      "option '--ci <service>' argument 'gitlab' is invalid. Allowed choices are github.",
    ],
  ])('%j is a usage error', (args, message) => {
    const cwd = tempDir();
    const result = wbrules(['init', ...args], { cwd });
    expect(result.status).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(`wbrules: ${message}`);
    expect(listFiles(cwd)).toEqual([]);
  });
});

// util-linux `script` runs the command on a pseudo-terminal: the prompts as a person meets them.
const hasScript = process.platform === 'linux' && spawnSync('script', ['--version']).status === 0;

test.runIf(hasScript)('on a real terminal, init asks for the entity and the project', () => {
  const cwd = tempDir();
  const answers = "sleep 1; printf 'acme\\r'; sleep 1; printf '\\r'; sleep 1";
  const command = `(${answers}) | script -qc '"${process.execPath}" "${bin}" init x' /dev/null`;
  const result = spawnSync('sh', ['-c', command], { cwd, encoding: 'utf8', env: { ...process.env, WANDB_ENTITY: '' } });
  expect(result.stdout).toContain('W&B entity (a team or user) [my-team]: ');
  expect(result.stdout).toContain('W&B project [my-project]: ');
  expect(readFileSync(join(cwd, 'x/automations/rules.wbrules'), 'utf8')).toContain('in project "acme/my-project"\n');
});

describe('initScope on a terminal', () => {
  const io: Io = { stdout: () => {}, stderr: () => {}, color: false };
  const terminal = (answers: string[], asked: string[]): Terminal => ({
    interactive: true,
    progress: false,
    stdoutColor: false,
    ask: async (question) => {
      asked.push(question);
      return answers.shift() ?? '';
    },
  });

  test('asks for the entity and the project; an empty answer takes the default', async () => {
    const asked: string[] = [];
    expect(await initScope({}, io, terminal(['acme', ''], asked), {})).toEqual({
      entity: 'acme',
      project: placeholderScope.project,
    });
    expect(asked).toEqual(['W&B entity (a team or user) [my-team]: ', 'W&B project [my-project]: ']);
  });

  test('asks only for what the options leave out, offering WANDB_ENTITY', async () => {
    const asked: string[] = [];
    expect(await initScope({ project: 'vision' }, io, terminal([' acme '], asked), { WANDB_ENTITY: 'team' })).toEqual({
      entity: 'acme',
      project: 'vision',
    });
    expect(asked).toEqual(['W&B entity (a team or user) [team]: ']);
    const none: string[] = [];
    expect(await initScope({ project: 'acme/vision' }, io, terminal([], none), {})).toEqual({
      entity: 'acme',
      project: 'vision',
    });
    expect(none).toEqual([]);
  });
});
