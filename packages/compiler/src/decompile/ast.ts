import type {
  Comparator,
  ComparisonOp,
  Identifier,
  JsonMember,
  JsonValue,
  JsonObject as AstJsonObject,
  NumberLiteral,
  Span,
  StringLiteral,
} from '@wbrules/dsl';
import { type JsonNumber, type JsonText, spellFloat } from '../json/json-text.js';

/**
 * Constructors for AST nodes that no source text produced: the decompiler
 * builds rules from payloads, and the formatter prints leaves from their
 * `raw` spelling, so each leaf's `raw` must be exactly what the lexer would
 * read back as the same value.
 */

/** The span of every synthesized node: there is no source text behind it. */
export const noSpan: Span = Object.freeze({ start: 0, end: 0 });

/** Whether `value` can be written as `r"..."`: no `"`, no line break or other control character. */
function rawStringSafe(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x22 || c < 0x20 || (c >= 0x7f && c <= 0x9f)) return false;
  }
  return true;
}

/** The control characters JSON.stringify leaves unescaped: DEL and C1. */
const rawControls = /[\u007f-\u009f]/g;

/**
 * A string literal for `value`. A value holding backslashes (a regex such as
 * `^exp-\d+$`) is written as a raw string when it can be, so it reads as the
 * pattern rather than as doubled escapes; everything else in JSON form.
 */
export function stringLiteral(value: string, options: { readonly preferRaw?: boolean } = {}): StringLiteral {
  if (options.preferRaw === true && value.includes('\\') && rawStringSafe(value)) {
    return { kind: 'StringLiteral', value, raw: `r"${value}"`, style: 'raw', span: noSpan };
  }
  // For well-formed strings JSON.stringify writes only escapes the lexer reads back
  // (`\"`, `\\`, `\n`, `\u001f`, ...); callers never pass lone surrogates. It leaves
  // DEL and the C1 controls raw, which a terminal showing the file would obey: escaped too.
  const raw = JSON.stringify(value).replace(rawControls, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return { kind: 'StringLiteral', value, raw, style: 'json', span: noSpan };
}

/** A number literal from a JSON number spelling (and `%` when `percent`). */
export function numberLiteral(raw: string, percent = false): NumberLiteral {
  return { kind: 'NumberLiteral', raw, isInteger: /^-?[0-9]+$/.test(raw), percent, span: noSpan };
}

/**
 * The literal that lowers to `value` exactly: an int as its digits, a float
 * in the SDK's own spelling (`1.0`, `1e-7`), which is a JSON number the
 * compiler reads back as the same double and re-spells identically.
 */
export function numberLiteralOf(value: JsonNumber): NumberLiteral {
  return numberLiteral(value.kind === 'int' ? value.text : spellFloat(value.value));
}

/** The spelling of `-value` (for `zscore < -3`): the sign goes in front of the digits, int or float alike. */
export function negatedSpelling(value: JsonNumber): string {
  const text = value.kind === 'int' ? value.text : spellFloat(value.value);
  return text.startsWith('-') ? text.slice(1) : `-${text}`;
}

/** An identifier (a local integration name, a run state, a severity word). */
export function identifier(name: string): Identifier {
  return { kind: 'Identifier', name, span: noSpan };
}

/** A comparison operator. */
export function comparator(op: ComparisonOp): Comparator {
  return { kind: 'Comparator', op, span: noSpan };
}

/**
 * A webhook payload value as source: objects keep their member order, ints
 * their digits and floats the SDK's spelling, so the payload lowers back to
 * the same bytes.
 */
export function payloadValue(value: JsonText): JsonValue {
  switch (value.kind) {
    case 'object':
      return payloadObject(value.entries);
    case 'array':
      return { kind: 'JsonArray', elements: value.items.map(payloadValue), span: noSpan };
    case 'string':
      return stringLiteral(value.value);
    case 'int':
    case 'float':
      return numberLiteralOf(value);
    case 'bool':
      return { kind: 'BooleanLiteral', value: value.value, span: noSpan };
    case 'null':
      return { kind: 'NullLiteral', span: noSpan };
  }
}

/** A webhook payload object from ordered entries. */
export function payloadObject(entries: readonly (readonly [string, JsonText])[]): AstJsonObject {
  const members: JsonMember[] = entries.map(([key, value]) => ({
    kind: 'JsonMember',
    key: stringLiteral(key),
    value: payloadValue(value),
    span: noSpan,
  }));
  return { kind: 'JsonObject', members, span: noSpan };
}
