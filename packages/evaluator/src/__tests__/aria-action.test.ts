import { describe, expect, test } from 'vitest';
import { describeWhere, describeWhy } from '../describe-firing.js';
import { parseTestFile } from '../test-file.js';
import { runTestFile } from '../test-runner.js';
import { artifact, automations, brief, evaluateRules, run } from './harness.js';

// The action decides what W&B does when an automation fires, never whether it
// fires: an ARIA rule fires exactly when the same rule with `-> nothing` does,
// and is reported the same way.

const weights = 'acme/vision/resnet-weights';

describe('ARIA actions', () => {
  test.each([
    ['a metric threshold', 'on run metric "loss" avg over 2 > 1 -> aria "Why did ${run_name} diverge?"'],
    ['a metric change', 'on run metric "loss" increases by 50% -> aria "Explain ${metric_name} on ${run_name}"'],
    ['a run state', 'on run state failed -> aria "Explain why ${run_name} failed"'],
    ['an alias', `on alias "staging" added in collection "${weights}" -> aria "Review \${artifact_version_string}"`],
  ])('%s rule fires where its "-> nothing" twin does', (_name, rule) => {
    const twin = rule.replace(/-> aria ".*"$/, '-> nothing');
    const runs = [run('r', { loss: '0.5 1 2 4' }, { states: 'running@0 failed@3', stepSeconds: 86_400 })];
    const artifacts = [artifact({ event: 'alias_added', collection: weights, alias: 'staging', version: 2 })];
    const aria = evaluateRules(`automation "a" ${rule}`, runs, artifacts);
    const nothing = evaluateRules(`automation "a" ${twin}`, runs, artifacts);
    expect(aria.automations[0]?.input.triggeredActionType).toBe('ARIA');
    expect(aria.problems).toEqual([]);
    expect(brief(aria).length).toBeGreaterThan(0);
    expect(aria.firings).toEqual(nothing.firings);
    expect(aria.firings.map((f) => [describeWhere(f), describeWhy(f)])).toEqual(
      nothing.firings.map((f) => [describeWhere(f), describeWhy(f)]),
    );
  });

  test('a rule test expects an ARIA rule to fire, and passes', () => {
    const rules =
      automations(`automation "explain-failure" on run state failed -> aria "Explain why \${run_name} failed"
automation "quiet-aria" on run metric "loss" > 100 -> aria "Loss of \${run_name} exploded"`);
    const yaml = `rules: [r.wbrules]
tests:
  - name: a failed run is explained
    runs:
      - { name: prod-1, metrics: { loss: "1 2" }, states: ["running@0", "failed@1"] }
    expect:
      - { fires: explain-failure, run: prod-1, step: 1 }
      - { quiet: quiet-aria }
`;
    const parsed = parseTestFile(yaml, 't.yaml');
    expect(parsed.diagnostics).toEqual([]);
    const result = runTestFile(parsed.testFile, rules);
    expect(result.diagnostics).toEqual([]);
    expect(result.cases.map((c) => c.status)).toEqual(['passed']);
    expect(result.cases[0]?.expectations.map((e) => [e.passed, e.firings.length])).toEqual([
      [true, 1],
      [true, 0],
    ]);
    expect([...result.fired]).toEqual([0]);
  });
});
