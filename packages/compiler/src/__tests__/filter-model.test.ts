import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  andFilter,
  type FilterNode,
  fieldConditionFilter,
  fieldFilter,
  filterEquals,
  filterFromJson,
  filterToJson,
  filterToString,
  negate,
  normalizeMutationFilter,
  normalizeRunFilter,
  norFilter,
  notFilter,
  opaqueFilter,
  operatorFilter,
  orFilter,
  simplifyOnce,
  type ValueOperator,
  wrapAnd,
} from '../model/filter-model.js';
import { type JsonText, jsonArray, jsonBool, jsonInt, jsonObject, jsonString, stringify } from '../json/json-text.js';
import { asString, loadVectorCases, member, parseOrThrow, type VectorCase } from './vectors.js';

// ---------------------------------------------------------------------------
// Harness: the SDK builder vocabulary, so table rows read like the spec's.
// ---------------------------------------------------------------------------

const s = jsonString;
const leaf = (field: string, op: string, operand: JsonText): FilterNode => fieldFilter(field, op, operand);
/** `RunEvent.name` is written as `display_name`. */
const name = {
  eq: (v: string) => leaf('display_name', '$eq', s(v)),
  ne: (v: string) => leaf('display_name', '$ne', s(v)),
  gt: (v: string) => leaf('display_name', '$gt', s(v)),
  gte: (v: string) => leaf('display_name', '$gte', s(v)),
  lt: (v: string) => leaf('display_name', '$lt', s(v)),
  lte: (v: string) => leaf('display_name', '$lte', s(v)),
  in: (...v: string[]) => leaf('display_name', '$in', jsonArray(v.map(s))),
  notIn: (...v: string[]) => leaf('display_name', '$nin', jsonArray(v.map(s))),
  exists: (b = true) => leaf('display_name', '$exists', jsonBool(b)),
  regex: (v: string) => leaf('display_name', '$regex', s(v)),
  contains: (v: string) => leaf('display_name', '$contains', s(v)),
};
const alias = {
  eq: (v: string) => leaf('alias', '$eq', s(v)),
  regex: (v: string) => leaf('alias', '$regex', s(v)),
  in: (...v: string[]) => leaf('alias', '$in', jsonArray(v.map(s))),
};
const tag = {
  eq: (v: string) => leaf('tag', '$eq', s(v)),
  regex: (v: string) => leaf('tag', '$regex', s(v)),
};
/** The SDK's `a & b` and `a | b` build two-child nodes; chains nest to the left. */
const and = (...xs: FilterNode[]) => andFilter(xs);
const or = (...xs: FilterNode[]) => orFilter(xs);
const nor = (...xs: FilterNode[]) => norFilter(xs);
const not = notFilter;
const op = (o: ValueOperator, operand: JsonText) => operatorFilter(o, operand);

const spell = (x: FilterNode) => filterToString(x);
const runFilter = (x: FilterNode | undefined) => spell(normalizeRunFilter(x));
const mutationFilter = (x: FilterNode | undefined) => spell(normalizeMutationFilter(x));

function fromJsonText(text: string): FilterNode {
  const result = filterFromJson(parseOrThrow(text));
  if (!result.ok) throw new Error(`${result.error.message} at ${result.error.path.join('.')}`);
  return result.filter;
}

// ---------------------------------------------------------------------------
// Spec tables
// ---------------------------------------------------------------------------

