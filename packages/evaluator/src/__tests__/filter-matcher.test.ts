import { filterFromJson, parseJsonOrdered } from '@wbrules/compiler';
import { describe, expect, test } from 'vitest';
import { compareCodePoints, compileFilter, type FilterDocument } from '../filter-matcher.js';
import { brief, evaluateRules, run } from './harness.js';

/** Compiles a raw filter (JSON text) the way payloads are decoded. */
function filter(json: string) {
  const parsed = parseJsonOrdered(json);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const node = filterFromJson(parsed.value);
  if (!node.ok) throw new Error(node.error.message);
  return compileFilter(node.filter, new Set(['display_name', 'alias', 'tag']));
}

const matches = (json: string, document: FilterDocument): boolean => filter(json).matches(document);

describe('every operator of the payload filters (spec §4.4)', () => {
  const name = (display_name: string): FilterDocument => ({ display_name });
  test.each([
    // [filter, document, matches]
    ['{"display_name":{"$eq":"a"}}', name('a'), true],
    ['{"display_name":{"$eq":"a"}}', name('A'), false],
    ['{"display_name":{"$ne":"a"}}', name('b'), true],
    ['{"display_name":{"$ne":"a"}}', {}, true],
    ['{"display_name":{"$gt":"m"}}', name('n'), true],
    ['{"display_name":{"$gt":"m"}}', name('m'), false],
    ['{"display_name":{"$gte":"m"}}', name('m'), true],
    ['{"display_name":{"$lt":"m"}}', name('l'), true],
    ['{"display_name":{"$lte":"m"}}', name('m'), true],
    ['{"display_name":{"$lte":"m"}}', name('ma'), false],
    // Comparisons compare values of one type only: a string never orders against a number.
    ['{"display_name":{"$gt":1}}', name('2'), false],
    ['{"display_name":{"$in":["x","y"]}}', name('y'), true],
    ['{"display_name":{"$in":["x","y"]}}', name('z'), false],
    ['{"display_name":{"$nin":["debug"]}}', name('prod'), true],
    ['{"display_name":{"$nin":["debug"]}}', name('debug'), false],
    ['{"display_name":{"$exists":true}}', name(''), true],
    ['{"display_name":{"$exists":true}}', {}, false],
    ['{"display_name":{"$exists":false}}', {}, true],
    // $regex is an unanchored RE2 search; anchors anchor.
    ['{"display_name":{"$regex":"prod"}}', name('my-prod-run'), true],
    ['{"display_name":{"$regex":"^prod-"}}', name('my-prod-run'), false],
    ['{"display_name":{"$regex":"^exp-\\\\d+$"}}', name('exp-42'), true],
    ['{"display_name":{"$regex":"^exp-\\\\d+$"}}', name('exp-42b'), false],
    ['{"display_name":{"$regex":"(?i)PROD"}}', name('prod'), true],
    // $contains is a substring test, not a pattern.
    ['{"display_name":{"$contains":"debug"}}', name('run-debug-3'), true],
    ['{"display_name":{"$contains":"d.bug"}}', name('run-debug-3'), false],
    ['{"display_name":{"$contains":""}}', name('x'), true],
    // Several operators in one condition must all hold.
    ['{"display_name":{"$gte":"a","$lt":"c"}}', name('b'), true],
    ['{"display_name":{"$gte":"a","$lt":"c"}}', name('c'), false],
    // Array fields: a condition holds when some element satisfies it.
    ['{"alias":{"$eq":"prod"}}', { alias: ['latest', 'prod'] }, true],
    ['{"alias":{"$ne":"prod"}}', { alias: ['latest', 'prod'] }, false],
    ['{"alias":{"$regex":"^v"}}', { alias: ['latest', 'v2'] }, true],
    ['{"alias":{"$size":2}}', { alias: ['latest', 'v2'] }, true],
    ['{"alias":{"$all":["latest","v2"]}}', { alias: ['latest', 'v2', 'x'] }, true],
    ['{"alias":{"$all":["latest","v3"]}}', { alias: ['latest', 'v2'] }, false],
    // Logical nodes.
    ['{"$and":[]}', {}, true],
    ['{"$or":[{"$and":[]}]}', {}, true],
    ['{"$or":[{"display_name":{"$eq":"a"}},{"display_name":{"$eq":"b"}}]}', name('b'), true],
    ['{"$nor":[{"display_name":{"$eq":"a"}},{"display_name":{"$eq":"b"}}]}', name('b'), false],
    ['{"$nor":[{"display_name":{"$eq":"a"}},{"display_name":{"$eq":"b"}}]}', name('c'), true],
    ['{"$not":{"display_name":{"$contains":"debug"}}}', name('prod-debug'), false],
    ['{"$not":{"$and":[{"display_name":{"$gt":"a"}},{"display_name":{"$lt":"c"}}]}}', name('b'), false],
    // A raw value is `$eq`; several keys are an `$and` (spec §4.5).
    ['{"display_name":"a"}', name('a'), true],
    ['{"display_name":"a","alias":"b"}', { display_name: 'a', alias: 'c' }, false],
    ['{}', name('a'), true],
  ] as const)('%s on %j is %s', (json, document, expected) => {
    expect(matches(json, document)).toBe(expected);
  });

  test('strings order by code point (UTF-8 byte order), not UTF-16 unit', () => {
    // U+FF21 (fullwidth A) is one UTF-16 unit; U+1F600 is two, starting with 0xD83D < 0xFF21.
    expect('😀' < 'Ａ').toBe(true);
    expect(compareCodePoints('😀', 'Ａ')).toBe(1);
    expect(matches('{"display_name":{"$gt":"Ａ"}}', { display_name: '😀' })).toBe(true);
    expect(compareCodePoints('ab', 'abc')).toBe(-1);
    expect(compareCodePoints('abc', 'abc')).toBe(0);
  });

  test('assumed points and unknown parts are reported, never thrown', () => {
    expect(
      [...filter('{"$and":[{"$not":{"display_name":{"$regex":"x"}}},{"display_name":{"$gt":"a"}}]}').points].sort(),
    ).toEqual(['negation', 'regex-dialect', 'string-order']);
    expect([...filter('{"config.lr":{"$gt":1}}').points]).toEqual(['other-fields']);
    const unknown = filter('{"display_name":{"$near":[1,2]}}');
    expect(unknown.problems).toEqual(['the operator "$near" is unknown, so it cannot be evaluated']);
    expect(unknown.matches({ display_name: 'x' })).toBe(false);
    expect(filter('{"display_name":{"$regex":"(?<=x)y"}}').problems).toEqual([
      'the pattern "(?<=x)y" is not a valid RE2 regular expression',
    ]);
    expect(filter('{"$weird":1}').problems).toEqual(['the operator "$weird" is unknown, so it cannot be evaluated']);
  });
});

describe('the compiler’s lowered where clauses, evaluated on the real payload', () => {
  test('the kitchen-sink filter that uses every operator', () => {
    const rule = `automation "galore" on run metric "loss" > 1
  where (run.name == "a" or run.name != "b") and run.name in ["x", "y"]
    and run.name not in ["debug"] and run.name exists and not (run.name < "m" or run.name >= "z")
    and run.name <= "zz" and run.name > "0"
  -> nothing`;
    // "x" and "y" are the only names in the list; both are ≥ "m" and < "z".
    const runs = ['x', 'y', 'b', 'debug', 'a'].map((n) => run(n, { loss: '2' }));
    expect(brief(evaluateRules(rule, runs))).toEqual(['galore@x:0', 'galore@y:0']);
  });

  test('matches and contains under not', () => {
    const rule = `automation "floor" on run metric "acc" < 0.5 where run.name matches "^prod-" and not run.name contains "debug" -> nothing`;
    const runs = ['prod-1', 'prod-debug', 'dev-1', 'xprod-1'].map((n) => run(n, { acc: '0.1' }));
    expect(brief(evaluateRules(rule, runs))).toEqual(['floor@prod-1:0']);
  });
});
