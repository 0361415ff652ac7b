import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ensureBundle, root, tempDir, wbrules } from './harness.js';

ensureBundle();

const rules = `in project "acme/vision"
automation "acc-floor"
on run metric "val/acc" avg over 5 < 0.8 where run.name matches "^prod-" -> nothing
automation "loss-spike" on run metric "loss" zscore over 5 > 1.5 -> nothing
automation "failed" on run state failed -> nothing
automation "promote" on alias "staging" added in collection "acme/vision/weights" -> nothing
`;

const passing = `rules: [rules/vision.wbrules]
tests:
  - name: accuracy sags on a prod run
    runs:
      - name: prod-7
        metrics:
          val/acc: "0.9 0.9 0.85 0.7 0.6 0.6 0.6"
        states: ["running@0", "failed@7"]
    artifacts:
      - { event: alias_added, collection: acme/vision/weights, alias: staging, version: 3 }
    expect:
      - { fires: acc-floor, run: prod-7, step: 4 }
      - { quiet: loss-spike }
      - { fires: failed, run: prod-7, step: 7 }
      - { fires: promote, artifact: acme/vision/weights, version: 3 }
`;

const failing = `rules: [rules/vision.wbrules]
tests:
  - name: wrong step and a filtered run
    runs:
      - { name: prod-7, metrics: { val/acc: "0.9 0.9 0.85 0.7 0.6 0.6" } }
      - { name: dev-1, metrics: { val/acc: "0.1x5" } }
    expect:
      - { fires: acc-floor, run: prod-7, step: 3 }
      - { fires: acc-floor, run: dev-1 }
      - { quiet: failed }
`;

