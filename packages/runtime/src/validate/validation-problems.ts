import type { JsonText } from '@wbrules/compiler';
import { spellFloat } from '@wbrules/compiler';
import type { DiagnosticCode } from '@wbrules/dsl';
import type { JsonPath } from './json-path.js';

/**
 * What payload validation reports: each problem has a code from the
 * toolchain's table (WR50xx), the path of the offending value (through the
 * JSON-string layers, see `json-path.ts`) and one lowercase sentence that
 * says what was expected and what was found.
 */

/** One problem in a payload. */
export interface ValidationProblem {
  readonly code: DiagnosticCode;
  readonly path: JsonPath;
  readonly message: string;
}

/** Collects problems in the order they are found. */
export class ProblemList {
  readonly items: ValidationProblem[] = [];

  add(code: DiagnosticCode, path: JsonPath, message: string): void {
    this.items.push({ code, path, message });
  }
}

/** A JSON value as a message names it: `an object`, `the integer 3`, `the float 5.0`, `the string "x"`. */
export function describeJson(value: JsonText): string {
  switch (value.kind) {
    case 'object':
      return value.entries.length === 0 ? 'an empty object' : 'an object';
    case 'array':
      return 'an array';
    case 'string':
      return value.value.length > 60 ? 'a string' : `the string ${JSON.stringify(value.value)}`;
    case 'int':
      return `the integer ${value.text}`;
    case 'float':
      return `the float ${spellFloat(value.value)}`;
    case 'bool':
      return String(value.value);
    case 'null':
      return 'null';
  }
}

/** `"a", "b" and "c"`: names quoted for a message. */
export function quotedList(names: readonly string[], conjunction = 'and'): string {
  const quoted = names.map((n) => JSON.stringify(n));
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} ${conjunction} ${quoted[quoted.length - 1]}`;
}

/** `one of "a", "b" or "c"` (or just `"a"`). */
export function oneOf(values: readonly string[]): string {
  return values.length === 1 ? JSON.stringify(values[0]) : `one of ${quotedList(values, 'or')}`;
}