describe('run filter (spec §4.4 table)', () => {
  it.each<[string, FilterNode | undefined, string]>([
    ['no filter', undefined, '{"$and":[]}'],
    ['name == "baseline"', name.eq('baseline'), '{"$and":[{"display_name":{"$eq":"baseline"}}]}'],
    [
      '(name >= "a") & (name <= "m")',
      and(name.gte('a'), name.lte('m')),
      '{"$and":[{"display_name":{"$gte":"a"}},{"display_name":{"$lte":"m"}}]}',
    ],
    [
      '(name == "a") | (name == "b")',
      or(name.eq('a'), name.eq('b')),
      '{"$and":[{"$or":[{"display_name":{"$eq":"a"}},{"display_name":{"$eq":"b"}}]}]}',
    ],
    [
      '~((name == "a") | (name == "b"))',
      negate(or(name.eq('a'), name.eq('b'))),
      '{"$and":[{"$nor":[{"display_name":{"$eq":"a"}},{"display_name":{"$eq":"b"}}]}]}',
    ],
    [
      '~name.contains("debug")',
      negate(name.contains('debug')),
      '{"$and":[{"$not":{"display_name":{"$contains":"debug"}}}]}',
    ],
    ['~~(name == "keep")', negate(negate(name.eq('keep'))), '{"$and":[{"display_name":{"$eq":"keep"}}]}'],
  ])('%s', (_label, filter, expected) => {
    expect(runFilter(filter)).toBe(expected);
  });
});

describe('mutation filter (spec §4.1 table)', () => {
  it.each<[string, FilterNode | undefined, string]>([
    ['none', undefined, '{"$or":[{"$and":[]}]}'],
    ['alias matches "prod-.*"', alias.regex('prod-.*'), '{"$or":[{"$and":[{"alias":{"$regex":"prod-.*"}}]}]}'],
    [
      'alias == "prod" and tag == "v2"',
      and(alias.eq('prod'), tag.eq('v2')),
      '{"$or":[{"$and":[{"alias":{"$eq":"prod"}},{"tag":{"$eq":"v2"}}]}]}',
    ],
    [
      'alias == "prod" or alias == "staging"',
      or(alias.eq('prod'), alias.eq('staging')),
      '{"$or":[{"$and":[{"$or":[{"alias":{"$eq":"prod"}},{"alias":{"$eq":"staging"}}]}]}]}',
    ],
    ['not (alias == "prod")', negate(alias.eq('prod')), '{"$or":[{"$and":[{"$not":{"alias":{"$eq":"prod"}}}]}]}'],
    ['raw {"alias": "prod"}', fromJsonText('{"alias":"prod"}'), '{"$or":[{"$and":[{"alias":{"$eq":"prod"}}]}]}'],
    ['raw {}', fromJsonText('{}'), '{"$or":[{"$and":[{}]}]}'],
  ])('%s', (_label, filter, expected) => {
    expect(mutationFilter(filter)).toBe(expected);
  });

  it('re-normalizes an already wrapped filter to itself', () => {
    const wrapped = '{"$or":[{"$and":[{"alias":{"$regex":"x"}}]}]}';
    expect(mutationFilter(fromJsonText(wrapped))).toBe(wrapped);
    const twoTerms = '{"$or":[{"$and":[{"alias":{"$eq":"a"}},{"tag":{"$eq":"b"}}]}]}';
    expect(mutationFilter(fromJsonText(twoTerms))).toBe(twoTerms);
  });
});

describe('negate (spec §4.5 "Negation at build time")', () => {
  const a = name.eq('a');
  const b = name.eq('b');
  it.each<[string, FilterNode, string]>([
    ['a field leaf gains $not, never $ne', a, '{"$not":{"display_name":{"$eq":"a"}}}'],
    ['a $in leaf gains $not, never $nin', name.in('x'), '{"$not":{"display_name":{"$in":["x"]}}}'],
    ['$or becomes $nor', or(a, b), '{"$nor":[{"display_name":{"$eq":"a"}},{"display_name":{"$eq":"b"}}]}'],
    ['$nor becomes $or', nor(a, b), '{"$or":[{"display_name":{"$eq":"a"}},{"display_name":{"$eq":"b"}}]}'],
    ['$not y becomes y', not(a), '{"display_name":{"$eq":"a"}}'],
    [
      '$and becomes $not $and',
      and(a, b),
      '{"$not":{"$and":[{"display_name":{"$eq":"a"}},{"display_name":{"$eq":"b"}}]}}',
    ],
    ['an operator node inverts like its SDK class ($in)', op('$in', jsonArray([jsonInt(1)])), '{"$nin":[1]}'],
    ['an operator node inverts like its SDK class ($exists)', op('$exists', jsonBool(true)), '{"$exists":false}'],
    ['an operator node without an inverse gains $not', op('$regex', s('x')), '{"$not":{"$regex":"x"}}'],
    ['an opaque node gains $not', opaqueFilter(jsonObject([])), '{"$not":{}}'],
  ])('%s', (_label, x, expected) => {
    expect(spell(negate(x))).toBe(expected);
  });
});

