import { type JsonText, re2Problem } from '@wbrules/compiler';
import type { JsonPath } from './json-path.js';
import { describeJson, type ProblemList, quotedList } from './validation-problems.js';

/**
 * A MongoDB-style filter expression (spec §4.4–§4.5), as it sits inside the
 * SDK's wrappers: every node is an object with one key, either a logical
 * operator (`$and`/`$or`/`$nor` over an array of nodes, `$not` over a node)
 * or a field whose value is an operator object (`{"alias": {"$eq": "prod"}}`).
 * Known operators get their operand checked; unknown `$operators` pass, as
 * the SDK passes them through. `{}` is a valid (empty) node.
 */

const logical = new Set(['$and', '$or', '$nor']);

type OperandKind = 'scalar' | 'scalar-or-list' | 'list' | 'bool' | 'string' | 'regex' | 'int';

const operands: Readonly<Record<string, OperandKind>> = {
  $eq: 'scalar-or-list',
  $ne: 'scalar-or-list',
  $gt: 'scalar',
  $gte: 'scalar',
  $lt: 'scalar',
  $lte: 'scalar',
  $in: 'list',
  $nin: 'list',
  $all: 'list',
  $exists: 'bool',
  $regex: 'regex',
  $contains: 'string',
  $size: 'int',
};

/** Checks one filter node and everything under it. */
export function checkFilterNode(node: JsonText, path: JsonPath, problems: ProblemList): void {
  if (node.kind !== 'object') {
    problems.add('WR5003', path, `expected a filter object, found ${describeJson(node)}`);
    return;
  }
  if (node.entries.length === 0) return;
  if (node.entries.length > 1) {
    problems.add(
      'WR5003',
      path,
      `expected one key per filter object (the SDK writes several conditions as an "$and"), found ${quotedList(node.entries.map(([k]) => k))}`,
    );
    return;
  }
  const [key, value] = node.entries[0] as readonly [string, JsonText];
  const at = [...path, key];
  if (logical.has(key)) {
    if (value.kind !== 'array') {
      problems.add('WR5003', at, `expected an array of filters, found ${describeJson(value)}`);
      return;
    }
    value.items.forEach((item, i) => {
      checkFilterNode(item, [...at, i], problems);
    });
    return;
  }
  if (key === '$not') {
    checkFilterNode(value, at, problems);
    return;
  }
  if (key.startsWith('$')) return; // An operator the SDK passes through untouched.
  checkCondition(key, value, at, problems);
}

/** `{"$op": operand, ...}`: the condition on one field. */
function checkCondition(field: string, condition: JsonText, path: JsonPath, problems: ProblemList): void {
  if (condition.kind !== 'object') {
    problems.add(
      'WR5003',
      path,
      `expected an operator object such as {"$eq": …} for the field ${JSON.stringify(field)}, found ${describeJson(condition)}`,
    );
    return;
  }
  if (condition.entries.length === 0) {
    problems.add(
      'WR5003',
      path,
      `expected an operator such as "$eq" for the field ${JSON.stringify(field)}, found an empty object`,
    );
    return;
  }
  for (const [op, operand] of condition.entries) {
    const at = [...path, op];
    if (!op.startsWith('$')) {
      problems.add('WR5003', at, `expected an operator such as "$eq" or "$regex", found the key ${JSON.stringify(op)}`);
      continue;
    }
    const kind = operands[op];
    if (kind !== undefined) checkOperand(op, kind, operand, at, problems);
  }
}

function isScalar(value: JsonText): boolean {
  return value.kind === 'string' || value.kind === 'int' || value.kind === 'float' || value.kind === 'bool';
}

function checkOperand(op: string, kind: OperandKind, operand: JsonText, path: JsonPath, problems: ProblemList): void {
  const fail = (expected: string) =>
    problems.add('WR5003', path, `expected ${expected} for "${op}", found ${describeJson(operand)}`);
  switch (kind) {
    case 'scalar':
      if (!isScalar(operand)) fail('a string, number or boolean');
      return;
    case 'scalar-or-list':
      if (!isScalar(operand) && !(operand.kind === 'array' && operand.items.every(isScalar))) {
        fail('a string, number or boolean (or an array of them)');
      }
      return;
    case 'list':
      if (operand.kind !== 'array') fail('an array of strings, numbers or booleans');
      else {
        operand.items.forEach((item, i) => {
          if (!isScalar(item)) {
            problems.add(
              'WR5003',
              [...path, i],
              `expected a string, number or boolean in "${op}", found ${describeJson(item)}`,
            );
          }
        });
      }
      return;
    case 'bool':
      if (operand.kind !== 'bool') fail('true or false');
      return;
    case 'string':
      if (operand.kind !== 'string') fail('a string');
      return;
    case 'int':
      if (operand.kind !== 'int') fail('an integer');
      return;
    case 'regex': {
      if (operand.kind !== 'string') {
        fail('a regular expression string');
        return;
      }
      const problem = re2Problem(operand.value);
      if (problem !== undefined) {
        problems.add('WR5003', path, `expected a valid RE2 regular expression, but ${problem.description}`);
      }
      return;
    }
  }
}
