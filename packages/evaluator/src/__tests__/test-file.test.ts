import { type Diagnostic, LineIndex } from '@wbrules/dsl';
import { describe, expect, test } from 'vitest';
import { parseTestFile } from '../test-file.js';

/** A diagnostic as `CODE line:col-line:col message` (end exclusive), plus its hints. */
function located(text: string, diagnostics: readonly Diagnostic[]): string[] {
  const index = new LineIndex(text);
  return diagnostics.map((d) => {
    const a = index.locate(d.span.start);
    const b = index.locate(d.span.end);
    const hints = (d.hints ?? []).map((h) => ` [${h}]`).join('');
    return `${d.code} ${a.line}:${a.column}-${b.line}:${b.column} ${d.message}${hints}`;
  });
}

const issueExample = `rules: [rules/vision.wbrules]
tests:
  - name: accuracy sags on a prod run
    runs:
      - name: prod-7
        metrics:
          val/acc: "0.9 0.9 0.85 0.7 0.6 0.6 0.6"
        states: ["running@0", "failed@7"]
    artifacts:
      - { event: alias_added, collection: acme/vision/resnet-weights, alias: staging, version: 3 }
    expect:
      - { fires: acc-floor, run: prod-7, step: 4 }   # avg of steps 0-4 is 0.79
      - { quiet: loss-spike }
`;

