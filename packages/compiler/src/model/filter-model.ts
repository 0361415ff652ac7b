/**
 * The MongoDB-style filter model behind run filters and artifact ("mutation")
 * event filters, with the SDK's build-time negation, its one-pass
 * simplification, and the fixed-point normalization that decides the exact
 * bytes sent (spec §4.4–4.6).
 *
 * The SDK re-validates a filter several times while building a request, and
 * every validation simplifies and re-wraps it; the payload therefore carries
 * the fixed point of "simplify, then wrap", which differs from a single pass
 * on about 2 % of filters. Both are exposed so the difference stays testable.
 *
 * Pure and browser-safe: no Node imports, no I/O.
 */

import {
  type JsonObject,
  type JsonText,
  jsonArray,
  jsonBool,
  jsonEquals,
  jsonObject,
  stringify,
  stringifyString,
} from '../json/json-text.js';

/** The variadic logical operators; each takes an array of filters. */
export type LogicalOperator = '$and' | '$or' | '$nor';

/**
 * Operators that take a value rather than filters, as the SDK knows them.
 * Inside a field leaf they are kept exactly as written; a standalone node
 * made of one of them (`{"$in": [...]}`) is an {@link OperatorFilter}.
 */
export type ValueOperator =
  | '$eq'
  | '$ne'
  | '$gt'
  | '$gte'
  | '$lt'
  | '$lte'
  | '$in'
  | '$nin'
  | '$exists'
  | '$regex'
  | '$contains'
  | '$size'
  | '$all';

/** `{"$and": [...]}`, `{"$or": [...]}` or `{"$nor": [...]}`; an empty child list is legal and kept. */
export interface LogicalFilter {
  readonly kind: 'LogicalFilter';
  readonly operator: LogicalOperator;
  readonly children: readonly FilterNode[];
}

/** `{"$not": child}`. */
export interface NotFilter {
  readonly kind: 'NotFilter';
  readonly child: FilterNode;
}

/**
 * A field leaf `{field: condition}`, e.g. `{"display_name": {"$eq": "a"}}`.
 * The condition object is kept exactly as given: the SDK never rewrites the
 * inside of a leaf, so `~leaf` is `$not` of the leaf, never `$ne`.
 */
export interface FieldFilter {
  readonly kind: 'FieldFilter';
  readonly field: string;
  readonly condition: JsonObject;
}

/**
 * A value operator standing where a filter is expected, e.g. the child of
 * `{"$not": {"$in": [...]}}`. Raw filters can say this; it is the only place
 * the simplifier turns `$not $in` into `$nin` and the like.
 */
export interface OperatorFilter {
  readonly kind: 'OperatorFilter';
  readonly operator: ValueOperator;
  readonly operand: JsonText;
}

/**
 * A node the SDK passes through untouched: the empty object `{}` and
 * single-key objects whose key is an unknown `$operator`.
 */
export interface OpaqueFilter {
  readonly kind: 'OpaqueFilter';
  readonly json: JsonObject;
}

/** Any node of a filter tree. */
export type FilterNode = LogicalFilter | NotFilter | FieldFilter | OperatorFilter | OpaqueFilter;

// ---------------------------------------------------------------------------
// Constructors
// ---------------------------------------------------------------------------

/** `$and` of the children (`&` in the SDK builder). */
export function andFilter(children: readonly FilterNode[]): LogicalFilter {
  return { kind: 'LogicalFilter', operator: '$and', children };
}

/** `$or` of the children (`|` in the SDK builder). */
export function orFilter(children: readonly FilterNode[]): LogicalFilter {
  return { kind: 'LogicalFilter', operator: '$or', children };
}

/** `$nor` of the children (what `~(a | b)` builds). */
export function norFilter(children: readonly FilterNode[]): LogicalFilter {
  return { kind: 'LogicalFilter', operator: '$nor', children };
}

/** A logical node with the operator chosen at run time. */
export function logicalFilter(operator: LogicalOperator, children: readonly FilterNode[]): LogicalFilter {
  return { kind: 'LogicalFilter', operator, children };
}

/** A literal `$not` node. Builders negate with {@link negate}, which does not always produce one. */
export function notFilter(child: FilterNode): NotFilter {
  return { kind: 'NotFilter', child };
}

