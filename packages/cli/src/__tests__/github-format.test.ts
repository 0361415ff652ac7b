import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnosticCodes } from '@wbrules/dsl';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { escapeData, escapeProperty, workflowCommand } from '../github.js';
import { type DevServerProcess, startDevServerProcess } from './dev-server-process.js';
import { ensureBundle, root, tempDir, wbrules } from './harness.js';

ensureBundle();

/**
 * `--format github`: diagnostics (and, for `test`, failed expectations) as
 * GitHub Actions workflow commands, escaped as actions/toolkit escapes them;
 * and the SARIF rules' descriptions and help links.
 */

/** A file whose name and messages hold every character that needs escaping: `,` `:` `%` and line breaks (hints). */
const weird = 'rules/we,ird:100%.wbrules';
const weirdRules = `slack alerts = "#ml-alerts"
automation "a:b,c" on run metric "loss" > 5% in project "acme/vision" -> slack alerts
automation "x" on run metric "acc" < 0.5 in project "acme/vision" -> slack alert
`;
const weirdFile = 'file=rules/we%2Cird%3A100%25.wbrules';
const weirdAnnotations = `::error ${weirdFile},line=2,col=44,endLine=2,endColumn=44,title=WR1106::a percentage is allowed only on change amounts ("changes by 10%25")%0AWrite the value as a plain number (0.05 rather than 5%25).
::error ${weirdFile},line=3,col=76,endLine=3,endColumn=80,title=WR3019::unknown slack integration "alert"%0ADid you mean "alerts"?
`;

const unused = `webhook ci = "github-dispatch"
in project "acme/vision"
automation "acc-floor" on run metric "val/acc" avg over 5 < 0.8 -> nothing
`;
const unusedWarning =
  '::warning file=rules/vision.wbrules,line=1,col=9,endLine=1,endColumn=10,title=WR3025::the webhook integration "ci" is declared but no rule uses it\n';

describe('escaping, as actions/toolkit does', () => {
  test('the message: %, CR and LF; a property: those and : and ,', () => {
    expect(escapeData('100% done:\r\nnext, then')).toBe('100%25 done:%0D%0Anext, then');
    expect(escapeProperty('a,b:c%\n')).toBe('a%2Cb%3Ac%25%0A');
  });

  test('columns only within one line; endColumn is the last character', () => {
    const base = { level: 'notice', file: 'a.wbrules', title: 'WR2001', message: 'm' } as const;
    expect(workflowCommand({ ...base, region: { line: 2, column: 3, endLine: 2, endColumn: 7 } })).toBe(
      '::notice file=a.wbrules,line=2,col=3,endLine=2,endColumn=6,title=WR2001::m\n',
    );
    // An empty region marks the one column where it is.
    expect(workflowCommand({ ...base, region: { line: 2, column: 3, endLine: 2, endColumn: 3 } })).toBe(
      '::notice file=a.wbrules,line=2,col=3,endLine=2,endColumn=3,title=WR2001::m\n',
    );
    expect(workflowCommand({ ...base, region: { line: 2, column: 3, endLine: 4, endColumn: 1 } })).toBe(
      '::notice file=a.wbrules,line=2,endLine=4,title=WR2001::m\n',
    );
  });

  test('control characters are written as escapes, never raw', () => {
    const region = { line: 1, column: 1, endLine: 1, endColumn: 2 };
    expect(
      workflowCommand({ level: 'error', file: 'a\u001b.wbrules', region, title: 'T', message: 'x\u001b[2Jy\rz' }),
    ).toBe('::error file=a\\u001b.wbrules,line=1,col=1,endLine=1,endColumn=1,title=T::x\\u001b[2Jy\\rz\n');
  });
});