describe('simplifyOnce (spec §4.5 rules 1–3)', () => {
  const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((v) => leaf(v, '$eq', jsonInt(1))) as [
    FilterNode,
    FilterNode,
    FilterNode,
    FilterNode,
  ];
  const A = '{"a":{"$eq":1}}';
  const B = '{"b":{"$eq":1}}';
  const C = '{"c":{"$eq":1}}';
  const D = '{"d":{"$eq":1}}';
  const arr = (v: JsonText[]) => jsonArray(v);
  it.each<[string, FilterNode, string]>([
    // Rule 1.
    ['(a & b) & (c & d) is one $and of four', and(and(a, b), and(c, d)), `{"$and":[${A},${B},${C},${D}]}`],
    ['a | b | c is one $or of three', or(or(a, b), c), `{"$or":[${A},${B},${C}]}`],
    ['$nor chains splice too', nor(nor(a, nor(b)), c), `{"$nor":[${A},${B},${C}]}`],
    ['splicing follows whole chains', and(and(and(and(a)), b)), `{"$and":[${A},${B}]}`],
    ['$and[$and[], $and[]] is $and[]', and(and(), and()), '{"$and":[]}'],
    ['an empty $and stays', and(), '{"$and":[]}'],
    ['an empty $or stays', or(), '{"$or":[]}'],
    ['an empty $nor stays', nor(), '{"$nor":[]}'],
    ['a one-child $or disappears', or(a), A],
    ['a one-child $nor disappears (as the SDK does)', nor(a), A],
    ['different operators do not splice', and(or(a, b), c), `{"$and":[{"$or":[${A},${B}]},${C}]}`],
    ['children are simplified', and(or(or(a, b)), c), `{"$and":[{"$or":[${A},${B}]},${C}]}`],
    [
      'splicing precedes simplification (one pass leaves a nested $and)',
      and(c, or(and(a, b))),
      `{"$and":[${C},{"$and":[${A},${B}]}]}`,
    ],
    // Rule 2.
    ['$not $not y is y', not(not(a)), A],
    ['$not $not is simplified further', not(not(and(and(a, b)))), `{"$and":[${A},${B}]}`],
    ['$not $or is $nor', not(or(a, b)), `{"$nor":[${A},${B}]}`],
    ['$not $nor is $or', not(nor(a, b)), `{"$or":[${A},${B}]}`],
    ['$not $nor of one child is that child', not(nor(a)), A],
    ['$not $in is $nin', not(op('$in', arr([jsonInt(1)]))), '{"$nin":[1]}'],
    ['$not $nin is $in', not(op('$nin', arr([s('x')]))), '{"$in":["x"]}'],
    ['$not $eq is $ne', not(op('$eq', s('x'))), '{"$ne":"x"}'],
    ['$not $ne is $eq', not(op('$ne', s('x'))), '{"$eq":"x"}'],
    ['$not $gt is $lte', not(op('$gt', jsonInt(1))), '{"$lte":1}'],
    ['$not $lte is $gt', not(op('$lte', jsonInt(1))), '{"$gt":1}'],
    ['$not $lt is $gte', not(op('$lt', jsonInt(1))), '{"$gte":1}'],
    ['$not $gte is $lt', not(op('$gte', jsonInt(1))), '{"$lt":1}'],
    ['$not $exists true is $exists false', not(op('$exists', jsonBool(true))), '{"$exists":false}'],
    ['$not $exists false is $exists true', not(op('$exists', jsonBool(false))), '{"$exists":true}'],
    ['$not over a field leaf is kept', not(a), `{"$not":${A}}`],
    ['$not over $and is kept, its child simplified', not(and(and(a, b))), `{"$not":{"$and":[${A},${B}]}}`],
    ['$not over a one-child $and keeps the $not', not(and(a)), `{"$not":${A}}`],
    ['$not over $regex is kept', not(op('$regex', s('^x'))), '{"$not":{"$regex":"^x"}}'],
    ['$not over $contains is kept', not(op('$contains', s('x'))), '{"$not":{"$contains":"x"}}'],
    ['$not over $size is kept', not(op('$size', jsonInt(2))), '{"$not":{"$size":2}}'],
    ['$not over an opaque node is kept', not(opaqueFilter(jsonObject([['$foo', jsonInt(1)]]))), '{"$not":{"$foo":1}}'],
    // Rule 3.
    ['a field leaf is never rewritten', leaf('f', '$ne', s('x')), '{"f":{"$ne":"x"}}'],
    [
      'a field leaf holding $not $in is left as given',
      fieldConditionFilter('f', jsonObject([['$not', jsonObject([['$in', arr([jsonInt(1)])]])]])),
      '{"f":{"$not":{"$in":[1]}}}',
    ],
    [
      'a field leaf with several operators is left as given',
      fieldConditionFilter(
        'f',
        jsonObject([
          ['$gt', jsonInt(1)],
          ['$lt', jsonInt(5)],
        ]),
      ),
      '{"f":{"$gt":1,"$lt":5}}',
    ],
  ])('%s', (_label, x, expected) => {
    expect(spell(simplifyOnce(x))).toBe(expected);
  });

  it('wrapAnd leaves an $and alone and wraps anything else', () => {
    const x = and(a, b);
    expect(wrapAnd(x)).toBe(x);
    expect(spell(wrapAnd(or(a, b)))).toBe(`{"$and":[{"$or":[${A},${B}]}]}`);
  });

  it('normalization iterates to the fixed point where one pass does not', () => {
    const x = and(c, or(and(a, b)));
    expect(spell(wrapAnd(simplifyOnce(x)))).toBe(`{"$and":[${C},{"$and":[${A},${B}]}]}`);
    expect(runFilter(x)).toBe(`{"$and":[${C},${A},${B}]}`);
    // Negations that only meet after a pass: $not $and[$or] → $not $or → $nor.
    const y = not(and(or(a, b)));
    expect(spell(simplifyOnce(y))).toBe(`{"$not":{"$or":[${A},${B}]}}`);
    expect(runFilter(y)).toBe(`{"$and":[{"$nor":[${A},${B}]}]}`);
  });
});