/** The leaf `{field: {operator: operand}}`, the shape every SDK builder method produces. */
export function fieldFilter(field: string, operator: string, operand: JsonText): FieldFilter {
  return { kind: 'FieldFilter', field, condition: jsonObject([[operator, operand]]) };
}

/** The leaf `{field: condition}` with the condition object given whole (raw filters may hold several operators). */
export function fieldConditionFilter(field: string, condition: JsonObject): FieldFilter {
  return { kind: 'FieldFilter', field, condition };
}

/** A standalone value-operator node `{operator: operand}`. */
export function operatorFilter(operator: ValueOperator, operand: JsonText): OperatorFilter {
  return { kind: 'OperatorFilter', operator, operand };
}

/** A node passed through as written (`{}`, or an unknown `$operator`). */
export function opaqueFilter(json: JsonObject): OpaqueFilter {
  return { kind: 'OpaqueFilter', json };
}

// ---------------------------------------------------------------------------
// Negation
// ---------------------------------------------------------------------------

/** `~op` for the value operators that have an inverse (the SDK operators' `__invert__`). */
const INVERSE: Readonly<Partial<Record<ValueOperator, ValueOperator>>> = {
  $in: '$nin',
  $nin: '$in',
  $eq: '$ne',
  $ne: '$eq',
  $gt: '$lte',
  $lte: '$gt',
  $lt: '$gte',
  $gte: '$lt',
};

/** The inverse of a standalone operator node, or `undefined` when it has none (`$regex`, `$contains`, ...). */
function invertOperator(node: OperatorFilter): OperatorFilter | undefined {
  if (node.operator === '$exists') {
    return node.operand.kind === 'bool' ? operatorFilter('$exists', jsonBool(!node.operand.value)) : undefined;
  }
  const inverse = INVERSE[node.operator];
  return inverse === undefined ? undefined : operatorFilter(inverse, node.operand);
}

/**
 * `~x` as the SDK builds it (spec §4.5, "Negation at build time"): a field
 * leaf becomes `$not` of the leaf (never `$ne`), `$or` and `$nor` swap,
 * `$not y` becomes `y`, and `$and` becomes `$not $and`. A standalone operator
 * node inverts as its SDK class does (`$in` ↔ `$nin`, `$gt` → `$lte`,
 * `$exists b` → `!b`, ...); anything else gains a `$not`.
 */
export function negate(x: FilterNode): FilterNode {
  switch (x.kind) {
    case 'LogicalFilter':
      if (x.operator === '$or') return norFilter(x.children);
      if (x.operator === '$nor') return orFilter(x.children);
      return notFilter(x);
    case 'NotFilter':
      return x.child;
    case 'OperatorFilter':
      return invertOperator(x) ?? notFilter(x);
    case 'FieldFilter':
    case 'OpaqueFilter':
      return notFilter(x);
  }
}

// ---------------------------------------------------------------------------
// Simplification
// ---------------------------------------------------------------------------

/**
 * One simplification pass (spec §4.5, rules 1–3), exactly as the SDK's
 * `simplify_expr` does it:
 *
 * 1. `$and`/`$or`/`$nor`: splice in the children of direct children with the
 *    same operator (through whole chains), then simplify each child; one
 *    child left replaces the node; none left keeps the empty node.
 * 2. `$not` over `$not`, `$or`, `$nor` or an invertible operator node is
 *    replaced by the simplified inverse of its child; any other `$not` is
 *    kept with its child simplified.
 * 3. Field leaves and opaque nodes are returned unchanged.
 *
 * Splicing happens before the children are simplified, so a child that only
 * becomes the parent's operator after simplifying stays nested until the
 * next pass; see {@link normalizeRunFilter}.
 */
export function simplifyOnce(x: FilterNode): FilterNode {
  switch (x.kind) {
    case 'LogicalFilter': {
      const children = spliceSameOperator(x.children, x.operator).map(simplifyOnce);
      const [only] = children;
      if (children.length === 1 && only !== undefined) return only;
      return logicalFilter(x.operator, children);
    }
    case 'NotFilter': {
      const { child } = x;
      if (child.kind === 'NotFilter' || (child.kind === 'LogicalFilter' && child.operator !== '$and')) {
        return simplifyOnce(negate(child));
      }
      if (child.kind === 'OperatorFilter') {
        const inverse = invertOperator(child);
        if (inverse !== undefined) return inverse;
      }
      return notFilter(simplifyOnce(child));
    }
    case 'FieldFilter':
    case 'OperatorFilter':
    case 'OpaqueFilter':
      return x;
  }
}