describe('--format github', () => {
  test('check: one workflow command per diagnostic on stdout, escaped', () => {
    const cwd = tempDir({ [weird]: weirdRules });
    expect(wbrules(['check', '--format', 'github', 'rules'], { cwd })).toEqual({
      status: 1,
      stdout: weirdAnnotations,
      stderr: '',
    });
  });

  test('check: warnings, and notes only with --notes', () => {
    const cwd = tempDir({
      'rules/vision.wbrules': unused,
      'rules/unnamed.wbrules': 'on run metric "loss" > 1 in project "acme/vision" -> nothing\n',
    });
    expect(wbrules(['check', '--format', 'github', 'rules/vision.wbrules'], { cwd })).toEqual({
      status: 0,
      stdout: unusedWarning,
      stderr: 'checked 1 file: 1 rule, 0 errors, 1 warning\n',
    });
    expect(wbrules(['check', '--format', 'github', 'rules/unnamed.wbrules'], { cwd }).stdout).toBe('');
    expect(wbrules(['check', '--format', 'github', '--notes', 'rules/unnamed.wbrules'], { cwd }).stdout).toBe(
      '::notice file=rules/unnamed.wbrules,line=1,col=4,endLine=1,endColumn=24,title=WR2001::this rule\'s automation is named "loss-gt-1-nothing"%0AThe name is derived from the rule, so editing the rule renames the automation; write automation "NAME" to fix it.\n',
    );
  });

  test('compile: the diagnostics on stderr, the payloads on stdout', () => {
    const cwd = tempDir({ [weird]: weirdRules, 'rules/vision.wbrules': unused });
    expect(wbrules(['compile', '--format', 'github', weird], { cwd })).toEqual({
      status: 1,
      stdout: '',
      stderr: weirdAnnotations,
    });
    const ok = wbrules(['compile', '--format', 'github', 'rules/vision.wbrules'], { cwd });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toHaveLength(1);
    expect(ok.stderr).toBe(unusedWarning);
  });

  test("test: the rules files' diagnostics, then each failed expectation at its line", () => {
    const cwd = tempDir({
      'rules/vision.wbrules': unused,
      'tests/vision.wbrules-test.yaml': `rules: [../rules/vision.wbrules]
tests:
  - name: "100% sure: it fires, early"
    runs:
      - { name: prod-7, metrics: { val/acc: "0.9 0.9 0.85 0.7 0.6 0.6" } }
    expect:
      - { fires: acc-floor, run: prod-7, step: 2 }
      - { quiet: acc-floor }
      - { fires: acc-floor, run: prod-7, step: 4 }
`,
    });
    const result = wbrules(['test', '--format', 'github', 'tests'], { cwd });
    expect(result.status).toBe(1);
    const why = 'but it fired for run "prod-7" at step 4: avg of "val/acc" [0.9, 0.9, 0.85, 0.7, 0.6] = 0.79 < 0.8';
    const test = 'file=tests/vision.wbrules-test.yaml';
    expect(result.stderr).toBe(
      `${unusedWarning}::error ${test},line=7,col=9,endLine=7,endColumn=50,title=wbrules test::100%25 sure: it fires, early: expected "acc-floor" fires for run "prod-7" at step 2%0A${why}
::error ${test},line=8,col=9,endLine=8,endColumn=28,title=wbrules test::100%25 sure: it fires, early: expected "acc-floor" stays quiet%0A${why}
`,
    );
    // The results on stdout are as without --format.
    expect(result.stdout).toBe(wbrules(['test', 'tests'], { cwd }).stdout);
  });

  test('test: --format text, json and sarif are the diagnostics as elsewhere', () => {
    const cwd = tempDir({
      'rules/vision.wbrules': unused,
      'vision.wbrules-test.yaml':
        'rules: [rules/vision.wbrules]\ntests:\n  - name: t\n    expect:\n      - { quiet: acc-floor }\n',
    });
    expect(wbrules(['test', '--format', 'json'], { cwd }).stderr).toMatch(/^\[\n {2}\{\n {4}"file": "rules\/vision/);
    expect(JSON.parse(wbrules(['test', '--format', 'sarif'], { cwd }).stderr).version).toBe('2.1.0');
    expect(wbrules(['test', '--format', 'text'], { cwd })).toEqual(wbrules(['test'], { cwd }));
  });

  test('validate: one error per problem, at its payload', () => {
    const cwd = tempDir({ 'p,1.json': '[{"name": "x", "enabled": true}]' });
    const out = wbrules(['validate', '--format', 'github', 'p,1.json'], { cwd });
    expect(out.status).toBe(1);
    expect(out.stdout.split('\n')[0]).toBe(
      '::error file=p%2C1.json,line=1,col=2,endLine=1,endColumn=2,title=WR5001::at [0].eventFilter: field "eventFilter" of required type "JSONString!" was not provided',
    );
  });

  describe('plan, against the local server', () => {
    let server: DevServerProcess;
    let cwd: string;
    beforeAll(async () => {
      cwd = tempDir({
        'plan.wbrules':
          'webhook ci = "github-dispatch"\nautomation "a" on run metric "loss" > 1 in project "acme/no,pe" -> webhook ci\n',
      });
      copyFileSync(join(root, 'examples/dev-seed.json'), join(cwd, 'dev-seed.json'));
      server = await startDevServerProcess(['--seed', 'dev-seed.json'], cwd);
    });
    afterAll(async () => {
      await server.stop();
    });

    test("the server's diagnostics on stderr", () => {
      const env = { HOME: tempDir(), WANDB_API_KEY: 'local-dev-key', WANDB_BASE_URL: server.baseUrl, NETRC: '' };
      expect(wbrules(['plan', '--format', 'github', 'plan.wbrules'], { cwd, env })).toEqual({
        status: 1,
        stdout: '',
        stderr:
          '::error file=plan.wbrules,line=2,col=52,endLine=2,endColumn=63,title=WR5101::the server has no project "acme/no,pe"%0AThe entity "acme" has the projects "vision", "sandbox".\n',
      });
    });
  });
});

describe('SARIF rules', () => {
  test('every rule has a full description and a help link to its anchor in docs/diagnostics.md', () => {
    const cwd = tempDir({ 'a.wbrules': unused });
    const log = JSON.parse(wbrules(['check', '--format', 'sarif', 'a.wbrules'], { cwd }).stdout);
    const rules = log.runs[0].tool.driver.rules as {
      id: keyof typeof diagnosticCodes;
      fullDescription: { text: string };
      helpUri: string;
    }[];
    const page = readFileSync(join(root, 'docs/diagnostics.md'), 'utf8');
    const { url } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).repository as { url: string };
    const repository = url.replace(/^git\+/, '').replace(/\.git$/, '');
    for (const rule of rules) {
      const anchor = rule.id.toLowerCase();
      expect(rule.helpUri).toBe(`${repository}/blob/main/docs/diagnostics.md#${anchor}`);
      expect(page).toContain(`### ${rule.id}\n`);
      expect(rule.fullDescription.text.toLowerCase()).toContain(diagnosticCodes[rule.id].summary.toLowerCase());
    }
    expect(rules.find((r) => r.id === 'WR3025')?.fullDescription).toEqual({
      text: `${diagnosticCodes.WR3025.summary.replace(/^./, (c) => c.toUpperCase())}. Reported as a warning; see docs/diagnostics.md#wr3025.`,
    });
  });

  test('notes are results only with --notes, as in text output', () => {
    const cwd = tempDir({ 'a.wbrules': 'on run metric "loss" > 1 in project "acme/vision" -> nothing\n' });
    const levels = (args: string[]) =>
      JSON.parse(wbrules(['check', '--format', 'sarif', ...args, 'a.wbrules'], { cwd }).stdout).runs[0].results.map(
        (r: { ruleId: string; level: string }) => `${r.ruleId} ${r.level}`,
      );
    expect(levels([])).toEqual([]);
    expect(levels(['--notes'])).toEqual(['WR2001 note']);
  });
});
