/**
 * Test harness for the golden vectors (`spec/vectors/*.json`).
 *
 * The vectors are read with `parseJsonOrdered`, not `JSON.parse`, so the
 * tests see what the SDK wrote: key order and `1` versus `1.0` survive.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type JsonObject, type JsonText, jsonMember, parseJsonOrdered } from '../json/json-text.js';

/** The golden vectors, `spec/vectors/` at the repository root (provenance: spec/README.md). */
export function vectorsDir(): string {
  return fileURLToPath(new URL('../../../../spec/vectors', import.meta.url));
}

/** One vector case, with the members the compiler tests read. */
export interface VectorCase {
  readonly id: string;
  readonly json: JsonObject;
}

/** The cases of one vector file, in file order. */
export function loadVectorCases(file: string): VectorCase[] {
  const parsed = parseJsonOrdered(readFileSync(join(vectorsDir(), file), 'utf8'));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.error.message} at ${parsed.error.offset}`);
  const cases = asArray(member(asObject(parsed.value), 'cases'));
  return cases.map((c) => {
    const json = asObject(c);
    return { id: asString(member(json, 'id')), json };
  });
}

/** Follows a path of keys through nested objects; throws when a step is missing (a broken vector is a test failure). */
export function member(value: JsonText, ...keys: string[]): JsonText {
  let current = value;
  for (const key of keys) {
    const next = jsonMember(asObject(current), key);
    if (next === undefined) throw new Error(`vector member "${key}" missing`);
    current = next;
  }
  return current;
}

/** The value as an object, or a thrown error naming what it was instead. */
export function asObject(value: JsonText): JsonObject {
  if (value.kind !== 'object') throw new Error(`expected a JSON object, got ${value.kind}`);
  return value;
}

/** The items of an array value. */
export function asArray(value: JsonText): readonly JsonText[] {
  if (value.kind !== 'array') throw new Error(`expected a JSON array, got ${value.kind}`);
  return value.items;
}

/** The text of a string value. */
export function asString(value: JsonText): string {
  if (value.kind !== 'string') throw new Error(`expected a JSON string, got ${value.kind}`);
  return value.value;
}

/** Parses a JSON string the SDK produced (an `eventFilter`, a `run_filter`), failing the test if it does not parse. */
export function parseOrThrow(text: string): JsonText {
  const parsed = parseJsonOrdered(text);
  if (!parsed.ok) throw new Error(`${parsed.error.message} at ${parsed.error.offset} in ${text}`);
  return parsed.value;
}
