import type { ComparisonOp, Expression, FieldRef } from '@wbrules/dsl';
import { comparator, noSpan, stringLiteral } from './ast.js';
import type { DecompileReport } from './report.js';
import type { EventFamily } from '../model/event-kinds.js';
import { filterFields } from '../model/filter-fields.js';
import {
  type FieldFilter,
  type FilterNode,
  filterEquals,
  filterFromJson,
  filterToJson,
  normalizeMutationFilter,
  normalizeRunFilter,
} from '../model/filter-model.js';
import { type JsonText, jsonEquals, stringify } from '../json/json-text.js';

/**
 * Filters back to `where` expressions.
 *
 * The compiler lowers `not` with the SDK's negation and then normalizes, so
 * a saved filter is a fixed point of that normalization. For such a filter
 * each node has one spelling that lowers to exactly that node: a leaf is a
 * comparison, `$or` is `or`, `$and` is `and`, `$nor` is `not (a or b)` and
 * `$not` is `not (x)`. Anything else (a field or operator the language has
 * no word for, a non-string operand, a filter the SDK would rewrite) is
 * reported instead of approximated.
 */

/** Source field names by backend field, per event family (the inverse of `filterFields`). */
const sourceFields: Readonly<Record<EventFamily, ReadonlyMap<string, string>>> = {
  run: new Map([...filterFields.run].map(([source, backend]) => [backend, source])),
  artifact: new Map([...filterFields.artifact].map(([source, backend]) => [backend, source])),
};

const comparisonOps: Readonly<Record<string, ComparisonOp>> = {
  $eq: '==',
  $ne: '!=',
  $gt: '>',
  $gte: '>=',
  $lt: '<',
  $lte: '<=',
};

/**
 * The top-level terms of a filter as the SDK sends it: the children of the
 * `$and` (run filters) or of the `$and` inside the `$or` (artifact filters).
 * `undefined`, with a diagnostic, when the JSON is not a filter or not the
 * normalized form the compiler produces (the SDK would re-send a different
 * filter, so no rule reproduces it).
 */
export function filterTerms(
  json: JsonText,
  family: EventFamily,
  what: string,
  report: DecompileReport,
): readonly FilterNode[] | undefined {
  const read = filterFromJson(json);
  if (!read.ok) {
    const at = read.error.path.length === 0 ? '' : ` at "${read.error.path.join('.')}"`;
    report.unsupported('WR4002', `the ${what} is not a filter${at}: ${lowerFirst(read.error.message)}`);
    return undefined;
  }
  const node = read.filter;
  const normal = family === 'run' ? normalizeRunFilter(node) : normalizeMutationFilter(node);
  // filterFromJson expands shorthands (`{"alias": "prod"}` is `$eq`), so
  // compare with the JSON as written as well as with the normal form.
  if (!jsonEquals(filterToJson(node), json) || !filterEquals(normal, node)) {
    report.unsupported('WR4008', `the ${what} ${stringify(json)} is not in the normalized form the SDK sends`, [
      `The SDK would send ${stringify(filterToJson(normal))}; a rule can only produce that form.`,
    ]);
    return undefined;
  }
  if (family === 'run') return normal.children;
  const inner = normal.children[0];
  return inner !== undefined && inner.kind === 'LogicalFilter' ? inner.children : [];
}

/**
 * Whether `term` is `{field: {"$eq": "value"}}` with a string value: the
 * filter that `on alias "x" added` / `on tag "x" added` puts first.
 */
export function sugarValue(term: FilterNode | undefined, field: string): string | undefined {
  if (term === undefined || term.kind !== 'FieldFilter' || term.field !== field) return undefined;
  const [entry, ...rest] = term.condition.entries;
  if (entry === undefined || rest.length > 0 || entry[0] !== '$eq' || entry[1].kind !== 'string') return undefined;
  return entry[1].value;
}

/**
 * The `where` expression whose lowering is the `$and` of `terms`, or
 * `undefined` for no terms. Reports (and returns `null`) when a term has no
 * spelling.
 */
export function whereExpression(
  terms: readonly FilterNode[],
  family: EventFamily,
  report: DecompileReport,
): Expression | undefined | null {
  const converter = new FilterConverter(family, report);
  const operands = terms.map((t) => converter.expression(t));
  if (converter.failed) return null;
  const [only] = operands;
  if (only === undefined) return undefined;
  if (operands.length === 1) return only;
  return { kind: 'AndExpression', operands: operands.map(groupIf('OrExpression')), span: noSpan };
}

/** Parentheses around an operand of the given kind (and around `and`/`or` operands of `not`). */
function groupIf(...kinds: Expression['kind'][]): (e: Expression) => Expression {
  return (e) => (kinds.includes(e.kind) ? { kind: 'GroupExpression', expression: e, span: noSpan } : e);
}

function group(e: Expression): Expression {
  return { kind: 'GroupExpression', expression: e, span: noSpan };
}

function lowerFirst(s: string): string {
  return (s.charAt(0).toLowerCase() + s.slice(1)).replace(/\.$/, '');
}

class FilterConverter {
  failed = false;

  constructor(
    private readonly family: EventFamily,
    private readonly report: DecompileReport,
  ) {}

