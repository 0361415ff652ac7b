import type { DecompileReport } from './report.js';
import {
  type JsonInt,
  type JsonNumber,
  type JsonObject,
  type JsonText,
  MAX_INTEGER,
  parseJsonOrdered,
  stringify,
} from '../json/json-text.js';

/**
 * Reading the JSON strings inside payloads (`eventFilter`, `run_filter`,
 * `requestPayload`) the way the decompiler needs them: ordered, exact, and
 * checked against the SDK's spelling, because a rule can only ever lower to
 * that spelling.
 */

/** Parses a JSON string of the payload, reporting `WR4004` when it does not parse. */
export function parsePayloadJson(text: string, what: string, report: DecompileReport): JsonText | undefined {
  const parsed = parseJsonOrdered(text);
  if (parsed.ok) return parsed.value;
  const message = parsed.error.message.replace(/\.$/, '');
  report.unsupported(
    'WR4004',
    `the ${what} is not valid JSON (${message.charAt(0).toLowerCase()}${message.slice(1)} at offset ${parsed.error.offset})`,
  );
  return undefined;
}

/**
 * Parses a JSON string that must be in the SDK's exact compact spelling
 * (`WR4009` otherwise: whitespace, `1.50`, `\u00e9` escapes... would not
 * survive a round trip through a rule).
 */
export function parseExactJson(text: string, what: string, report: DecompileReport): JsonText | undefined {
  const value = parsePayloadJson(text, what, report);
  if (value === undefined) return undefined;
  const canonical = stringify(value);
  if (canonical !== text) {
    report.unsupported(
      'WR4009',
      `the ${what} is not spelled the way the SDK spells it, so no rule reproduces it byte for byte`,
      [`The SDK would send ${JSON.stringify(canonical)}.`],
    );
    return undefined;
  }
  return value;
}

/**
 * The members of an object that must have exactly `keys`, in that order.
 * Unknown keys are `WR4003`, missing ones `WR4002`, a different order
 * `WR4009`.
 */
export function exactMembers(
  value: JsonText,
  keys: readonly string[],
  what: string,
  report: DecompileReport,
): JsonText[] | undefined {
  if (value.kind !== 'object') {
    report.unsupported('WR4002', `the ${what} is ${describe(value)}, not an object`);
    return undefined;
  }
  const present = value.entries.map(([k]) => k);
  const unknown = present.filter((k) => !keys.includes(k));
  if (unknown.length > 0) {
    report.unsupported(
      'WR4003',
      `the ${what} has the field${unknown.length > 1 ? 's' : ''} ${quoteList(unknown)}, which .wbrules cannot express`,
      [`Its fields are ${quoteList(keys)}.`],
    );
    return undefined;
  }
  const absent = keys.filter((k) => !present.includes(k));
  if (absent.length > 0) {
    report.unsupported('WR4002', `the ${what} has no ${quoteList(absent)}`);
    return undefined;
  }
  if (present.some((k, i) => k !== keys[i])) {
    report.unsupported(
      'WR4009',
      `the fields of the ${what} are not in the order the SDK writes them (${quoteList(keys)})`,
    );
    return undefined;
  }
  return keys.map((k) => member(value, k) as JsonText);
}

function member(object: JsonObject, key: string): JsonText | undefined {
  return object.entries.find(([k]) => k === key)?.[1];
}

/** A string member. */
export function stringValue(value: JsonText, what: string, report: DecompileReport): string | undefined {
  if (value.kind === 'string') return value.value;
  report.unsupported('WR4002', `"${what}" is ${describe(value)}, not a string`);
  return undefined;
}

/** A member that must be one of `allowed` (wire enum values). */
export function enumValue<T extends string>(
  value: JsonText,
  allowed: readonly T[],
  what: string,
  report: DecompileReport,
): T | undefined {
  if (value.kind !== 'string') {
    report.unsupported('WR4002', `"${what}" is ${describe(value)}, not a string`);
    return undefined;
  }
  if ((allowed as readonly string[]).includes(value.value)) return value.value as T;
  report.unsupported('WR4010', `"${what}" is "${value.value}", which .wbrules cannot express`, [
    `The values it can express are ${quoteList(allowed)}.`,
  ]);
  return undefined;
}

/** A number member within the bounds the language keeps exactly (integers up to ±(2^63−1)). */
export function numberValue(value: JsonText, what: string, report: DecompileReport): JsonNumber | undefined {
  if (value.kind === 'float') return value;
  if (value.kind !== 'int') {
    report.unsupported('WR4002', `"${what}" is ${describe(value)}, not a number`);
    return undefined;
  }
  const n = BigInt(value.text);
  if (n > MAX_INTEGER || n < -MAX_INTEGER) {
    report.unsupported(
      'WR4010',
      `"${what}" is the integer ${value.text}, beyond the ±(2^63−1) that .wbrules integers allow`,
    );
    return undefined;
  }
  return value;
}

/** A window size: a positive integer. */
export function windowValue(value: JsonText, what: string, report: DecompileReport): JsonInt | undefined {
  const n = numberValue(value, what, report);
  if (n === undefined) return undefined;
  if (n.kind === 'int' && !n.text.startsWith('-') && n.text !== '0') return n;
  report.unsupported('WR4010', `"${what}" is ${stringify(n)}, but .wbrules window sizes are positive integers`);
  return undefined;
}

/** Whether a number is greater than zero. */
export function isPositive(n: JsonNumber): boolean {
  return n.kind === 'int' ? !n.text.startsWith('-') && n.text !== '0' : n.value > 0;
}

/** How messages name a JSON value's type. */
export function describe(value: JsonText): string {
  switch (value.kind) {
    case 'int':
    case 'float':
      return `the number ${stringify(value)}`;
    case 'string':
      return 'a string';
    case 'bool':
    case 'null':
      return stringify(value);
    case 'array':
      return 'an array';
    case 'object':
      return 'an object';
  }
}

/** How messages name the type of a plain JavaScript value from a payload object. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return `the number ${String(value)}`;
  if (typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** `"a", "b" and "c"`. */
export function quoteList(items: readonly string[]): string {
  const quoted = items.map((i) => JSON.stringify(i));
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}
