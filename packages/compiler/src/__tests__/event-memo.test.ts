/**
 * `compile` lowers each distinct event (with its `where` clause) of a file
 * once and shares the result with later rules whose event and clause read
 * the same (see `RunFilterMemo.event`), finding them by a hash of some of
 * their characters. These tests hold every rule's payload equal to lowering
 * the rule alone, on files made of events that differ in one character
 * only, at every position, so that any two the hash cannot tell apart are
 * still told apart by their text.
 */

import { describe, expect, test } from 'vitest';
import { compileDocument } from '../compile.js';
import { RunFilterMemo } from '../lower/event.js';
import { lowerRule } from '../lower/rule.js';

const runEvents = [
  'run metric "loss" > 0.5',
  'run metric "loss" >= 0.5',
  'run metric "lost" > 0.5',
  'run metric "loss" > 0.6',
  'run metric "loss" > 10.5',
  'run metric "loss" avg over 5 < 0.25',
  'run metric "loss" avg over 6 < 0.25',
  'run metric "loss" max over 5 < 0.25',
  'run metric "val/acc" changes by 10% within 5',
  'run metric "val/acc" changes by 11% within 5',
  'run metric "val/acc" changes by 10% within 5 vs 10',
  'run metric "val/acc" increases by 10 within 5',
  'run metric "grad.norm" zscore over 30 > 2.5',
  'run metric "grad.norm" zscore over 30 < -2.5',
  'run metric "grad.norm" abs zscore over 30 > 2.5',
  'run metric "grad.norm" zscore > 2.5',
  'run metric "loss" > -0.5',
  'run metric "loss" > 1e2',
  'run metric "loss" > 1.50',
  'run metric "loss" >5',
  'run metric "loss" > 5',
  'run metric "loss" < 5',
  'run metric "grad.norm" zscore over 30 <= -2.5',
  'run metric "grad.norm" zscore over 20 > 2.5',
  'run metric "grad.norm" zscore over 20 > 2.5e0',
  'run state failed, crashed',
  'run state failed',
  'run state finished',
];
/** Events that do not lower (the checks reject them): whether they lower must not leak to the events they share a head with. */
const rejectedEvents = [
  'run metric "loss" > 5%',
  'run metric "loss" avg over 0 > 5',
  'run metric "grad.norm" zscore over 30 < 2.5',
  'run metric "grad.norm" zscore over 30 > -2.5',
  'run metric "grad.norm" abs zscore over 30 > -2.5',
  'run metric "grad.norm" abs zscore over 30 < 2.5',
  'run metric "grad.norm" zscore over 30 > 0',
];
const runFilters = [
  undefined,
  'run.name == "a"',
  'run.name == "b"',
  'run.name != "a"',
  'run.name matches "^prod-" and not run.name contains "debug"',
  'run.name matches "^prod-" and not run.name contains "debuh"',
];
const artifactEvents = [
  'artifact created',
  'artifact linked',
  'alias "prod" added',
  'alias "prof" added',
  'tag "x" added',
];
const artifactFilters = [undefined, 'alias matches "prod-.*"', 'alias matches "prod-.+"', 'tag == "a"'];

/** Every event with every filter, twice, plus variants differing in one character of a long metric name. */
function source(extra: readonly string[] = []): string {
  const rules: string[] = ['webhook ci = "acme/hook"'];
  let n = 0;
  const all = (scope: string, events: string[], filters: (string | undefined)[]) => {
    rules.push(`in ${scope}`);
    for (let round = 0; round < 2; round++) {
      for (const event of events) {
        for (const filter of filters) {
          const where = filter === undefined ? '' : ` where ${filter}`;
          rules.push(`automation "r${n++}"\non ${event}${where} -> webhook ci`);
        }
      }
    }
  };
  all('collection "acme/vision/weights"', artifactEvents, artifactFilters);
  all('project "acme/vision"', [...extra, ...runEvents, ...extra], runFilters);
  const long = 'abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz';
  for (let k = 0; k < long.length; k++) {
    const metric = `${long.slice(0, k)}_${long.slice(k + 1)}`;
    for (const threshold of ['1.5', '1.25']) {
      rules.push(`automation "r${n++}"\non run metric "${metric}" > ${threshold} -> webhook ci`);
      rules.push(
        `automation "r${n++}"\non run metric "${long}" > ${threshold} where run.name == "${metric}" -> webhook ci`,
      );
    }
  }
  return `${rules.join('\n\n')}\n`;
}

describe('events lowered once per file', () => {
  test('every payload equals the rule lowered alone', () => {
    const text = source();
    const ids = {
      projects: { 'acme/vision': 'P1' },
      collections: { 'acme/vision/weights': 'C1' },
      webhooks: { 'acme/hook': 'W1' },
    };
    const compiled = compileDocument({ file: 'memo.wbrules', text }, { ids });
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const rules = compiled.resolved.rules;
    expect(rules.length).toBeGreaterThan(400);
    const alone = rules.map((rule) =>
      lowerRule(rule, { scopeID: rule.scope?.ref.type === 'PROJECT' ? 'P1' : 'C1', integrationID: 'W1' }),
    );
    expect(compiled.automations.map((a) => a.input)).toEqual(alone);
  });

  test('with rules that do not lower among them, every rule lowers as it does alone', () => {
    const text = source(rejectedEvents);
    const compiled = compileDocument({ file: 'memo.wbrules', text });
    expect(compiled.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    const memo = new RunFilterMemo(text);
    const ids = { scopeID: 'S', integrationID: 'W' };
    const rules = compiled.resolved.rules;
    const shared = rules.map((rule) => lowerRule(rule, ids, memo));
    expect(shared.filter((input) => input === undefined).length).toBeGreaterThan(20);
    expect(shared).toEqual(rules.map((rule) => lowerRule(rule, ids)));
  });
});