  private fail(detail: string, hints?: readonly string[]): Expression {
    this.failed = true;
    this.report.unsupported('WR4007', detail, hints);
    // Never printed: a failed conversion discards the whole expression.
    return { kind: 'GroupExpression', expression: { kind: 'AndExpression', operands: [], span: noSpan }, span: noSpan };
  }

  expression(node: FilterNode): Expression {
    switch (node.kind) {
      case 'FieldFilter':
        return this.leaf(node);
      case 'LogicalFilter': {
        if (node.children.length < 2) {
          return this.fail(`the filter ${stringify(filterToJson(node))} has no .wbrules spelling`, [
            `"and", "or" and "not (a or b)" take two or more operands.`,
          ]);
        }
        const operands = node.children.map((c) => this.expression(c));
        if (node.operator === '$and') {
          return { kind: 'AndExpression', operands: operands.map(groupIf('OrExpression')), span: noSpan };
        }
        const or: Expression = { kind: 'OrExpression', operands: operands.map(groupIf('AndExpression')), span: noSpan };
        // `not (a or b)` is the SDK's `~(a | b)`, which it sends as `$nor`.
        return node.operator === '$or' ? or : { kind: 'NotExpression', operand: group(or), span: noSpan };
      }
      case 'NotFilter': {
        const child = node.child;
        if (child.kind === 'FieldFilter' || (child.kind === 'LogicalFilter' && child.operator === '$and')) {
          return { kind: 'NotExpression', operand: group(this.expression(child)), span: noSpan };
        }
        return this.fail(`the filter ${stringify(filterToJson(node))} has no .wbrules spelling`);
      }
      case 'OperatorFilter':
        return this.fail(
          `the filter ${stringify(filterToJson(node))} applies "${node.operator}" to no field, which .wbrules cannot express`,
        );
      case 'OpaqueFilter':
        return this.fail(
          node.json.entries.length === 0
            ? 'the filter holds an empty condition {}, which .wbrules cannot express'
            : `the filter operator "${node.json.entries[0]?.[0] ?? ''}" has no .wbrules spelling`,
        );
    }
  }

  private leaf(node: FieldFilter): Expression {
    const path = sourceFields[this.family].get(node.field);
    if (path === undefined) {
      const known = [...sourceFields[this.family]].map(([backend, source]) =>
        backend === source ? source : `${source} (sent as "${backend}")`,
      );
      return this.fail(`the ${this.family} filter field "${node.field}" has no .wbrules spelling`, [
        `${this.family === 'run' ? 'Run' : 'Artifact'} filters can test only ${known.join(' and ')}.`,
      ]);
    }
    const field: FieldRef = { kind: 'FieldRef', path, span: noSpan };
    const entries = node.condition.entries;
    const [entry] = entries;
    if (entry === undefined || entries.length > 1) {
      return this.fail(
        `the condition ${stringify(node.condition)} on "${node.field}" has ${entries.length} operators; a .wbrules comparison has exactly one`,
      );
    }
    const [op, operand] = entry;
    const comparison = comparisonOps[op];
    if (comparison !== undefined) {
      if (operand.kind !== 'string') return this.nonString(node.field, op, operand);
      return {
        kind: 'ComparisonExpression',
        field,
        comparator: comparator(comparison),
        value: stringLiteral(operand.value),
        span: noSpan,
      };
    }
    switch (op) {
      case '$in':
      case '$nin': {
        if (operand.kind !== 'array' || operand.items.length === 0 || operand.items.some((i) => i.kind !== 'string')) {
          if (operand.kind === 'array' && operand.items.length === 0) {
            return this.fail(
              `the filter tests "${node.field}" with "${op}" against an empty list, which .wbrules cannot express ("in []" is an error)`,
            );
          }
          return this.nonString(node.field, op, operand);
        }
        const elements = operand.items.map((i) => stringLiteral(i.kind === 'string' ? i.value : ''));
        return {
          kind: 'MembershipExpression',
          field,
          negated: op === '$nin',
          list: { kind: 'LiteralList', elements, span: noSpan },
          span: noSpan,
        };
      }
      case '$exists':
        if (operand.kind !== 'bool') {
          return this.fail(
            `the filter tests "${node.field}" with "$exists" ${stringify(operand)}; .wbrules writes only "exists" (true) and "not exists" (false)`,
          );
        }
        return { kind: 'ExistsExpression', field, negated: !operand.value, span: noSpan };
      case '$regex':
        if (operand.kind !== 'string') return this.nonString(node.field, op, operand);
        return {
          kind: 'MatchesExpression',
          field,
          pattern: stringLiteral(operand.value, { preferRaw: true }),
          span: noSpan,
        };
      case '$contains':
        if (operand.kind !== 'string') return this.nonString(node.field, op, operand);
        return { kind: 'ContainsExpression', field, text: stringLiteral(operand.value), span: noSpan };
      default:
        return this.fail(`the filter operator "${op}" (on "${node.field}") has no .wbrules spelling`, [
          'Filters can use ==, !=, <, <=, >, >=, in, not in, matches, contains, exists and not exists.',
        ]);
    }
  }

  private nonString(field: string, op: string, operand: JsonText): Expression {
    const list = op === '$in' || op === '$nin';
    return this.fail(
      `the filter tests "${field}" with "${op}" ${stringify(operand)}, but .wbrules filter operands are ${list ? 'lists of strings' : 'strings'}`,
    );
  }
}