describe('parseTestFile', () => {
  test('reads the shape of the issue’s example', () => {
    const { testFile, diagnostics } = parseTestFile(issueExample, 'vision.wbrules-test.yaml');
    expect(diagnostics).toEqual([]);
    expect(testFile.rules.map((r) => r.value)).toEqual(['rules/vision.wbrules']);
    expect(testFile.cases).toHaveLength(1);
    const [c] = testFile.cases;
    expect(c?.name).toBe('accuracy sags on a prod run');
    expect(c?.runs).toMatchObject([
      {
        name: 'prod-7',
        stepSeconds: 1,
        metrics: [{ name: 'val/acc', values: [0.9, 0.9, 0.85, 0.7, 0.6, 0.6, 0.6] }],
        states: [
          { state: 'running', step: 0 },
          { state: 'failed', step: 7 },
        ],
      },
    ]);
    expect(c?.artifacts.map((a) => a.event)).toEqual([
      {
        kind: 'artifact',
        event: 'alias_added',
        collection: 'acme/vision/resnet-weights',
        version: 3,
        alias: 'staging',
        time: 0,
        index: 0,
      },
    ]);
    expect(
      c?.expectations.map(({ kind, automation, run, step }) => [kind, automation.value, run?.value, step]),
    ).toEqual([
      ['fires', 'acc-floor', 'prod-7', 4],
      ['quiet', 'loss-spike', undefined, undefined],
    ]);
    expect(c?.evaluateDisabled).toBe(false);
  });

  test('a top-level "$schema" string is accepted and ignored', () => {
    const text = `$schema: https://example.com/wbrules-test.schema.json
${issueExample}`;
    const { testFile, diagnostics } = parseTestFile(text, 't.yaml');
    expect(diagnostics).toEqual([]);
    expect(testFile.cases.map((c) => c.name)).toEqual(['accuracy sags on a prod run']);
  });

  test('series may be lists, single numbers and YAML’s own non-finite floats', () => {
    const text = `rules: r.wbrules
tests:
  - name: lists
    runs:
      - name: r
        project: acme/vision
        step_seconds: 3600
        metrics:
          a: [1, null, "_", .nan, -.inf, "nan"]
          b: 0.5
    expect: [{ fires: x }]
`;
    const { testFile, diagnostics } = parseTestFile(text, 't.yaml');
    expect(diagnostics).toEqual([]);
    expect(testFile.rules.map((r) => r.value)).toEqual(['r.wbrules']);
    expect(testFile.cases[0]?.runs[0]).toMatchObject({
      project: 'acme/vision',
      stepSeconds: 3600,
      metrics: [
        { name: 'a', values: [1, null, null, Number.NaN, Number.NEGATIVE_INFINITY, Number.NaN] },
        { name: 'b', values: [0.5] },
      ],
    });
  });

  test.each([
    [
      'a malformed series token, pointed at inside the string',
      `rules: [r.wbrules]
tests:
  - name: t
    runs:
      - name: r
        metrics:
          loss: "1 0.9 0.8x _"
    expect: [{ quiet: x }]
`,
      [
        'WR6005 7:24-7:28 "0.8x" is not a value: write a number, "_" (not logged), "AxN" (A, N times) or "A+BxN" (N values from A by B)',
      ],
    ],
    [
      'a run with no metrics and no states',
      `rules: [r.wbrules]
tests:
  - name: t
    runs:
      - name: empty-run
        metrics: {}
    expect: [{ quiet: x }]
`,
      [
        'WR6006 5:15-5:24 the run "empty-run" has no metrics and no state changes, so no rule can fire on it [Add "metrics:" with a series such as "val/acc: 0.9 0.8 0.7", or "states:" such as ["running@0", "failed@3"].]',
      ],
    ],
    [
      'unknown keys, with a suggestion',
      `rules: [r.wbrules]
tests:
  - name: t
    run:
      - name: r
    expects: [{ quiet: x }]
`,
      [
        'WR6003 4:5-4:8 a test case has no key "run"; the keys are "name", "runs", "artifacts", "expect", "evaluate_disabled" [Did you mean "runs"?]',
        'WR6003 6:5-6:12 a test case has no key "expects"; the keys are "name", "runs", "artifacts", "expect", "evaluate_disabled" [Did you mean "expect"?]',
        'WR6002 3:11-3:12 the test case "t" has no "expect" list',
      ],
    ],
    [
      'bad states',
      `rules: [r.wbrules]
tests:
  - name: t
    runs:
      - name: r
        metrics: { m: "1" }
        states: ["runing@0", "failed", "finished@2"]
    expect: [{ quiet: x }]
`,
      [
        'WR6007 7:18-7:28 "runing" is not a run state; use "running", "finished", "failed", "crashed", "killed" [Did you mean "running"?]',
        'WR6007 7:30-7:38 a state change is written "STATE@STEP", such as "failed@7"',
      ],
    ],
    [
      'bad artifact events',
      `rules: [r.wbrules]
tests:
  - name: t
    artifacts:
      - { event: alias_add, alias: prod }
      - { event: tag_added }
    expect: [{ quiet: x }]
`,
      [
        'WR6008 5:18-5:27 "alias_add" is not an artifact event; use one of created, linked, unlinked, alias_added, tag_added, tag_removed, collection_tag_added, collection_tag_removed [Did you mean "alias_added"?]',
        'WR6008 6:18-6:27 a "tag_added" event needs the "tag" it adds or removes',
      ],
    ],
    [
      'bad expectations',
      `rules: [r.wbrules]
tests:
  - name: t
    expect:
      - { fires: a, quiet: b }
      - { run: r }
      - { fires: a, step: 3 }
      - { quiet: a, run: r, step: 2 }
      - { fires: a, step: -1, run: r }
`,
      [
        'WR6002 5:9-5:31 an expectation has either "fires" or "quiet", not both',
        'WR6002 6:9-6:19 an expectation needs "fires: NAME" or "quiet: NAME"',
        'WR6002 7:21-7:25 "step" needs "run": which run should fire at that step?',
        'WR6002 8:29-8:33 "quiet" means never; "step" and "count" belong to "fires"',
        'WR6002 9:27-9:29 "step" must be a whole number, 0 or more',
      ],
    ],
    [
      'duplicate run names, with the first one related',
      `rules: [r.wbrules]
tests:
  - name: t
    runs:
      - { name: r, metrics: { m: "1" } }
      - { name: r, metrics: { m: "2" } }
    expect: [{ quiet: x }]
`,
      ['WR6010 6:17-6:18 a run named "r" is already in this test case'],
    ],
    [
      'no rules',
      'tests: []\n',
      ['WR6012 1:1-1:2 the test file names no rules files; add "rules: [path/to/rules.wbrules]"'],
    ],
    [
      'not YAML',
      'rules: [a\ntests: x: y\n',
      [
        'WR6001 2:1-2:2 flow sequence in block collection must be sufficiently indented and end with a ]',
        'WR6001 2:8-2:9 nested mappings are not allowed in compact mappings',
      ],
    ],
    ['not a mapping', '- a\n- b\n', ['WR6002 1:1-3:1 a test file is a mapping with "rules" and "tests"']],
    [
      'a "$schema" that is not a string',
      '$schema: [a]\nrules: [r.wbrules]\ntests: []\n',
      ['WR6002 1:10-1:13 "$schema" must be a string: the URL or path of the JSON Schema the file follows'],
    ],
    [
      '"$schema" below the top level',
      'rules: [r.wbrules]\ntests:\n  - { name: t, $schema: s, expect: [] }\n',
      [
        'WR6003 3:16-3:23 a test case has no key "$schema"; the keys are "name", "runs", "artifacts", "expect", "evaluate_disabled"',
      ],
    ],
  ])('%s', (_, text, expected) => {
    expect(located(text, parseTestFile(text, 't.yaml').diagnostics)).toEqual(expected);
  });

  test('diagnostics carry the test file’s name and the related place', () => {
    const text =
      'rules: [r]\ntests:\n  - name: t\n    runs:\n      - { name: r, states: [failed@1] }\n      - { name: r, states: [failed@1] }\n    expect: [{ quiet: x }]\n';
    const [d] = parseTestFile(text, 'dir/t.wbrules-test.yaml').diagnostics;
    expect(d).toMatchObject({
      code: 'WR6010',
      file: 'dir/t.wbrules-test.yaml',
      severity: 'error',
      related: [{ message: 'the first "r" is here' }],
    });
  });
});
