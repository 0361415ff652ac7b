import { parseJsonOrdered } from '@wbrules/compiler';
import { LineIndex } from '@wbrules/dsl';
import { InputError } from './exit-code.js';
import type { InputFile } from './files.js';

/** A JSON input file's value, and where each element of a top-level array starts. */
export interface JsonFile {
  readonly value: unknown;
  /** The offset of each element when the value is an array (empty otherwise). */
  readonly elementOffsets: readonly number[];
}

/**
 * The value of a JSON input file (an ID map, a payload list, a plan). Invalid
 * JSON is an input error at its line and column; so is a key given twice in
 * one object, which `JSON.parse` would silently resolve by keeping the last.
 * The compiler's exact-JSON parser checks the text and says where a
 * top-level array's elements start, so a message about the n-th payload can
 * point at it.
 */
export function readJsonFile(source: InputFile, what: string): JsonFile {
  const checked = parseJsonOrdered(source.text, { duplicateKeys: 'reject', elementOffsets: true });
  if (!checked.ok) {
    const position = new LineIndex(source.text).locate(checked.error.offset);
    throw new InputError(source.file, `invalid JSON in ${what}: ${sentence(checked.error.message)}`, position);
  }
  return { value: JSON.parse(source.text), elementOffsets: checked.elementOffsets ?? [] };
}

/** The value of a JSON input file; see {@link readJsonFile}. */
export function parseJsonFile(source: InputFile, what: string): unknown {
  return readJsonFile(source, what).value;
}

/** A message in house style: a lowercase sentence without a trailing period. */
function sentence(message: string): string {
  const trimmed = message.endsWith('.') ? message.slice(0, -1) : message;
  return trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
}