describe('filterFromJson (spec §4.5 raw dict rules)', () => {
  it.each<[string, string, string]>([
    ['{} stays {}', '{}', '{}'],
    ['a single known $op key is that operator', '{"$in":[1,2]}', '{"$in":[1,2]}'],
    ['a single unknown $key is opaque', '{"$where":"x > 1"}', '{"$where":"x > 1"}'],
    ['{field: {...}} is a leaf, kept as given', '{"f":{"$gt":1.0,"$foo":[]}}', '{"f":{"$gt":1.0,"$foo":[]}}'],
    ['{field: value} is an implicit $eq', '{"alias":"prod"}', '{"alias":{"$eq":"prod"}}'],
    ['{field: array} is an implicit $eq too', '{"f":[1,"a"]}', '{"f":{"$eq":[1,"a"]}}'],
    ['{field: null} is an implicit $eq', '{"f":null}', '{"f":{"$eq":null}}'],
    ['{field: {}} is a leaf with an empty condition', '{"f":{}}', '{"f":{}}'],
    [
      'several keys are an $and of one-key objects, in order',
      '{"b":1,"a":{"$ne":2},"$or":[{"c":3}]}',
      '{"$and":[{"b":{"$eq":1}},{"a":{"$ne":2}},{"$or":[{"c":{"$eq":3}}]}]}',
    ],
    ['several keys inside $not', '{"$not":{"a":1,"b":2}}', '{"$not":{"$and":[{"a":{"$eq":1}},{"b":{"$eq":2}}]}}'],
    [
      'logical operators recurse',
      '{"$nor":[{"a":1},{"$not":{"$exists":true}}]}',
      '{"$nor":[{"a":{"$eq":1}},{"$not":{"$exists":true}}]}',
    ],
    ['integer-like field names keep their order', '{"10":1,"2":2}', '{"$and":[{"10":{"$eq":1}},{"2":{"$eq":2}}]}'],
  ])('%s', (_label, raw, expected) => {
    expect(spell(fromJsonText(raw))).toBe(expected);
  });

  it.each<[string, string, (string | number)[]]>([
    ['a filter that is not an object', '[1]', []],
    ['$and without an array', '{"$and":{"a":1}}', ['$and']],
    ['$or with a non-object child', '{"$or":[{"a":1},2]}', ['$or', 1]],
    ['$not over a non-object', '{"$not":true}', ['$not']],
    ['a nested error keeps its path', '{"x":1,"$and":[{"$nor":[3]}]}', ['$and', 0, '$nor', 0]],
  ])('reports %s', (_label, raw, path) => {
    const result = filterFromJson(parseOrThrow(raw));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.path).toEqual(path);
  });
});

