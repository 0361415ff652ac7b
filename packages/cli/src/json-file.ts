import { parseJsonOrdered } from '@wbrules/compiler';
import { LineIndex } from '@wbrules/dsl';
import { InputError } from './exit-code.js';
import type { InputFile } from './files.js';

/**
 * The value of a JSON input file (an ID map, a payload list). Invalid JSON
 * is an input error at its line and column; so is a key given twice in one
 * object, which `JSON.parse` would silently resolve by keeping the last.
 */
export function parseJsonFile(source: InputFile, what: string): unknown {
  const checked = parseJsonOrdered(source.text, { duplicateKeys: 'reject' });
  if (!checked.ok) {
    const position = new LineIndex(source.text).locate(checked.error.offset);
    throw new InputError(source.file, `invalid JSON in ${what}: ${sentence(checked.error.message)}`, position);
  }
  return JSON.parse(source.text);
}

/** A message in house style: a lowercase sentence without a trailing period. */
function sentence(message: string): string {
  const trimmed = message.endsWith('.') ? message.slice(0, -1) : message;
  return trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
}

/**
 * The offset of each element of the top-level array in valid JSON `text`
 * (empty when the value is not an array), so a diagnostic about the n-th
 * payload can point at it.
 */
export function arrayElementOffsets(text: string): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    if (depth === 1 && expectElement && c !== 0x5d) {
      offsets.push(i);
      expectElement = false;
    }
    if (c === 0x22) {
      // Skip the string, escapes included.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth === 1) {
        if (c !== 0x5b) return [];
        expectElement = true;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
    else if (c === 0x2c && depth === 1) expectElement = true;
  }
  return offsets;
}
