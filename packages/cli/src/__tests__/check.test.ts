import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnosticCodes } from '@wbrules/dsl';
import { describe, expect, test } from 'vitest';
import { ensureBundle, root, tempDir, wbrules } from './harness.js';

ensureBundle();

const clean = `webhook ci = "github-dispatch"
in project "acme/vision"
automation "loss-watch"
on run metric "loss" changes by 10% within 5 -> webhook ci
`;

/** One warning: an integration nobody uses. */
const unused = `slack alerts = "#ml-alerts"
in project "acme/vision"
automation "failures"
on run state failed -> nothing
`;

const unusedFrame = `unused.wbrules:1:7: warning[WR3025]: the slack integration "alerts" is declared but no rule uses it
1 | slack alerts = "#ml-alerts"
  |       ^^^^^^
`;

/** A wrong integration kind (with a related span) and a warning; and a second file reusing a name. */
const rules = {
  'rules/a.wbrules': `webhook ci = "github-dispatch"
slack alerts = "#ml-alerts"
in project "acme/vision"
automation "nightly"
on run state failed -> slack ci
`,
  'rules/nested/b.wbrules': `in project "acme/vision"
automation "nightly"
on run state crashed -> nothing
`,
  'rules/readme.txt': 'not a rules file',
};

const rulesText = `rules/a.wbrules:2:7: warning[WR3025]: the slack integration "alerts" is declared but no rule uses it
2 | slack alerts = "#ml-alerts"
  |       ^^^^^^

rules/a.wbrules:5:30: error[WR3020]: "ci" is a webhook integration, but "-> slack" needs a slack integration
5 | on run state failed -> slack ci
  |                              ^^
  = hint: Use "-> webhook ci", or declare a slack integration for this action.
  note: rules/a.wbrules:1:1: "ci" is declared as a webhook here
1 | webhook ci = "github-dispatch"
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

rules/nested/b.wbrules:2:12: error[WR2002]: an automation named "nightly" is already defined in project "acme/vision"
2 | automation "nightly"
  |            ^^^^^^^^^
  = hint: Automation names are unique within a scope; rename one of them.
  note: rules/a.wbrules:4:12: the first "nightly" is here
4 | automation "nightly"
  |            ^^^^^^^^^

2 errors, 1 warning
`;