// ---------------------------------------------------------------------------
// Golden vectors
// ---------------------------------------------------------------------------

const RUN_EVENT_FILES = [
  'create-run-filters.json',
  'create-run-metric-threshold.json',
  'create-run-metric-change.json',
  'create-run-metric-zscore.json',
  'create-run-state.json',
  'create-odd-inputs.json',
  'create-scopes-and-fields.json',
  'create-actions.json',
];
const MUTATION_FILES = [
  'create-mutation-events.json',
  'create-odd-inputs.json',
  'create-scopes-and-fields.json',
  'create-actions.json',
];

/** The exact eventFilter string a case expects, or undefined for cases without one. */
function expectedEventFilter(c: VectorCase): string | undefined {
  const expected = member(c.json, 'expected');
  if (expected.kind !== 'object') return undefined;
  const ef = expected.entries.find(([k]) => k === 'eventFilter')?.[1];
  return ef?.kind === 'string' ? ef.value : undefined;
}

function runCases(): [string, VectorCase, string][] {
  return RUN_EVENT_FILES.flatMap((file) =>
    loadVectorCases(file).flatMap((c): [string, VectorCase, string][] => {
      const ef = expectedEventFilter(c);
      if (ef === undefined) return [];
      const parsed = parseOrThrow(ef);
      if (parsed.kind !== 'object' || parsed.entries[0]?.[0] !== 'run_filter') return [];
      return [[c.id, c, asString(member(parsed, 'run_filter'))]];
    }),
  );
}

function mutationCases(): [string, VectorCase, string][] {
  return MUTATION_FILES.flatMap((file) =>
    loadVectorCases(file).flatMap((c): [string, VectorCase, string][] => {
      const ef = expectedEventFilter(c);
      if (ef === undefined || !ef.startsWith('{"$or":')) return [];
      return [[c.id, c, ef]];
    }),
  );
}

