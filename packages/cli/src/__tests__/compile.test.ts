import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ensureBundle, listFiles, tempDir, wbrules } from './harness.js';

ensureBundle();

const source = `webhook ci = "github-dispatch"
in project "acme/vision"

automation "loss-watch"
on run metric "loss" changes by 10% within 5 -> webhook ci

automation "failures" description "Runs that died" disabled
on run state failed, crashed -> nothing
`;

const ids = {
  projects: { 'acme/vision': 'UHJvamVjdDox' },
  webhooks: { 'acme/github-dispatch': 'SW50ZWdyYXRpb246MQ==' },
};

const scope = { kind: 'project', path: 'acme/vision', type: 'PROJECT', entity: 'acme' };
const lossFilter =
  '{"run_filter":"{\\"$and\\":[]}","run_metric_filter":{"change_filter":{"name":"loss","agg_op":"AVERAGE","current_window_size":5,"change_amount":0.1,"prior_window_size":5,"change_type":"RELATIVE","change_dir":"ANY"}},"metric_filter":null}';
const stateFilter = '{"run_filter":"{\\"$and\\":[]}","run_state_filter":{"states":["FAILED"]}}';

/** What `compile` prints for `source`, with the IDs filled when `withIds`. */
function expected(withIds: boolean): string {
  const scopeID = withIds ? { scopeID: 'UHJvamVjdDox' } : {};
  const automations = [
    {
      name: 'loss-watch',
      file: 'rules.wbrules',
      line: 4,
      scope,
      integration: { kind: 'webhook', name: 'github-dispatch', entity: 'acme', key: 'acme/github-dispatch' },
      input: {
        enabled: true,
        eventFilter: lossFilter,
        name: 'loss-watch',
        ...scopeID,
        scopeType: 'PROJECT',
        triggeredActionConfig: {
          genericWebhookActionInput: withIds ? { integrationID: 'SW50ZWdyYXRpb246MQ==' } : {},
        },
        triggeredActionType: 'GENERIC_WEBHOOK',
        triggeringEventType: 'RUN_METRIC_CHANGE',
      },
    },
    {
      name: 'failures',
      file: 'rules.wbrules',
      line: 7,
      scope,
      input: {
        description: 'Runs that died',
        enabled: false,
        eventFilter: stateFilter,
        name: 'failures',
        ...scopeID,
        scopeType: 'PROJECT',
        triggeredActionConfig: { noOpActionInput: { noOp: true } },
        triggeredActionType: 'NO_OP',
        triggeringEventType: 'RUN_STATE',
      },
    },
  ];
  return `${JSON.stringify(automations, null, 2)}\n`;
}