function spliceSameOperator(children: readonly FilterNode[], operator: LogicalOperator): FilterNode[] {
  const out: FilterNode[] = [];
  for (const child of children) {
    if (child.kind === 'LogicalFilter' && child.operator === operator) {
      out.push(...spliceSameOperator(child.children, operator));
    } else {
      out.push(child);
    }
  }
  return out;
}

/** `x` if it is an `$and` node, otherwise `$and` with `x` as its only child (spec §4.6 `wrap_and`). */
export function wrapAnd(x: FilterNode): LogicalFilter {
  return x.kind === 'LogicalFilter' && x.operator === '$and' ? x : andFilter([x]);
}

/**
 * Every rewrite removes at least one node, so the loop ends after about as
 * many steps as the tree has nodes; the bound only turns a bug into an error
 * instead of a hang.
 */
const MAX_FIXPOINT_STEPS = 100_000;

function fixpoint(step: (x: FilterNode) => LogicalFilter, start: FilterNode): LogicalFilter {
  let current = step(start);
  for (let i = 0; i < MAX_FIXPOINT_STEPS; i++) {
    const next = step(current);
    if (filterEquals(next, current)) return current;
    current = next;
  }
  throw new Error('filter normalization did not reach a fixed point');
}

/**
 * The run filter the SDK sends (spec §4.4, §4.6): the fixed point of
 * `wrap_and(simplify(x))`, starting from `{"$and":[]}` when there is no
 * filter. The result is always an `$and` node.
 */
export function normalizeRunFilter(x: FilterNode | undefined): LogicalFilter {
  return fixpoint((f) => wrapAnd(simplifyOnce(f)), x ?? andFilter([]));
}

/**
 * The artifact/collection event filter the SDK sends (spec §4.1, §4.6): the
 * fixed point of `$or[wrap_and(simplify(x))]`, starting from `{"$and":[]}`
 * when there is no filter. The result is always `{"$or":[{"$and":[...]}]}`.
 */
export function normalizeMutationFilter(x: FilterNode | undefined): LogicalFilter {
  return fixpoint((f) => orFilter([wrapAnd(simplifyOnce(f))]), x ?? andFilter([]));
}

/** Whether two filters serialize identically, which is the only difference the SDK (and the server) can see. */
export function filterEquals(a: FilterNode, b: FilterNode): boolean {
  if (a === b) return true;
  // Nodes of one kind serialize identically exactly when their parts do;
  // the fixed-point loop compares a tree with its own rewrite, so this is
  // the common case, and only mixed kinds need the JSON form.
  switch (a.kind) {
    case 'LogicalFilter':
      if (b.kind !== 'LogicalFilter') break;
      return (
        a.operator === b.operator &&
        a.children.length === b.children.length &&
        a.children.every((child, i) => filterEquals(child, b.children[i] as FilterNode))
      );
    case 'NotFilter':
      if (b.kind !== 'NotFilter') break;
      return filterEquals(a.child, b.child);
    case 'FieldFilter':
      if (b.kind !== 'FieldFilter') break;
      return a.field === b.field && jsonEquals(a.condition, b.condition);
    case 'OperatorFilter':
      if (b.kind !== 'OperatorFilter') break;
      return a.operator === b.operator && jsonEquals(a.operand, b.operand);
    case 'OpaqueFilter':
      break;
  }
  return jsonEquals(filterToJson(a), filterToJson(b));
}

// ---------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------

/** The filter as the SDK writes it; spell it with `stringify` from `json-text`. */
export function filterToJson(node: FilterNode): JsonObject {
  switch (node.kind) {
    case 'LogicalFilter':
      return jsonObject([[node.operator, jsonArray(node.children.map(filterToJson))]]);
    case 'NotFilter':
      return jsonObject([['$not', filterToJson(node.child)]]);
    case 'FieldFilter':
      return jsonObject([[node.field, node.condition]]);
    case 'OperatorFilter':
      return jsonObject([[node.operator, node.operand]]);
    case 'OpaqueFilter':
      return node.json;
  }
}

