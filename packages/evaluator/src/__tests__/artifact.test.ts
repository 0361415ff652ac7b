import { describe, expect, test } from 'vitest';
import { evaluate } from '../evaluator.js';
import { artifact, automations, brief, evaluateRules, run } from './harness.js';

const weights = 'acme/vision/resnet-weights';

describe('artifact and collection events', () => {
  const rules = `automation "created" on artifact created in collection "${weights}" -> nothing
automation "linked" on artifact linked in registry "acme-org/model" -> nothing
automation "unlinked" on artifact unlinked in registry "acme-org/model" -> nothing
automation "staging" on alias "staging" added in collection "${weights}" -> nothing
automation "any-alias" on alias added in team "acme" -> nothing
automation "candidate" on tag "candidate" added in org "acme-org" -> nothing
automation "untagged" on tag removed in project "acme/vision" where tag == "deprecated" -> nothing
automation "gold" on collection tag "gold" added in project "acme/vision" -> nothing
automation "ungold" on collection tag removed in project "acme/vision" -> nothing`;

  test.each([
    // [event, firings]
    [{ event: 'created', collection: weights, version: 3 }, ['created']],
    [{ event: 'created', collection: 'acme/vision/other', version: 3 }, []],
    [{ event: 'linked', collection: 'acme-org-entity/wandb-registry-model/resnet' }, ['linked']],
    [{ event: 'linked', collection: 'acme-org-entity/wandb-registry-dataset/resnet' }, []],
    [{ event: 'unlinked', collection: 'x/wandb-registry-model/resnet' }, ['unlinked']],
    [{ event: 'alias_added', collection: weights, alias: 'staging' }, ['staging', 'any-alias']],
    [{ event: 'alias_added', collection: weights, alias: 'prod' }, ['any-alias']],
    [{ event: 'alias_added', collection: 'other-team/vision/weights', alias: 'staging' }, []],
    // An event without a collection is in every scope.
    [{ event: 'alias_added', alias: 'staging' }, ['staging', 'any-alias']],
    [{ event: 'tag_added', collection: weights, tag: 'candidate' }, ['candidate']],
    [{ event: 'tag_added', collection: weights, tag: 'other' }, []],
    [{ event: 'tag_removed', collection: weights, tag: 'deprecated' }, ['untagged']],
    [{ event: 'tag_removed', collection: weights, tag: 'fresh' }, []],
    [{ event: 'collection_tag_added', collection: weights, tag: 'gold' }, ['gold']],
    [{ event: 'collection_tag_removed', collection: weights, tag: 'gold' }, ['ungold']],
  ] as const)('%j fires %j', (event, names) => {
    const evaluation = evaluateRules(rules, [], [artifact(event)]);
    expect(evaluation.firings.map((f) => f.name)).toEqual(names);
  });

  test('on events that add no alias, an alias filter reads the version’s aliases (any of them)', () => {
    const evaluation = evaluateRules(
      'automation "l" on artifact linked in registry "acme-org/model" where alias matches "prod-.*" -> nothing',
      [],
      [
        artifact({ event: 'linked', aliases: ['latest', 'prod-2'], index: 0 }),
        artifact({ event: 'linked', aliases: ['latest'], index: 1 }),
        artifact({ event: 'linked', index: 2 }),
      ],
    );
    expect(brief(evaluation)).toEqual(['l@artifact#0']);
    expect(evaluation.firings[0]?.assumed).toEqual(['artifact-fields', 'regex-dialect']);
  });

  test('every matching event fires (no per-run limit), and a repeat within 24 hours says so', () => {
    const evaluation = evaluateRules(
      `automation "a" on alias added in collection "${weights}" -> nothing`,
      [],
      [
        artifact({ event: 'alias_added', alias: 'x', time: 0, index: 0 }),
        artifact({ event: 'alias_added', alias: 'y', time: 60, index: 1 }),
      ],
    );
    expect(brief(evaluation)).toEqual(['a@artifact#0', 'a@artifact#1']);
    expect(evaluation.firings.map((f) => f.assumed)).toEqual([[], ['artifact-limit']]);
  });

  test('run events and artifact events do not mix', () => {
    const compiled = automations(`automation "m" on run metric "x" > 0 -> nothing
automation "c" on artifact created in collection "${weights}" -> nothing`);
    const evaluation = evaluate(compiled, {
      runs: [run('r', { x: '1' })],
      artifacts: [artifact({ event: 'created', collection: weights })],
    });
    expect(brief(evaluation)).toEqual(['m@r:0', 'c@artifact#0']);
  });

  test('run scopes: a run with a project is watched only by rules of that project (or its team, or any org)', () => {
    const compiled = automations(`automation "p" on run metric "x" > 0 -> nothing
automation "other" on run metric "x" > 0 in project "acme/other" -> nothing
automation "team" on run metric "x" > 0 in team "acme" -> nothing
automation "org" on run metric "x" > 0 in org "acme-org" -> nothing`);
    const evaluation = evaluate(compiled, { runs: [run('r', { x: '1' }, { project: 'acme/vision' })] });
    expect(evaluation.firings.map((f) => f.name)).toEqual(['p', 'team', 'org']);
  });
});