describe('vectors: run filters', () => {
  const cases = runCases();

  it('finds the run-filter vectors', () => {
    expect(cases.map(([id]) => id)).toEqual(expect.arrayContaining(['rf-eq', 'rf-single-child-or-fixed-point']));
    expect(cases.length).toBeGreaterThanOrEqual(16);
  });

  it.each(cases)('%s: decoded run_filter normalizes to the exact string', (_id, c, expected) => {
    const decoded = asString(member(c.json, 'decoded', 'eventFilter', 'run_filter'));
    expect(runFilter(fromJsonText(decoded))).toBe(expected);
  });

  /** The SDK builder expressions of create-run-filters.json, rebuilt with the model. */
  const built: Record<string, FilterNode> = {
    'rf-eq': name.eq('baseline'),
    'rf-ne': name.ne('baseline'),
    'rf-gt': name.gt('run-100'),
    'rf-gte-lte-range': and(name.gte('a'), name.lte('m')),
    'rf-lt': name.lt('z'),
    'rf-in': name.in('exp-a', 'exp-b'),
    'rf-nin': name.notIn('debug', 'scratch'),
    'rf-exists': name.exists(),
    'rf-regex-backslash': name.regex('^exp-\\d+$'),
    'rf-contains': name.contains('sweep'),
    'rf-or': or(name.eq('a'), name.eq('b')),
    'rf-nor-from-inverted-or': negate(or(name.eq('a'), name.eq('b'))),
    'rf-not-expr': negate(name.contains('debug')),
    'rf-double-negation': negate(negate(name.eq('keep'))),
    'rf-single-child-or-fixed-point': and(name.eq('c'), or(and(name.eq('a'), name.eq('b')))),
    'rf-and-flatten': and(and(name.ne('a'), name.ne('b')), name.contains('c')),
    'odd-unicode-metric-and-run-name': name.contains('实验 "q"'),
    'odd-raw-dict-run-metric-filter': fromJsonText('{"display_name":{"$regex":"^prod"}}'),
  };

  it.each(Object.entries(built))('%s: the builder expression lowers to the vector', (id, filter) => {
    const found = cases.find(([caseId]) => caseId === id);
    expect(found, id).toBeDefined();
    if (found) expect(runFilter(filter)).toBe(found[2]);
  });

  it('covers every case of create-run-filters.json with a builder expression', () => {
    const ids = loadVectorCases('create-run-filters.json').map((c) => c.id);
    expect(ids.filter((id) => !(id in built))).toEqual([]);
  });
});

describe('vectors: mutation event filters', () => {
  const cases = mutationCases();

  it('finds the mutation vectors', () => {
    expect(cases.length).toBeGreaterThanOrEqual(13);
  });

  it.each(cases)('%s: decoded eventFilter normalizes to the exact string', (_id, c, expected) => {
    const decoded = member(c.json, 'decoded', 'eventFilter');
    const result = filterFromJson(decoded);
    expect(result.ok).toBe(true);
    if (result.ok) expect(mutationFilter(result.filter)).toBe(expected);
  });

  const built: Record<string, FilterNode | undefined> = {
    'mut-link-alias-regex': alias.regex('prod-.*'),
    'mut-link-no-filter': undefined,
    'mut-create-artifact-alias-regex': alias.regex('^prod-.*'),
    'mut-create-artifact-no-filter': undefined,
    'mut-add-alias-regex-project': alias.regex('^prod-.*'),
    'mut-add-artifact-tag-regex': tag.regex('^prod-.*'),
    'mut-remove-artifact-tag-project': tag.regex('^prod-.*'),
    'mut-add-collection-tag': tag.regex('^prod-.*'),
    'mut-remove-collection-tag-team': tag.eq('deprecated'),
    'mut-unlink-no-filter': undefined,
    'mut-alias-or': or(alias.eq('prod'), alias.eq('staging')),
    'mut-alias-and-tag': and(alias.eq('prod'), tag.eq('v2')),
    'mut-alias-in-registry': alias.in('prod', 'staging'),
    'odd-raw-dict-mutation-filter-implicit-eq': fromJsonText('{"alias":"prod"}'),
    'odd-raw-empty-dict-mutation-filter': fromJsonText('{}'),
  };

  it.each(Object.entries(built))('%s: the builder expression lowers to the vector', (id, filter) => {
    const found = cases.find(([caseId]) => caseId === id);
    expect(found, id).toBeDefined();
    if (found) expect(mutationFilter(filter)).toBe(found[2]);
  });

  it('covers every case of create-mutation-events.json with a builder expression', () => {
    const ids = loadVectorCases('create-mutation-events.json').map((c) => c.id);
    expect(ids.filter((id) => !(id in built))).toEqual([]);
  });
});