describe('wbrules test', () => {
  test('--json: each file, case and failed expectation with what happened instead, and the counts', () => {
    const dir = tempDir({
      'rules/vision.wbrules': rules,
      'pass.wbrules-test.yaml': passing,
      'fail.wbrules-test.yaml': failing,
    });
    const result = wbrules(['test', '--json', '--coverage'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('');
    const json = JSON.parse(result.stdout);
    expect(json.summary).toEqual({ cases: 2, passed: 1, failed: 1, notRun: 0, filesNotRun: 0 });
    expect(json.files.map((f: { file: string; ran: boolean }) => [f.file, f.ran])).toEqual([
      ['fail.wbrules-test.yaml', true],
      ['pass.wbrules-test.yaml', true],
    ]);
    const failed = json.files[0].cases[0];
    expect(failed).toMatchObject({ name: 'wrong step and a filtered run', line: 3, status: 'failed' });
    expect(failed.failures[0].expected).toContain('acc-floor');
    expect(failed.failures[0].actual.length).toBeGreaterThan(0);
    expect(json.coverage).toMatchObject({ automations: 4, fired: 3 });
    expect(json.coverage.neverFired.map((a: { name: string }) => a.name)).toEqual(['loss-spike']);
  });

  test('a passing file: each case, the assumed points its verdicts rest on, a summary; exit 0', () => {
    const dir = tempDir({ 'rules/vision.wbrules': rules, 'vision.wbrules-test.yaml': passing });
    const result = wbrules(['test', 'vision.wbrules-test.yaml'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`vision.wbrules-test.yaml
  ✓ accuracy sags on a prod run  [assumes: regex-dialect, zscore-window]

1 case in 1 file: 1 passed, 0 failed
verdicts marked [assumes: …] rest on points W&B does not document (docs/semantics.md):
  regex-dialect  \`$regex\` patterns are RE2 (Go) regular expressions
  zscore-window  a z-score uses the mean and population deviation of the window, the latest value included
`);
    expect(result.status).toBe(0);
  });

  test('a failing case shows what was expected and what fired instead, with the window values; exit 1', () => {
    const dir = tempDir({ 'rules/vision.wbrules': rules, 'vision.wbrules-test.yaml': failing });
    const result = wbrules(['test'], { cwd: dir });
    expect(result.stdout).toBe(`vision.wbrules-test.yaml
  ✗ wrong step and a filtered run  [assumes: regex-dialect]
      line 8: expected "acc-floor" fires for run "prod-7" at step 3
        but "acc-floor" fired for run "prod-7" at step 4: avg of "val/acc" [0.9, 0.9, 0.85, 0.7, 0.6] = 0.79 < 0.8
      line 9: expected "acc-floor" fires for run "dev-1"
        but "acc-floor" never fired for run "dev-1": run "dev-1" does not pass its run filter

1 case in 1 file: 0 passed, 1 failed
verdicts marked [assumes: …] rest on points W&B does not document (docs/semantics.md):
  regex-dialect  \`$regex\` patterns are RE2 (Go) regular expressions
`);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
  });

  test('an ARIA rule fires and is reported like any other', () => {
    const ariaRules = `in project "acme/vision"
automation "explain" on run state failed -> aria "Explain why \${run_name} failed"
`;
    const yaml = `rules: [aria.wbrules]
tests:
  - name: a failed run is explained
    runs: [{ name: prod-1, states: ["running@0", "failed@2"] }]
    expect: [{ fires: explain, run: prod-1, step: 2 }]
  - name: at the wrong step
    runs: [{ name: prod-1, states: ["running@0", "failed@2"] }]
    expect: [{ fires: explain, run: prod-1, step: 1 }]
`;
    const dir = tempDir({ 'aria.wbrules': ariaRules, 'aria.wbrules-test.yaml': yaml });
    const result = wbrules(['test'], { cwd: dir });
    expect(result.stdout).toBe(`aria.wbrules-test.yaml
  ✓ a failed run is explained
  ✗ at the wrong step
      line 8: expected "explain" fires for run "prod-1" at step 1
        but "explain" fired for run "prod-1" at step 2: the run changed to failed

2 cases in 1 file: 1 passed, 1 failed
`);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
  });

  test('--show-payloads prints the webhook body or ARIA prompt of each firing, with its values', () => {
    const payloadRules = `in project "acme/vision"
webhook ci = "github-dispatch"
automation "explain" on run state failed -> aria "Explain why \${run_name} failed"
automation "deploy" on alias "prod" added in collection "acme/vision/weights" -> webhook ci {
  "version": "\${artifact_version_string}", "alias": "\${alias}", "token": "\${ACCESS_TOKEN}"
}
automation "silent" on run state failed -> nothing
`;
    const yaml = `rules: [p.wbrules]
tests:
  - name: a failed run and a promotion
    runs: [{ name: prod-1, states: ["running@0", "failed@2"] }]
    artifacts: [{ event: alias_added, collection: acme/vision/weights, alias: prod, version: 3 }]
    expect: [{ fires: explain, run: prod-1 }, { fires: deploy }]
`;
    const dir = tempDir({ 'p.wbrules': payloadRules, 'p.wbrules-test.yaml': yaml });
    const result = wbrules(['test', '--show-payloads'], { cwd: dir });
    expect(result.stdout).toBe(`p.wbrules-test.yaml
  ✓ a failed run and a promotion
      "deploy" fired on alias_added "prod" (artifact event 1) on acme/vision/weights:v3: alias added matched
        body: {"version":"acme/vision/weights:v3","alias":"prod","token":"<secret ACCESS_TOKEN>"}
      "explain" fired for run "prod-1" at step 2: the run changed to failed
        prompt: Explain why prod-1 failed

1 case in 1 file: 1 passed, 0 failed
the payloads shown rest on points W&B does not document (docs/semantics.md):
  body-bytes         the body is the stored compact requestPayload with the variables filled in
  template-escaping  in a webhook body, variables are filled in inside JSON strings only, JSON-escaped
`);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test('without arguments it finds every test file under the current directory, skipping node_modules', () => {
    const dir = tempDir({
      'rules/vision.wbrules': rules,
      'a/one.wbrules-test.yaml': passing.replace('rules/vision.wbrules', '../rules/vision.wbrules'),
      'b/two.wbrules-test.yaml': passing.replace('rules/vision.wbrules', '../rules/vision.wbrules'),
      'node_modules/pkg/x.wbrules-test.yaml': 'not: [valid',
      '.hidden/y.wbrules-test.yaml': 'not: [valid',
    });
    const result = wbrules(['test'], { cwd: dir });
    expect(result.stdout.split('\n').filter((l) => l.endsWith('.yaml'))).toEqual([
      'a/one.wbrules-test.yaml',
      'b/two.wbrules-test.yaml',
    ]);
    expect(result.stdout).toContain('2 cases in 2 files: 2 passed, 0 failed\n');
    expect(result.status).toBe(0);
  });

  test('errors in a test file are located diagnostics into the YAML; the file’s other cases still run', () => {
    const dir = tempDir({
      'rules/vision.wbrules': rules,
      't.wbrules-test.yaml': `${passing}  - name: typos
    runs:
      - { name: r, metrics: { loss: "1 2 x" } }
      - { name: empty }
    expect:
      - { fires: acc-flor }
`,
    });
    const result = wbrules(['test', 't.wbrules-test.yaml'], { cwd: dir });
    expect(
      result.stderr,
    ).toBe(`t.wbrules-test.yaml:18:42: error[WR6005]: "x" is not a value: write a number, "_" (not logged), "AxN" (A, N times) or "A+BxN" (N values from A by B)
18 |       - { name: r, metrics: { loss: "1 2 x" } }
   |                                          ^

t.wbrules-test.yaml:19:17: error[WR6006]: the run "empty" has no metrics and no state changes, so no rule can fire on it
19 |       - { name: empty }
   |                 ^^^^^
   = hint: Add "metrics:" with a series such as "val/acc: 0.9 0.8 0.7", or "states:" such as ["running@0", "failed@3"].

t.wbrules-test.yaml:21:18: error[WR6004]: no automation named "acc-flor" in "rules/vision.wbrules"
21 |       - { fires: acc-flor }
   |                  ^^^^^^^^
   = hint: Did you mean "acc-floor"?

3 errors
`);
    expect(result.stdout).toContain('  ✓ accuracy sags on a prod run');
    expect(result.stdout).toContain('  ! typos (not run: see the errors above)\n');
    expect(result.stdout).toContain('2 cases in 1 file: 1 passed, 0 failed, 1 not run\n');
    expect(result.status).toBe(1);
  });

  test('a rules file that cannot be read, or does not compile, keeps the file from running', () => {
    const missing = tempDir({ 't.wbrules-test.yaml': passing });
    const r1 = wbrules(['test', 't.wbrules-test.yaml'], { cwd: missing });
    expect(
      r1.stderr,
    ).toBe(`t.wbrules-test.yaml:1:9: error[WR6011]: cannot read the rules file "rules/vision.wbrules": no such file or directory
1 | rules: [rules/vision.wbrules]
  |         ^^^^^^^^^^^^^^^^^^^^

1 error
`);
    expect(r1.stdout).toBe(
      't.wbrules-test.yaml\n  ! not run: see the errors above\n\n0 cases in 1 file: 0 passed, 0 failed; 1 file not run\n',
    );
    expect(r1.status).toBe(1);
    const broken = tempDir({
      'rules/vision.wbrules': 'on run metric "x" -> nothing\n',
      't.wbrules-test.yaml': passing,
    });
    const r2 = wbrules(['test', 't.wbrules-test.yaml'], { cwd: broken });
    expect(r2.stderr).toContain('rules/vision.wbrules:1:19: error[WR1101]');
    expect(r2.status).toBe(1);
  });

  test('--junit writes a JUnit report; --coverage lists automations no case makes fire', () => {
    const dir = tempDir({
      'rules/vision.wbrules': rules,
      'ok.wbrules-test.yaml': passing,
      'bad.wbrules-test.yaml': failing,
    });
    const result = wbrules(
      ['test', '--junit', 'out/report.xml', '--coverage', 'ok.wbrules-test.yaml', 'bad.wbrules-test.yaml'],
      { cwd: dir },
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`
coverage: 3 of 4 automations fire in some test case; these never do:
  rules/vision.wbrules:4  loss-spike
`);
    expect(readFileSync(join(dir, 'out/report.xml'), 'utf8')).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="wbrules test" tests="2" failures="1" errors="0">
  <testsuite name="ok.wbrules-test.yaml" tests="1" failures="0" errors="0">
    <testcase name="accuracy sags on a prod run" classname="ok.wbrules-test.yaml"/>
  </testsuite>
  <testsuite name="bad.wbrules-test.yaml" tests="1" failures="1" errors="0">
    <testcase name="wrong step and a filtered run" classname="bad.wbrules-test.yaml">
      <failure message="expected &quot;acc-floor&quot; fires for run &quot;prod-7&quot; at step 3">expected &quot;acc-floor&quot; fires for run &quot;prod-7&quot; at step 3
but it fired for run &quot;prod-7&quot; at step 4: avg of &quot;val/acc&quot; [0.9, 0.9, 0.85, 0.7, 0.6] = 0.79 &lt; 0.8
expected &quot;acc-floor&quot; fires for run &quot;dev-1&quot;
but it never fired
run &quot;dev-1&quot; does not pass its run filter</failure>
    </testcase>
  </testsuite>
</testsuites>
`);
  });

  test('usage errors exit 2', () => {
    const empty = tempDir({ 'x.txt': '' });
    expect(wbrules(['test'], { cwd: empty })).toEqual({
      status: 2,
      stdout: '',
      stderr: 'wbrules: no *.wbrules-test.yaml files under the current directory\n',
    });
    expect(wbrules(['test', 'nope.yaml'], { cwd: empty })).toMatchObject({
      status: 2,
      stderr: 'wbrules: cannot read "nope.yaml": no such file or directory\n',
    });
  });

  test('the example test files pass, and every kitchen-sink automation fires in some case', () => {
    const result = wbrules(['test', '--coverage', 'examples'], { cwd: root });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/\n\d+ cases in \d+ files: \d+ passed, 0 failed\n/);
    expect(result.stdout).not.toContain('never do');
    expect(result.status).toBe(0);
  });
});
