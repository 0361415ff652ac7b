import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '@wbrules/compiler';
import { LineIndex } from '@wbrules/dsl';
import { describe, expect, test } from 'vitest';
import { parseTestFile } from '../test-file.js';
import { runTestFile } from '../test-runner.js';
import { automations } from './harness.js';

const rules = automations(`automation "acc-floor"
on run metric "val/acc" avg over 5 < 0.8 where run.name matches "^prod-" -> nothing
automation "loss-spike" on run metric "loss" zscore over 5 > 1.5 -> nothing
automation "dormant" disabled on run metric "loss" > 0 -> nothing
automation "promote" on alias "staging" added in collection "acme/vision/weights" -> nothing`);

/** Runs a test file's text against the rules above. */
function run(yaml: string) {
  const parsed = parseTestFile(yaml, 't.yaml');
  expect(parsed.diagnostics).toEqual([]);
  return runTestFile(parsed.testFile, rules);
}

const header = 'rules: [r.wbrules]\ntests:\n';

describe('runTestFile', () => {
  test('the issue’s example passes, and says which verdicts rest on assumed points', () => {
    const result = run(`${header}  - name: accuracy sags on a prod run
    runs:
      - name: prod-7
        metrics:
          val/acc: "0.9 0.9 0.85 0.7 0.6 0.6 0.6"
        states: ["running@0", "failed@7"]
    expect:
      - { fires: acc-floor, run: prod-7, step: 4 }
      - { quiet: loss-spike }
`);
    expect(result.diagnostics).toEqual([]);
    const [c] = result.cases;
    expect(c?.status).toBe('passed');
    expect(c?.expectations.map((e) => [e.passed, e.assumed])).toEqual([
      [true, [{ point: 'regex-dialect' }]],
      [true, [{ point: 'zscore-window' }]],
    ]);
    expect([...result.fired]).toEqual([0]);
  });

  test.each([
    // [expectation, passes]
    ['{ fires: acc-floor, run: prod-7, step: 4 }', true],
    ['{ fires: acc-floor, run: prod-7, step: 5 }', false],
    ['{ fires: acc-floor, run: prod-7 }', true],
    ['{ fires: acc-floor, run: dev-1 }', false],
    ['{ fires: acc-floor }', true],
    ['{ fires: acc-floor, count: 1 }', true],
    ['{ fires: acc-floor, count: 2 }', false],
    ['{ quiet: acc-floor }', false],
    ['{ quiet: acc-floor, run: dev-1 }', true],
    ['{ fires: dormant, run: prod-7 }', false],
    ['{ quiet: dormant }', true],
    ['{ fires: promote, artifact: acme/vision/weights, version: 3 }', true],
    ['{ fires: promote, artifact: acme/vision/weights, version: 4 }', false],
    ['{ fires: promote, artifact: acme/vision/other }', false],
    ['{ quiet: promote, artifact: acme/vision/other }', true],
  ])('%s → %s', (expectation, passes) => {
    const result = run(`${header}  - name: c
    runs:
      - { name: prod-7, metrics: { val/acc: "0.9 0.9 0.85 0.7 0.6 0.6", loss: "1 1" } }
      - { name: dev-1, metrics: { val/acc: "0.9 0.9 0.85 0.7 0.6 0.6" } }
    artifacts:
      - { event: alias_added, collection: acme/vision/weights, alias: staging, version: 3 }
    expect: [${expectation}]
`);
    expect(result.cases[0]?.status).toBe(passes ? 'passed' : 'failed');
  });

  test('a failed expectation carries what happened instead, and why an automation stayed quiet', () => {
    const result = run(`${header}  - name: c
    runs:
      - { name: prod-7, metrics: { val/acc: "0.9 0.9 0.85 0.7 0.6" } }
      - { name: dev-1, metrics: { val/acc: "0.1x5" } }
      - { name: prod-8, metrics: { loss: "1" } }
    expect:
      - { fires: acc-floor, run: prod-7, step: 3 }
      - { fires: acc-floor, run: dev-1 }
      - { fires: acc-floor, run: prod-8 }
      - { fires: dormant, run: prod-8 }
`);
    const [wrongStep, filtered, missing, disabled] = result.cases[0]?.expectations ?? [];
    expect(wrongStep).toMatchObject({
      passed: false,
      firings: [{ step: 4, detail: { window: [0.9, 0.9, 0.85, 0.7, 0.6] } }],
    });
    expect(filtered).toMatchObject({ passed: false, firings: [], notes: ['run "dev-1" does not pass its run filter'] });
    expect(missing).toMatchObject({ passed: false, notes: ['run "prod-8" logs no "val/acc"'] });
    expect(disabled).toMatchObject({
      passed: false,
      notes: ['it is disabled, and W&B never runs a disabled automation'],
    });
  });

  test('evaluate_disabled runs a disabled automation', () => {
    const result = run(`${header}  - name: c
    evaluate_disabled: true
    runs: [{ name: r, metrics: { loss: "1" } }]
    expect: [{ fires: dormant, run: r, step: 0 }]
`);
    expect(result.cases[0]?.status).toBe('passed');
  });

  test('unknown automation and run names are located diagnostics, and the case is not run', () => {
    const yaml = `${header}  - name: c
    runs: [{ name: prod-7, metrics: { loss: "1" } }]
    expect:
      - { fires: acc-flor, run: prod-8 }
      - { quiet: nothing-like-it }
`;
    const result = runTestFile(parseTestFile(yaml, 't.yaml').testFile, rules);
    const index = new LineIndex(yaml);
    expect(result.diagnostics.map((d) => [d.code, index.locate(d.span.start), d.message, d.hints])).toEqual([
      [
        'WR6004',
        { line: 6, column: 18 },
        'no automation named "acc-flor" in "r.wbrules"',
        ['Did you mean "acc-floor"?'],
      ],
      ['WR6009', { line: 6, column: 33 }, 'the test case "c" has no run named "prod-8"', ['Did you mean "prod-7"?']],
      [
        'WR6004',
        { line: 7, column: 18 },
        'no automation named "nothing-like-it" in "r.wbrules"',
        ['A rule without `automation "NAME"` has a derived name; `wbrules compile` prints every name.'],
      ],
    ]);
    expect(result.cases.map((c) => c.status)).toEqual(['error']);
  });

  test('the 24-hour limit and refire show up as counts and assumed points', () => {
    const result = run(`${header}  - name: c
    runs: [{ name: r, step_seconds: 43200, metrics: { loss: "1x5" } }]
    evaluate_disabled: true
    expect: [{ fires: dormant, run: r, count: 3 }]
`);
    expect(result.cases[0]?.expectations[0]).toMatchObject({
      passed: true,
      assumed: [{ point: 'refire', run: 'r', step: 2 }],
    });
    expect(result.cases[0]?.expectations[0]?.firings.map((f) => (f.kind === 'metric' ? f.step : -1))).toEqual([
      0, 2, 4,
    ]);
  });
});

describe('the example test files', () => {
  const examples = join(dirname(fileURLToPath(import.meta.url)), '../../../../examples');

  test('examples/kitchen-sink.wbrules-test.yaml passes, and every kitchen-sink automation fires in some case', () => {
    const file = join(examples, 'kitchen-sink.wbrules-test.yaml');
    const parsed = parseTestFile(readFileSync(file, 'utf8'), file);
    expect(parsed.diagnostics).toEqual([]);
    const sources = parsed.testFile.rules.map((r) => ({
      file: r.value,
      text: readFileSync(join(examples, r.value), 'utf8'),
    }));
    const compiled = compile(sources);
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const result = runTestFile(parsed.testFile, compiled.automations);
    expect(result.diagnostics).toEqual([]);
    const failed = result.cases.filter((c) => c.status !== 'passed').map((c) => c.name);
    expect(failed).toEqual([]);
    expect(compiled.automations.filter((_, i) => !result.fired.has(i)).map((a) => a.name)).toEqual([]);
  });
});
