import type { Action, ComparisonOp, Event, Expression, Literal, NumberLiteral, Rule } from '@wbrules/dsl';
import { isAscii } from '../model/ascii.js';

/**
 * The automation name of a rule written without `automation "NAME"`.
 *
 * The name is the automation's identity on the server, so this algorithm is
 * part of the language: changing it renames (re-creates) every unnamed
 * automation. It is documented, with a golden table, in the "Derived
 * automation names" section of `grammar/README.md`.
 *
 * Algorithm: the rule is read as a sequence of words (event, then `where`
 * and the filter, then the action; scope and header clauses are left out),
 * each word is spelled as below, empty words are dropped, and the words are
 * joined with `-`.
 *
 * - Keywords as written: `changes`, `by`, `within`, `avg`, `zscore`,
 *   `artifact`, `linked`, `and`, `not`, `in`, `webhook`, `nothing`, ...
 * - Comparison operators as words: `>` gt, `>=` gte, `<` lt, `<=` lte,
 *   `==` eq, `!=` ne.
 * - Strings (metric names, aliases, tags, filter operands) and identifiers
 *   (states, integration names) as slugs: lower-cased, each run of
 *   characters other than letters, marks, digits and `_` replaced by one
 *   `-`, leading and trailing `-` removed (`"val/acc"` → `val-acc`).
 * - Numbers as written, lower-cased, with a leading `-` spelled `minus-`,
 *   the `+` of an exponent dropped and `%` spelled `pct` (`10%` → `10pct`,
 *   `-0.25` → `minus-0.25`, `1E+6` → `1e6`).
 * - Field paths as slugs (`run.name` → `run-name`); parentheses are dropped.
 *
 * A name longer than 255 code points is cut to its first 246 code points
 * (without a trailing `-`) followed by `-` and the 8 lower-case hex digits of
 * the 32-bit FNV-1a hash of the full name's UTF-16 code units, so long
 * names stay within W&B's limit and stay distinct.
 */
export function deriveName(rule: Pick<Rule, 'event' | 'filter' | 'action'>): string {
  // Concatenated rather than `push(...words)`: a spread passes every word as
  // an argument, which overflows the stack on a filter of some 100,000 words.
  const words = eventWords(rule.event).concat(
    rule.filter === undefined ? [] : ['where'],
    rule.filter === undefined ? [] : expressionWords(rule.filter),
    actionWords(rule.action),
  );
  return limitLength(words.filter((w) => w !== '').join('-'));
}

/** The longest derived name, in code points (W&B's limit for every automation name). */
export const maxNameLength = 255;

const comparisonWords: Readonly<Record<ComparisonOp, string>> = {
  '>': 'gt',
  '>=': 'gte',
  '<': 'lt',
  '<=': 'lte',
  '==': 'eq',
  '!=': 'ne',
};

/** Lower-case, non-word runs collapsed to `-`, no `-` at either end. */
export function slug(text: string): string {
  const lower = text.toLowerCase();
  // ASCII text (nearly every name) needs no Unicode classes, which cost ~0.4 ms to compile at every start.
  const words = isAscii(lower) ? lower.replace(/[^a-z0-9_]+/g, '-') : lower.replace(/[^\p{L}\p{M}\p{N}_]+/gu, '-');
  return words.replace(/^-+|-+$/g, '');
}

function numberWord(n: NumberLiteral): string {
  let raw = n.raw.toLowerCase().replace('e+', 'e');
  if (raw.startsWith('-')) raw = `minus-${raw.slice(1)}`;
  return n.percent ? `${raw}pct` : raw;
}

function eventWords(event: Event): string[] {
  switch (event.kind) {
    case 'MetricThresholdEvent': {
      const words = [slug(event.metric.value)];
      if (event.aggregation !== undefined) {
        words.push(event.aggregation.op);
        if (event.aggregation.window !== undefined) words.push('over', numberWord(event.aggregation.window));
      }
      words.push(comparisonWords[event.comparator.op], numberWord(event.threshold));
      return words;
    }
    case 'MetricChangeEvent': {
      const words = [slug(event.metric.value)];
      if (event.aggregation !== undefined) words.push(event.aggregation.op);
      words.push(event.direction.direction, 'by', numberWord(event.amount));
      if (event.window !== undefined) words.push('within', numberWord(event.window));
      if (event.priorWindow !== undefined) words.push('vs', numberWord(event.priorWindow));
      return words;
    }
    case 'MetricZScoreEvent': {
      const words = [slug(event.metric.value)];
      if (event.abs !== undefined) words.push('abs');
      words.push('zscore');
      if (event.window !== undefined) words.push('over', numberWord(event.window));
      words.push(comparisonWords[event.comparator.op], numberWord(event.threshold));
      return words;
    }
    case 'RunStateEvent':
      return ['run', 'state', ...event.states.map((s) => slug(s.name))];
    case 'ArtifactEvent':
      return ['artifact', event.action];
    case 'AliasEvent':
      return ['alias', event.alias === undefined ? '' : slug(event.alias.value), 'added'];
    case 'TagEvent':
      return [
        ...(event.target === 'collection' ? ['collection'] : []),
        'tag',
        event.tag === undefined ? '' : slug(event.tag.value),
        event.change,
      ];
  }
}

function literalWord(literal: Literal): string {
  switch (literal.kind) {
    case 'StringLiteral':
      return slug(literal.value);
    case 'NumberLiteral':
      return numberWord(literal);
    case 'BooleanLiteral':
      return literal.value ? 'true' : 'false';
    case 'NullLiteral':
      return 'null';
  }
}

function expressionWords(expression: Expression): string[] {
  switch (expression.kind) {
    case 'OrExpression':
    case 'AndExpression': {
      const joiner = expression.kind === 'OrExpression' ? 'or' : 'and';
      return expression.operands.flatMap((operand, i) => (i === 0 ? [] : [joiner]).concat(expressionWords(operand)));
    }
    case 'NotExpression':
      return ['not', ...expressionWords(expression.operand)];
    case 'GroupExpression':
      return expressionWords(expression.expression);
    case 'ComparisonExpression':
      return [slug(expression.field.path), comparisonWords[expression.comparator.op], literalWord(expression.value)];
    case 'MembershipExpression':
      return [
        slug(expression.field.path),
        ...(expression.negated ? ['not'] : []),
        'in',
        ...expression.list.elements.map(literalWord),
      ];
    case 'MatchesExpression':
      return [slug(expression.field.path), 'matches', slug(expression.pattern.value)];
    case 'ContainsExpression':
      return [slug(expression.field.path), 'contains', slug(expression.text.value)];
    case 'ExistsExpression':
      return [slug(expression.field.path), ...(expression.negated ? ['not'] : []), 'exists'];
  }
}

function actionWords(action: Action): string[] {
  switch (action.kind) {
    case 'WebhookAction':
      return ['webhook', slug(action.integration.name)];
    case 'SlackAction':
      return ['slack', slug(action.integration.name)];
    case 'NothingAction':
      return ['nothing'];
    case 'AriaAction':
      return ['aria'];
  }
}

function limitLength(name: string): string {
  // Only the first code points are needed: a long filter's name can be megabytes.
  const points: string[] = [];
  for (const point of name) {
    if (points.length > maxNameLength) break;
    points.push(point);
  }
  if (points.length <= maxNameLength) return name;
  const head = points
    .slice(0, maxNameLength - 9)
    .join('')
    .replace(/-+$/, '');
  return `${head}-${fnv1a(name)}`;
}

/** 32-bit FNV-1a over UTF-16 code units, as 8 lower-case hex digits. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