/**
 * The compact SDK spelling of a filter: `stringify(filterToJson(node))`,
 * written straight from the tree (`compile` spells one or two per rule).
 */
export function filterToString(node: FilterNode): string {
  const text = spellFilter(node);
  // Reading a character flattens the concatenation, as `stringify` does.
  text.charCodeAt(0);
  return text;
}

function spellFilter(node: FilterNode): string {
  switch (node.kind) {
    case 'LogicalFilter': {
      // The operators are `$`-words that need no escapes.
      let out = `{"${node.operator}":[`;
      const children = node.children;
      for (let i = 0; i < children.length; i++) {
        if (i > 0) out += ',';
        out += spellFilter(children[i] as FilterNode);
      }
      return `${out}]}`;
    }
    case 'NotFilter':
      return `{"$not":${spellFilter(node.child)}}`;
    case 'FieldFilter':
      return `{${stringifyString(node.field)}:${stringify(node.condition)}}`;
    case 'OperatorFilter':
      return `{"${node.operator}":${stringify(node.operand)}}`;
    case 'OpaqueFilter':
      return stringify(node.json);
  }
}

/** Why {@link filterFromJson} could not read a filter. */
export interface FilterJsonError {
  readonly message: string;
  /** Keys and indexes from the root to the offending value. */
  readonly path: readonly (string | number)[];
}

/** The outcome of {@link filterFromJson}. */
export type FilterFromJsonResult =
  | { readonly ok: true; readonly filter: FilterNode }
  | { readonly ok: false; readonly error: FilterJsonError };

const LOGICAL_OPERATORS: ReadonlySet<string> = new Set<LogicalOperator>(['$and', '$or', '$nor']);
const VALUE_OPERATORS: ReadonlySet<string> = new Set<ValueOperator>([
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
  '$size',
  '$all',
]);

/**
 * Reads a raw filter the way the SDK reads a plain dict (end of spec §4.5):
 * `{}` stays `{}`; a single known `$op` key becomes that operator; a single
 * unknown `$key` stays opaque; `{field: {...}}` is a leaf; `{field: value}`
 * with a non-object value is `{field: {"$eq": value}}`; several keys are an
 * `$and` of one-key objects in the given order.
 *
 * Reports (never throws) shapes the SDK rejects: a filter that is not an
 * object, `$and`/`$or`/`$nor` without an array.
 */
export function filterFromJson(json: JsonText): FilterFromJsonResult {
  const path: (string | number)[] = [];
  try {
    return { ok: true, filter: readFilter(json, path) };
  } catch (e) {
    if (e instanceof FilterShapeError) return { ok: false, error: { message: e.message, path: e.path } };
    throw e;
  }
}

/** Internal control flow only: never escapes {@link filterFromJson}. */
class FilterShapeError extends Error {
  constructor(
    message: string,
    readonly path: readonly (string | number)[],
  ) {
    super(message);
  }
}

function readFilter(json: JsonText, path: (string | number)[]): FilterNode {
  if (json.kind !== 'object') throw new FilterShapeError('A filter must be a JSON object.', [...path]);
  const { entries } = json;
  if (entries.length === 0) return opaqueFilter(json);
  if (entries.length > 1) {
    // Each one-key object reports its own key in the path.
    return andFilter(entries.map((entry) => readFilter(jsonObject([entry]), path)));
  }
  const [key, value] = entries[0] as readonly [string, JsonText];
  path.push(key);
  let node: FilterNode;
  if (LOGICAL_OPERATORS.has(key)) {
    if (value.kind !== 'array') throw new FilterShapeError(`"${key}" needs an array of filters.`, [...path]);
    node = logicalFilter(
      key as LogicalOperator,
      value.items.map((item, i) => {
        path.push(i);
        const child = readFilter(item, path);
        path.pop();
        return child;
      }),
    );
  } else if (key === '$not') {
    node = notFilter(readFilter(value, path));
  } else if (VALUE_OPERATORS.has(key)) {
    node = operatorFilter(key as ValueOperator, value);
  } else if (key.startsWith('$')) {
    node = opaqueFilter(json);
  } else if (value.kind === 'object') {
    node = fieldConditionFilter(key, value);
  } else {
    node = fieldFilter(key, '$eq', value);
  }
  path.pop();
  return node;
}
