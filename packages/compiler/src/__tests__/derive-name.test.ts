import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, type Rule } from '@wbrules/dsl';
import { describe, expect, test } from 'vitest';
import { deriveName } from '../resolve/derive-name.js';

/**
 * The golden table of derived automation names. The same table is in the
 * "Derived automation names" section of grammar/README.md; a changed row is
 * a breaking change (every unnamed automation would be re-created).
 */
const derivedNameTable: readonly (readonly [rule: string, name: string])[] = [
  ['on run metric "loss" changes by 10% within 5 -> webhook ci', 'loss-changes-by-10pct-within-5-webhook-ci'],
  ['on run metric "loss" > 0.5 -> nothing', 'loss-gt-0.5-nothing'],
  ['on run metric "val/acc" avg over 5 < 0.8 -> slack alerts', 'val-acc-avg-over-5-lt-0.8-slack-alerts'],
  ['on run metric "throughput" mean over 10 <= 120.0 -> nothing', 'throughput-mean-over-10-lte-120.0-nothing'],
  ['on run metric "grad.norm" min over 20 >= -0.25 -> nothing', 'grad-norm-min-over-20-gte-minus-0.25-nothing'],
  ['on run metric "lr" <= 1E-7 -> nothing', 'lr-lte-1e-7-nothing'],
  ['on run metric "steps" > 1e+6 -> nothing', 'steps-gt-1e6-nothing'],
  ['on run metric "accuracy" increases by 0.5 -> nothing', 'accuracy-increases-by-0.5-nothing'],
  ['on run metric "loss" decreases by 2% within 5 vs 10 -> nothing', 'loss-decreases-by-2pct-within-5-vs-10-nothing'],
  ['on run metric "val_acc" max changes by 1.1% within 3 -> nothing', 'val_acc-max-changes-by-1.1pct-within-3-nothing'],
  ['on run metric "loss" zscore over 30 > 3 -> nothing', 'loss-zscore-over-30-gt-3-nothing'],
  ['on run metric "accuracy" zscore < -2.5 -> nothing', 'accuracy-zscore-lt-minus-2.5-nothing'],
  [
    'on run metric "train/loss" abs zscore over 50 > 4 -> slack oncall',
    'train-loss-abs-zscore-over-50-gt-4-slack-oncall',
  ],
  ['on run metric "损失 Ünï" > 1 -> nothing', '损失-ünï-gt-1-nothing'],
  ['on run state failed, crashed -> slack alerts', 'run-state-failed-crashed-slack-alerts'],
  [
    'on run state running where run.name matches r"^exp-\\d+$" -> nothing',
    'run-state-running-where-run-name-matches-exp-d-nothing',
  ],
  ['on artifact created -> webhook ci', 'artifact-created-webhook-ci'],
  ['on artifact linked where alias matches "prod-.*" -> nothing', 'artifact-linked-where-alias-matches-prod-nothing'],
  ['on artifact unlinked -> nothing', 'artifact-unlinked-nothing'],
  ['on alias "staging" added -> webhook ci', 'alias-staging-added-webhook-ci'],
  [
    'on alias added where alias in ["prod", "staging"] -> webhook pager',
    'alias-added-where-alias-in-prod-staging-webhook-pager',
  ],
  ['on tag "candidate" added -> nothing', 'tag-candidate-added-nothing'],
  ['on tag removed where tag == "deprecated" -> nothing', 'tag-removed-where-tag-eq-deprecated-nothing'],
  ['on collection tag "gold" added -> nothing', 'collection-tag-gold-added-nothing'],
  ['on collection tag removed -> nothing', 'collection-tag-removed-nothing'],
  [
    'on run state finished where not (run.name == "a" or run.name != "b") and run.name not in ["x"] and run.name not exists -> nothing',
    'run-state-finished-where-not-run-name-eq-a-or-run-name-ne-b-and-run-name-not-in-x-and-run-name-not-exists-nothing',
  ],
  [
    'on tag added where tag contains "Release 2.0!" or tag exists -> nothing',
    'tag-added-where-tag-contains-release-2-0-or-tag-exists-nothing',
  ],
];

function ruleOf(text: string): Rule {
  const { ast, diagnostics } = parse(text);
  expect(diagnostics).toEqual([]);
  return ast.items[0] as Rule;
}

describe('derived names (golden table)', () => {
  test.each(derivedNameTable)('%s', (rule, name) => {
    expect(deriveName(ruleOf(rule))).toBe(name);
  });

  test('header clauses and the scope do not take part', () => {
    expect(deriveName(ruleOf('disabled description "d" on artifact linked in team "t" -> nothing'))).toBe(
      'artifact-linked-nothing',
    );
  });

  test('a name over 255 code points is cut to 246 and given a hash of the whole, so long names stay distinct', () => {
    const long = (tag: string) => deriveName(ruleOf(`on tag "${'é'.repeat(300)}${tag}" added -> nothing`));
    const a = long('a');
    const b = long('b');
    expect([...a]).toHaveLength(255);
    expect(a).toMatch(/^tag-é{242}-[0-9a-f]{8}$/);
    expect(a.slice(0, -8)).toBe(b.slice(0, -8));
    expect(a).not.toBe(b);
    // Deterministic: the same rule always gives the same name.
    expect(long('a')).toBe(a);
  });
});

test('grammar/README.md carries the same golden table', () => {
  const readme = readFileSync(fileURLToPath(new URL('../../../../grammar/README.md', import.meta.url)), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Derived automation names'),
    readme.indexOf('\n## ', readme.indexOf('## Derived automation names') + 3),
  );
  const rows = [...section.matchAll(/^\| *`(.+)` *\| *`(.+)` *\|$/gm)].map((m) => [m[1], m[2]]);
  expect(rows).toEqual(derivedNameTable.map(([rule, name]) => [rule, name]));
});
