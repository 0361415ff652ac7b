/**
 * Matches the MongoDB-style filters of W&B payloads (spec §4.4) against a
 * run or an artifact event. The filter comes from the compiler's filter model
 * (`filterFromJson` over the decoded payload), so what is matched is what
 * the compiler lowered, not a re-reading of the rule.
 *
 * Semantics are MongoDB's where W&B says nothing else: a condition on an
 * array field holds when it holds for some element, `$ne`/`$nin` match a
 * missing field, comparisons only compare values of the same type. The two
 * W&B-specific points: `$contains` is a substring test and `$regex` is an
 * unanchored RE2 search.
 */

import type { FilterNode, JsonObject, JsonText } from '@wbrules/compiler';
import { RE2JS } from 're2js';
import { jsonNumber } from './decode-trigger.js';
import type { SemanticPointId } from './semantic-points.js';

/** A value a filter field holds. */
export type FieldValue = string | number | boolean | null | readonly FieldValue[];

/** What a filter is matched against: field name to value; an absent key is a missing field. */
export type FilterDocument = Readonly<Record<string, FieldValue>>;

/** A compiled filter. */
export interface CompiledFilter {
  readonly matches: (document: FilterDocument) => boolean;
  /** Semantic points the filter's verdicts rest on (`negation`, `regex-dialect`, ...). */
  readonly points: ReadonlySet<SemanticPointId>;
  /** Parts of the filter that cannot be evaluated (they never match); one lowercase sentence each. */
  readonly problems: readonly string[];
  /** The fields the filter reads. */
  readonly fields: ReadonlySet<string>;
}

type Matcher = (document: FilterDocument) => boolean;
type Test = (value: FieldValue | undefined) => boolean;

const never: Matcher = () => false;

/**
 * Compiles `filter` into a predicate. `knownFields` are the fields the event
 * exposes (W&B documents them); any other field is read as missing and flags
 * the `other-fields` point.
 */
export function compileFilter(filter: FilterNode, knownFields: ReadonlySet<string>): CompiledFilter {
  const points = new Set<SemanticPointId>();
  const problems: string[] = [];
  const fields = new Set<string>();
  const compile = (node: FilterNode): Matcher => {
    switch (node.kind) {
      case 'LogicalFilter': {
        const children = node.children.map(compile);
        if (node.operator === '$and') return (d) => children.every((c) => c(d));
        if (node.operator === '$or') return (d) => children.some((c) => c(d));
        points.add('negation');
        return (d) => !children.some((c) => c(d));
      }
      case 'NotFilter': {
        points.add('negation');
        const child = compile(node.child);
        return (d) => !child(d);
      }
      case 'FieldFilter': {
        fields.add(node.field);
        if (!knownFields.has(node.field)) points.add('other-fields');
        const test = conditionTest(node.condition, points, problems);
        const { field } = node;
        return (d) => test(Object.hasOwn(d, field) ? d[field] : undefined);
      }
      case 'OperatorFilter':
        problems.push(`the operator "${node.operator}" stands outside a field, so it cannot be evaluated`);
        return never;
      case 'OpaqueFilter': {
        if (node.json.entries.length === 0) return () => true;
        const [key] = node.json.entries[0] as readonly [string, JsonText];
        problems.push(`the operator "${key}" is unknown, so it cannot be evaluated`);
        return never;
      }
    }
  };
  return { matches: compile(filter), points, problems, fields };
}

/** The test of one field condition `{op: operand, ...}`: every operator must hold. */
function conditionTest(condition: JsonObject, points: Set<SemanticPointId>, problems: string[]): Test {
  if (condition.entries.some(([key]) => !key.startsWith('$'))) {
    // MongoDB reads such a condition as equality with an embedded document; no field here holds one.
    return () => false;
  }
  const tests = condition.entries.map(([op, operand]) => operatorTest(op, operand, points, problems));
  if (tests.length === 1) return tests[0] as Test;
  return (value) => tests.every((t) => t(value));
}