describe('wbrules check', () => {
  test('a clean file: a one-line summary on stderr, exit 0; --quiet prints nothing', () => {
    const cwd = tempDir({ 'clean.wbrules': clean });
    expect(wbrules(['check', 'clean.wbrules'], { cwd })).toEqual({
      status: 0,
      stdout: '',
      stderr: 'checked 1 file: 1 rule, 0 errors, 0 warnings\n',
    });
    expect(wbrules(['check', '--quiet', 'clean.wbrules'], { cwd })).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  test('a directory: every *.wbrules under it in path order, related places in other files shown', () => {
    const cwd = tempDir(rules);
    expect(wbrules(['check', 'rules'], { cwd })).toEqual({ status: 1, stdout: rulesText, stderr: '' });
  });

  test('warnings alone exit 0', () => {
    const cwd = tempDir({ 'unused.wbrules': unused });
    expect(wbrules(['check', 'unused.wbrules'], { cwd })).toEqual({
      status: 0,
      stdout: `${unusedFrame}\n1 warning\n`,
      stderr: 'checked 1 file: 1 rule, 0 errors, 1 warning\n',
    });
    // --quiet: errors only, and no summary.
    expect(wbrules(['check', '--quiet', 'unused.wbrules'], { cwd })).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  test('an unnamed rule gets an info note with its derived name, shown with --notes and not counted', () => {
    const cwd = tempDir({ 'derived.wbrules': 'in project "acme/vision"\non run state failed -> nothing\n' });
    const summary = 'checked 1 file: 1 rule, 0 errors, 0 warnings\n';
    expect(wbrules(['check', 'derived.wbrules'], { cwd })).toEqual({ status: 0, stdout: '', stderr: summary });
    // JSON leaves notes out too, unless --notes.
    expect(wbrules(['check', '--format', 'json', 'derived.wbrules'], { cwd }).stdout).toBe('[]\n');
    const withNotes = JSON.parse(wbrules(['check', '--format', 'json', '--notes', 'derived.wbrules'], { cwd }).stdout);
    expect(withNotes.map((d: { code: string }) => d.code)).toEqual(['WR2001']);
    expect(wbrules(['check', '--notes', 'derived.wbrules'], { cwd })).toEqual({
      status: 0,
      stderr: summary,
      stdout: `derived.wbrules:2:4: info[WR2001]: this rule's automation is named "run-state-failed-nothing"
2 | on run state failed -> nothing
  |    ^^^^^^^^^^^^^^^^
  = hint: The name is derived from the rule, so editing the rule renames the automation; write automation "NAME" to fix it.
`,
    });
  });

  test('--max-warnings N fails when there are more than N warnings', () => {
    const cwd = tempDir({ 'unused.wbrules': unused });
    expect(wbrules(['check', '--max-warnings', '1', 'unused.wbrules'], { cwd }).status).toBe(0);
    expect(wbrules(['check', '--max-warnings', '0', 'unused.wbrules'], { cwd })).toEqual({
      status: 1,
      stdout: `${unusedFrame}\n1 warning\n`,
      stderr: 'wbrules: 1 warning, more than --max-warnings 0\n',
    });
  });

  test('--max-warnings takes a non-negative integer (exit 2 otherwise)', () => {
    const cwd = tempDir({ 'unused.wbrules': unused });
    expect(wbrules(['check', '--max-warnings', '-1', 'unused.wbrules'], { cwd })).toEqual({
      status: 2,
      stdout: '',
      stderr: `wbrules: option '--max-warnings <n>' argument '-1' is invalid. expected a non-negative integer\n(run "wbrules check --help" for usage)\n`,
    });
  });

  test('--format json prints the diagnostics to stdout', () => {
    const cwd = tempDir(rules);
    const result = wbrules(['check', '--format', 'json', 'rules'], { cwd });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual([
      {
        file: 'rules/a.wbrules',
        line: 2,
        column: 7,
        endLine: 2,
        endColumn: 13,
        code: 'WR3025',
        severity: 'warning',
        message: 'the slack integration "alerts" is declared but no rule uses it',
        hints: [],
        related: [],
      },
      {
        file: 'rules/a.wbrules',
        line: 5,
        column: 30,
        endLine: 5,
        endColumn: 32,
        code: 'WR3020',
        severity: 'error',
        message: '"ci" is a webhook integration, but "-> slack" needs a slack integration',
        hints: ['Use "-> webhook ci", or declare a slack integration for this action.'],
        related: [
          {
            file: 'rules/a.wbrules',
            line: 1,
            column: 1,
            endLine: 1,
            endColumn: 31,
            message: '"ci" is declared as a webhook here',
          },
        ],
      },
      {
        file: 'rules/nested/b.wbrules',
        line: 2,
        column: 12,
        endLine: 2,
        endColumn: 21,
        code: 'WR2002',
        severity: 'error',
        message: 'an automation named "nightly" is already defined in project "acme/vision"',
        hints: ['Automation names are unique within a scope; rename one of them.'],
        related: [
          {
            file: 'rules/a.wbrules',
            line: 4,
            column: 12,
            endLine: 4,
            endColumn: 21,
            message: 'the first "nightly" is here',
          },
        ],
      },
    ]);
  });

  test('--format json on clean input prints an empty array', () => {
    const cwd = tempDir({ 'clean.wbrules': clean });
    expect(wbrules(['check', '--format', 'json', 'clean.wbrules'], { cwd })).toEqual({
      status: 0,
      stdout: '[]\n',
      stderr: 'checked 1 file: 1 rule, 0 errors, 0 warnings\n',
    });
  });

  test('--format sarif prints a SARIF 2.1.0 log with the code table as rules', () => {
    const cwd = tempDir(rules);
    const result = wbrules(['check', '--format', 'sarif', 'rules'], { cwd });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('');
    const log = JSON.parse(result.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('wbrules');
    expect(run.columnKind).toBe('utf16CodeUnits');
    const codes = Object.keys(diagnosticCodes).sort();
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(codes);
    expect(run.tool.driver.rules[codes.indexOf('WR3025')]).toEqual({
      id: 'WR3025',
      shortDescription: { text: diagnosticCodes.WR3025.summary },
      fullDescription: {
        text: 'An integration declaration no rule uses. Reported as a warning; see docs/diagnostics.md#wr3025.',
      },
      helpUri: 'https://github.com/wbrules/wbrules/blob/main/docs/diagnostics.md#wr3025',
      defaultConfiguration: { level: 'warning' },
    });
    // Every rule's help is an anchor of docs/diagnostics.md.
    const page = readFileSync(join(root, 'docs/diagnostics.md'), 'utf8');
    for (const rule of run.tool.driver.rules as { id: string; helpUri: string }[]) {
      expect(rule.helpUri.endsWith(`docs/diagnostics.md#${rule.id.toLowerCase()}`)).toBe(true);
      expect(page).toContain(`### ${rule.id}\n`);
    }
    expect(run.results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([
      ['WR3025', 'warning'],
      ['WR3020', 'error'],
      ['WR2002', 'error'],
    ]);
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(typeof r.message.text).toBe('string');
      expect(r.locations).toHaveLength(1);
    }
    const [, wrongKind, duplicate] = run.results;
    expect(wrongKind.message.text).toBe(
      '"ci" is a webhook integration, but "-> slack" needs a slack integration\nUse "-> webhook ci", or declare a slack integration for this action.',
    );
    expect(wrongKind.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'rules/a.wbrules', uriBaseId: '%SRCROOT%' },
      region: { startLine: 5, startColumn: 30, endLine: 5, endColumn: 32 },
    });
    expect(duplicate.relatedLocations).toEqual([
      {
        id: 0,
        physicalLocation: {
          artifactLocation: { uri: 'rules/a.wbrules', uriBaseId: '%SRCROOT%' },
          region: { startLine: 4, startColumn: 12, endLine: 4, endColumn: 21 },
        },
        message: { text: 'the first "nightly" is here' },
      },
    ]);
    expect(run.results[0].fixes[0].artifactChanges[0].artifactLocation.uri).toBe('rules/a.wbrules');
  });

  test('--format sarif on clean input has no results and exits 0', () => {
    const cwd = tempDir({ 'clean.wbrules': clean });
    const result = wbrules(['check', '--format', 'sarif', 'clean.wbrules'], { cwd });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).runs[0].results).toEqual([]);
  });

  test('file names are percent-encoded relative URIs in SARIF', () => {
    const cwd = tempDir({ 'my rules/ü.wbrules': unused });
    const log = JSON.parse(wbrules(['check', '--format', 'sarif', 'my rules'], { cwd }).stdout);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('my%20rules/%C3%BC.wbrules');
  });

  test('a directory without .wbrules files, or a missing file, is a usage error (exit 2)', () => {
    const cwd = tempDir({ 'docs/readme.txt': 'x' });
    expect(wbrules(['check', 'docs'], { cwd })).toEqual({
      status: 2,
      stdout: '',
      stderr: 'wbrules: no .wbrules files in directory "docs"\n',
    });
    expect(wbrules(['check', 'missing.wbrules'], { cwd })).toEqual({
      status: 2,
      stdout: '',
      stderr: 'wbrules: cannot read "missing.wbrules": no such file or directory\n',
    });
  });
});