describe('wbrules compile', () => {
  test('prints one object per automation, in source order, with symbolic scope and integration', () => {
    const cwd = tempDir({ 'rules.wbrules': source });
    expect(wbrules(['compile', 'rules.wbrules'], { cwd })).toEqual({ status: 0, stdout: expected(false), stderr: '' });
  });

  test('--ids fills every scopeID and integrationID', () => {
    const cwd = tempDir({ 'rules.wbrules': source, 'ids.json': JSON.stringify(ids) });
    expect(wbrules(['compile', 'rules.wbrules', '--ids', 'ids.json'], { cwd })).toEqual({
      status: 0,
      stdout: expected(true),
      stderr: '',
    });
  });

  test('the output is byte-for-byte the same on every run, and for a directory in path order', () => {
    const cwd = tempDir({
      'rules/b.wbrules': 'in team "acme"\nautomation "b" on run state failed -> nothing\n',
      'rules/a/z.wbrules': 'in team "acme"\nautomation "z" on run state finished -> nothing\n',
      'rules/a.wbrules': 'in team "acme"\nautomation "a" on run state running -> nothing\n',
    });
    const first = wbrules(['compile', 'rules'], { cwd });
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout).map((a: { file: string; name: string }) => [a.file, a.name])).toEqual([
      ['rules/a.wbrules', 'a'],
      ['rules/a/z.wbrules', 'z'],
      ['rules/b.wbrules', 'b'],
    ]);
    expect(wbrules(['compile', 'rules'], { cwd }).stdout).toBe(first.stdout);
  });

  test('-o writes the same JSON to a file atomically, keeping an existing file mode', () => {
    const cwd = tempDir({ 'rules.wbrules': source, 'out.json': 'old' });
    chmodSync(join(cwd, 'out.json'), 0o600);
    expect(wbrules(['compile', 'rules.wbrules', '-o', 'out.json'], { cwd })).toEqual({
      status: 0,
      stdout: '',
      stderr: '',
    });
    expect(readFileSync(join(cwd, 'out.json'), 'utf8')).toBe(expected(false));
    expect(statSync(join(cwd, 'out.json')).mode & 0o777).toBe(0o600);
    expect(listFiles(cwd)).toEqual(['out.json', 'rules.wbrules']);
  });

  test('a large output (written in pieces) is the same JSON layout as a small one', () => {
    const rules = Array.from(
      { length: 4000 },
      (_, i) => `automation "r${i}" description "line\\nbreak ü ${i}" on run metric "loss" > ${i}.5 -> webhook ci`,
    );
    const cwd = tempDir({
      'big.wbrules': `webhook ci = "github-dispatch"\nin project "acme/vision"\n${rules.join('\n')}\n`,
    });
    expect(wbrules(['compile', 'big.wbrules', '-o', 'out.json'], { cwd })).toEqual({
      status: 0,
      stdout: '',
      stderr: '',
    });
    const text = readFileSync(join(cwd, 'out.json'), 'utf8');
    expect(text.length).toBeGreaterThan(3 * 2 ** 20);
    const parsed = JSON.parse(text);
    expect(parsed).toHaveLength(4000);
    expect(parsed[3999].input.description).toBe('line\nbreak ü 3999');
    expect(text).toBe(`${JSON.stringify(parsed, null, 2)}\n`);
  });

  test('errors: diagnostics on stderr, nothing printed or written, exit 1', () => {
    const cwd = tempDir({
      'rules.wbrules': 'in project "acme/vision"\nautomation "x" on run state failed -> webhook ci\n',
      'out.json': 'old',
    });
    const frame = `rules.wbrules:2:47: error[WR3019]: unknown webhook integration "ci"
2 | automation "x" on run state failed -> webhook ci
  |                                               ^^
  = hint: Declare it in this file: webhook ci = "integration-name".

1 error
`;
    expect(wbrules(['compile', 'rules.wbrules'], { cwd })).toEqual({ status: 1, stdout: '', stderr: frame });
    expect(wbrules(['compile', 'rules.wbrules', '-o', 'out.json'], { cwd })).toEqual({
      status: 1,
      stdout: '',
      stderr: frame,
    });
    expect(readFileSync(join(cwd, 'out.json'), 'utf8')).toBe('old');
    expect(listFiles(cwd)).toEqual(['out.json', 'rules.wbrules']);
  });

  test('--format json prints the diagnostics as JSON on stderr', () => {
    const cwd = tempDir({ 'rules.wbrules': source, 'ids.json': '{"projects":{}}' });
    const result = wbrules(['compile', '--format', 'json', '--ids', 'ids.json', 'rules.wbrules'], { cwd });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(
      JSON.parse(result.stderr).map((d: { code: string; line: number; column: number }) => [d.code, d.line, d.column]),
    ).toEqual([
      ['WR2006', 2, 12],
      ['WR2007', 5, 57],
    ]);
  });

  test('a name missing from the ID map is a located error', () => {
    const cwd = tempDir({ 'rules.wbrules': source, 'ids.json': JSON.stringify({ projects: ids.projects }) });
    expect(wbrules(['compile', 'rules.wbrules', '--ids', 'ids.json'], { cwd })).toEqual({
      status: 1,
      stdout: '',
      stderr: `rules.wbrules:5:57: error[WR2007]: the ID map has no ID for webhook "github-dispatch" of entity "acme" (looked for webhooks["acme/github-dispatch"])
5 | on run metric "loss" changes by 10% within 5 -> webhook ci
  |                                                         ^^
  = hint: Refresh the ID map (wbrules resolve), or check the spelling against W&B.

1 error
`,
    });
  });

  test('an ID map that is not JSON is an input error at its line and column (exit 1)', () => {
    const cwd = tempDir({ 'rules.wbrules': source });
    writeFileSync(join(cwd, 'ids.json'), '{\n  "projects": {"acme/vision": "x",}\n}\n');
    expect(wbrules(['compile', 'rules.wbrules', '--ids', 'ids.json'], { cwd })).toEqual({
      status: 1,
      stdout: '',
      stderr: 'ids.json:2:35: error: invalid JSON in the ID map: expected a string key\n',
    });
    writeFileSync(join(cwd, 'ids.json'), '{"projects": {"acme/vision": "x", "acme/vision": "y"}}');
    expect(wbrules(['compile', 'rules.wbrules', '--ids', 'ids.json'], { cwd })).toEqual({
      status: 1,
      stdout: '',
      stderr: 'ids.json:1:35: error: invalid JSON in the ID map: duplicate key "acme/vision"\n',
    });
  });

  test('an ID map of the wrong shape: every problem, exit 1', () => {
    const cwd = tempDir({ 'rules.wbrules': source, 'ids.json': '{"projects": {"acme/vision": 1}, "project": {}}' });
    expect(wbrules(['compile', 'rules.wbrules', '--ids', 'ids.json'], { cwd })).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'ids.json: error: projects["acme/vision"] must be a non-empty string\n' +
        'ids.json: error: unknown ID map section "project" (did you mean "projects"?); sections are projects, registries, collections, teams, orgs, webhooks, slack\n',
    });
  });

  test('a missing ID map is a usage error (exit 2)', () => {
    const cwd = tempDir({ 'rules.wbrules': source });
    expect(wbrules(['compile', 'rules.wbrules', '--ids', 'nope.json'], { cwd })).toEqual({
      status: 2,
      stdout: '',
      stderr: 'wbrules: cannot read "nope.json": no such file or directory\n',
    });
  });

  test('warnings are reported on stderr and do not stop the output', () => {
    const cwd = tempDir({ 'rules.wbrules': `slack alerts = "#ml-alerts"\n${source}` });
    const result = wbrules(['compile', 'rules.wbrules'], { cwd });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).map((a: { name: string; line: number }) => [a.name, a.line])).toEqual([
      ['loss-watch', 5],
      ['failures', 8],
    ]);
    expect(
      result.stderr,
    ).toBe(`rules.wbrules:1:7: warning[WR3025]: the slack integration "alerts" is declared but no rule uses it
1 | slack alerts = "#ml-alerts"
  |       ^^^^^^

1 warning
`);
  });
});