function operatorTest(op: string, operand: JsonText, points: Set<SemanticPointId>, problems: string[]): Test {
  const x = fieldValueOf(operand);
  switch (op) {
    case '$eq':
      return (v) => equals(v, x);
    case '$ne':
      return (v) => !equals(v, x);
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      if (typeof x === 'string') points.add('string-order');
      const accept = ordering(op);
      return (v) =>
        anyElement(v, (e) => {
          const c = compare(e, x);
          return c !== undefined && accept(c);
        });
    }
    case '$in':
    case '$nin': {
      if (!Array.isArray(x)) {
        problems.push(`"${op}" needs an array`);
        return () => false;
      }
      const list = x as readonly FieldValue[];
      const isIn: Test = (v) => list.some((item) => equals(v, item));
      return op === '$in' ? isIn : (v) => !isIn(v);
    }
    case '$exists': {
      const want = !(x === false || x === 0 || x === null);
      return (v) => (v !== undefined) === want;
    }
    case '$regex': {
      points.add('regex-dialect');
      if (typeof x !== 'string') {
        problems.push('"$regex" needs a string pattern');
        return () => false;
      }
      let pattern: RE2JS;
      try {
        pattern = RE2JS.compile(x);
      } catch {
        problems.push(`the pattern "${x}" is not a valid RE2 regular expression`);
        return () => false;
      }
      return (v) => anyElement(v, (e) => typeof e === 'string' && pattern.matcher(e).find());
    }
    case '$contains': {
      if (typeof x !== 'string') {
        problems.push('"$contains" needs a string');
        return () => false;
      }
      return (v) => anyElement(v, (e) => typeof e === 'string' && e.includes(x));
    }
    case '$size':
      return (v) => Array.isArray(v) && v.length === x;
    case '$all': {
      if (!Array.isArray(x) || x.length === 0) return () => false;
      const list = x as readonly FieldValue[];
      return (v) => list.every((item) => equals(v, item));
    }
    default:
      problems.push(`the operator "${op}" is unknown, so it cannot be evaluated`);
      return () => false;
  }
}

/** A payload operand as a field value (objects cannot occur in the fields matched here). */
function fieldValueOf(json: JsonText): FieldValue {
  switch (json.kind) {
    case 'string':
      return json.value;
    case 'bool':
      return json.value;
    case 'null':
      return null;
    case 'array':
      return json.items.map(fieldValueOf);
    case 'object':
      return json.entries.map(([, value]) => fieldValueOf(value));
    default:
      return jsonNumber(json) as number;
  }
}

/** MongoDB equality: a missing field equals `null`; an array field equals `x` when it is `x` or holds it. */
function equals(v: FieldValue | undefined, x: FieldValue): boolean {
  if (v === undefined) return x === null;
  if (Array.isArray(v) && !Array.isArray(x)) return v.some((e) => sameValue(e, x));
  return sameValue(v, x) || (Array.isArray(v) && v.some((e) => sameValue(e, x)));
}

function sameValue(a: FieldValue, b: FieldValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameValue(item, b[i] as FieldValue));
  }
  return a === b;
}

/** The condition holds for `v`, or for some element of an array `v`; never for a missing field. */
function anyElement(v: FieldValue | undefined, test: (e: FieldValue) => boolean): boolean {
  if (v === undefined) return false;
  if (Array.isArray(v)) return v.some(test);
  return test(v);
}

function ordering(op: '$gt' | '$gte' | '$lt' | '$lte'): (c: number) => boolean {
  switch (op) {
    case '$gt':
      return (c) => c > 0;
    case '$gte':
      return (c) => c >= 0;
    case '$lt':
      return (c) => c < 0;
    case '$lte':
      return (c) => c <= 0;
  }
}

/** Orders two values of the same type (strings by code point); `undefined` when they do not compare. */
function compare(a: FieldValue, b: FieldValue): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (a === null && b === null) return 0;
  return undefined;
}

/**
 * Code-point order, which is also UTF-8 byte order. JavaScript's `<` compares
 * UTF-16 units and puts astral characters (emoji) before U+E000–U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(j) as number;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return i < a.length ? 1 : j < b.length ? -1 : 0;
}
