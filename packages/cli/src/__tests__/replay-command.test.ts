import { describe, expect, test } from 'vitest';
import { ensureBundle, tempDir, wbrules } from './harness.js';

ensureBundle();

const rules = `in project "acme/vision"
automation "hot" on run metric "loss" > 5 -> nothing
automation "floor" on run metric "val/acc" avg over 2 < 0.5 where run.name matches "^prod-" -> nothing
automation "jump" on run metric "loss" increases by 100% -> nothing
automation "failed" on run state failed -> nothing
`;

const jsonl = `{"run_name": "prod-1", "_step": 0, "_timestamp": 1714557600, "loss": 1, "val/acc": 0.75}
{"run_name": "dev-1", "_step": 0, "_timestamp": 1714557605, "loss": 2, "val/acc": 0.25}
{"run_name": "prod-1", "_step": 10, "_timestamp": 1714557660, "loss": 7, "val/acc": 0.25}
{"run_name": "dev-1", "_step": 10, "_timestamp": 1714557665, "loss": NaN, "val/acc": 0.25}
{"run_name": "prod-1", "_step": 20, "_timestamp": 1714557720, "loss": 9, "val/acc": 0.5}
`;

describe('wbrules replay', () => {
  test('prints a timeline of firings across runs, in time order, with the values (an average exactly 0.5 is not < 0.5)', () => {
    const dir = tempDir({ 'rules.wbrules': rules, 'history.jsonl': jsonl });
    const result = wbrules(['replay', 'rules.wbrules', '--history', 'history.jsonl'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`history.jsonl: 2 runs, 5 steps (JSON Lines; times from _timestamp)
2024-05-01T10:01:00Z  run "prod-1"  step 10  hot    "loss" = 7 > 5
2024-05-01T10:01:00Z  run "prod-1"  step 10  jump   "loss" went from 1 to 7, +600% (needs an increase of at least 100%)
2024-05-01T10:02:00Z  run "prod-1"  step 20  floor  avg of "val/acc" [0.25, 0.5] = 0.375 < 0.5  [assumes: regex-dialect]

3 firings of 3 automations; 0 metric automations never fired
1 run-state or artifact automation not replayed: a history holds no state changes or artifact events
this timeline rests on points W&B does not document (docs/semantics.md):
  non-finite     NaN and infinite values are skipped, as if not logged
  regex-dialect  \`$regex\` patterns are RE2 (Go) regular expressions
`);
    expect(result.status).toBe(0);
  });

  test("--show-payloads prints the body each firing would send, with the firing's run and values", () => {
    const webhookRules = `in project "acme/vision"
webhook ci = "ci"
automation "hot" on run metric "loss" avg over 2 > 5 -> webhook ci { "text": "\${run_name}: \${metric_name} \${metric_values}" }
automation "quiet" on run metric "loss" > 5 -> nothing
`;
    const dir = tempDir({ 'rules.wbrules': webhookRules, 'history.jsonl': jsonl });
    const result = wbrules(['replay', 'rules.wbrules', '--history', 'history.jsonl', '--show-payloads'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`history.jsonl: 2 runs, 5 steps (JSON Lines; times from _timestamp)
2024-05-01T10:01:00Z  run "prod-1"  step 10  quiet  "loss" = 7 > 5
2024-05-01T10:02:00Z  run "prod-1"  step 20  hot    avg of "loss" [7, 9] = 8 > 5
    body: {"text":"prod-1: loss [7,9]"}

2 firings of 2 automations; 0 metric automations never fired
this timeline rests on points W&B does not document (docs/semantics.md):
  non-finite  NaN and infinite values are skipped, as if not logged
the payloads shown rest on points W&B does not document (docs/semantics.md):
  body-bytes         the body is the stored compact requestPayload with the variables filled in
  number-rendering   numbers render as their shortest round-trip text; metric values as a compact JSON array
  template-escaping  in a webhook body, variables are filled in inside JSON strings only, JSON-escaped
`);
    const json = wbrules(['replay', 'rules.wbrules', '--history', 'history.jsonl', '--show-payloads', '--json'], {
      cwd: dir,
    });
    expect(JSON.parse(json.stdout).map((f: { payload?: string }) => f.payload)).toEqual([
      undefined,
      '{"text":"prod-1: loss [7,9]"}',
    ]);
    expect(result.status).toBe(0);
  });

  test('a CSV export, --run-column, and --json', () => {
    const csv = 'who,_step,_runtime,loss\na,0,0,1\na,1,3661,6\nb,0,0,6\n';
    const dir = tempDir({ 'rules.wbrules': rules, 'h.csv': csv });
    const text = wbrules(['replay', 'rules.wbrules', '--history', 'h.csv', '--run-column', 'who'], { cwd: dir });
    expect(text.stdout.split('\n').slice(0, 4)).toEqual([
      'h.csv: 2 runs, 3 steps (CSV; times from _runtime)',
      '+0:00:00  run "b"  step 0  hot   "loss" = 6 > 5',
      '+1:01:01  run "a"  step 1  hot   "loss" = 6 > 5',
      '+1:01:01  run "a"  step 1  jump  "loss" went from 1 to 6, +500% (needs an increase of at least 100%)',
    ]);
    const json = wbrules(['replay', 'rules.wbrules', '--history', 'h.csv', '--run-column', 'who', '--json'], {
      cwd: dir,
    });
    // The old spelling, "--output json", does the same for one more minor version, with a note.
    const old = wbrules(['replay', 'rules.wbrules', '--history', 'h.csv', '--run-column', 'who', '--output', 'json'], {
      cwd: dir,
    });
    expect(old.stdout).toBe(json.stdout);
    expect(old.stderr).toBe(
      'wbrules: --output json is deprecated and will be removed in the next minor version; use --json\n',
    );
    expect(JSON.parse(json.stdout)[0]).toEqual({
      automation: 'hot',
      file: 'rules.wbrules',
      line: 2,
      run: 'b',
      step: 0,
      time: 0,
      metric: 'loss',
      detail: { kind: 'threshold', aggregation: null, window: [6], value: 6, comparison: '$gt', threshold: 5 },
      reason: '"loss" = 6 > 5',
      assumed: [],
    });
    expect(json.status).toBe(0);
  });

  test('one run per file when there is no run column; metrics the history lacks are named', () => {
    const dir = tempDir({
      'rules.wbrules': rules,
      'run-7.jsonl': '{"_step": 0, "loss": 1}\n{"_step": 1, "loss": 2}\n',
    });
    const result = wbrules(['replay', 'rules.wbrules', '--history', 'run-7.jsonl'], { cwd: dir });
    expect(
      result.stdout,
    ).toBe(`run-7.jsonl: 1 run, 2 steps (JSON Lines; no _timestamp or _runtime column, so a step counts as one second)
run "run-7"  step 1  jump  "loss" went from 1 to 2, +100% (needs an increase of at least 100%)

1 firing of 1 automation; 2 metric automations never fired
not in the history: "val/acc" (floor)
1 run-state or artifact automation not replayed: a history holds no state changes or artifact events
`);
  });

  test('a malformed history is located diagnostics, and nothing is replayed; exit 1', () => {
    const dir = tempDir({ 'rules.wbrules': rules, 'h.jsonl': '{"_step": 0, "loss": 1}\n{"_step": 1, "loss": }\n' });
    const result = wbrules(['replay', 'rules.wbrules', '--history', 'h.jsonl'], { cwd: dir });
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^h\.jsonl:2:1: error\[WR6014\]: the line is not valid JSON: /);
    expect(result.status).toBe(1);
  });

  test('usage errors exit 2', () => {
    const dir = tempDir({ 'rules.wbrules': rules });
    expect(wbrules(['replay', 'rules.wbrules'], { cwd: dir })).toMatchObject({
      status: 2,
      stderr: expect.stringContaining("required option '--history <file>'"),
    });
    expect(wbrules(['replay', 'rules.wbrules', '--history', 'nope.jsonl'], { cwd: dir })).toMatchObject({
      status: 2,
      stderr: 'wbrules: cannot read "nope.jsonl": no such file or directory\n',
    });
  });
});