describe('vectors: saved filters re-sent by updates', () => {
  /** Updates that keep the saved event re-send its filter, re-normalized and re-spelled (Python's `", "` spacing gone). */
  const cases = loadVectorCases('update.json').filter(
    (c) => !asString(member(c.json, 'sdk_expression')).includes('event='),
  );

  it('finds update cases that keep the saved event', () => {
    expect(cases.length).toBeGreaterThanOrEqual(4);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const saved = parseOrThrow(asString(member(c.json, 'saved_trigger', 'event', 'filter')));
    const expected = asString(member(c.json, 'expected', 'eventFilter'));
    if (saved.kind === 'object' && saved.entries[0]?.[0] === 'filter') {
      // Mutation events come back inside one more `{"filter": ...}` layer (spec §8.4).
      const result = filterFromJson(member(saved, 'filter'));
      expect(result.ok && mutationFilter(result.filter)).toBe(expected);
    } else {
      const savedRun = fromJsonText(asString(member(saved, 'run_filter')));
      expect(runFilter(savedRun)).toBe(asString(member(parseOrThrow(expected), 'run_filter')));
    }
  });
});

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

const scalar = fc.oneof(
  fc.string({ maxLength: 3 }).map(jsonString),
  fc.integer({ min: -5, max: 5 }).map(jsonInt),
  fc.boolean().map(jsonBool),
);
const valueOperator = fc.constantFrom<ValueOperator>(
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$exists',
  '$regex',
  '$contains',
);
const filterTree: fc.Arbitrary<FilterNode> = fc.letrec<{ node: FilterNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(fc.constantFrom('a', 'b', 'display_name'), valueOperator, scalar).map(([f, o, v]) => fieldFilter(f, o, v)),
    fc
      .tuple(valueOperator, scalar)
      .map(([o, v]) => operatorFilter(o, o === '$exists' ? jsonBool(v.kind === 'bool' && v.value) : v)),
    fc.constant(opaqueFilter(jsonObject([]))),
    fc.array(tie('node'), { maxLength: 3 }).map(andFilter),
    fc.array(tie('node'), { maxLength: 3 }).map(orFilter),
    fc.array(tie('node'), { maxLength: 3 }).map(norFilter),
    tie('node').map(notFilter),
    tie('node').map(negate),
  ),
})).node;

describe('normalization properties', () => {
  it('is idempotent for run and mutation filters', () => {
    fc.assert(
      fc.property(filterTree, (x) => {
        const run = normalizeRunFilter(x);
        expect(spell(normalizeRunFilter(run))).toBe(spell(run));
        const mutation = normalizeMutationFilter(x);
        expect(spell(normalizeMutationFilter(mutation))).toBe(spell(mutation));
      }),
      { numRuns: 3_000 },
    );
  });

  it('is stable through the JSON text (saved filters re-send unchanged)', () => {
    fc.assert(
      fc.property(filterTree, (x) => {
        for (const normalize of [normalizeRunFilter, normalizeMutationFilter]) {
          const text = spell(normalize(x));
          const reread = filterFromJson(parseOrThrow(text));
          expect(reread.ok).toBe(true);
          if (reread.ok) expect(spell(normalize(reread.filter))).toBe(text);
        }
      }),
      { numRuns: 3_000 },
    );
  });

  it('reaches a point that one more simplify-and-wrap step leaves alone', () => {
    fc.assert(
      fc.property(filterTree, (x) => {
        const run = normalizeRunFilter(x);
        expect(filterEquals(wrapAnd(simplifyOnce(run)), run)).toBe(true);
        const mutation = normalizeMutationFilter(x);
        expect(filterEquals(orFilter([wrapAnd(simplifyOnce(mutation))]), mutation)).toBe(true);
        expect(mutation.operator).toBe('$or');
        expect(mutation.children).toHaveLength(1);
      }),
      { numRuns: 3_000 },
    );
  });

  it('round-trips filterToJson through filterFromJson', () => {
    fc.assert(
      fc.property(filterTree, (x) => {
        const json = filterToJson(x);
        const back = filterFromJson(json);
        expect(back.ok && stringify(filterToJson(back.filter))).toBe(stringify(json));
      }),
      { numRuns: 3_000 },
    );
  });
});
