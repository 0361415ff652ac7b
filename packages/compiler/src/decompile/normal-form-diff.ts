import { type JsonText, jsonEquals, stringify } from '../json/json-text.js';

/**
 * What differs between two normal forms (`automationNormalForm`), field by
 * field, for a plan a person reads: each change names the decoded path
 * (`event.filter.run_metric_filter.threshold_filter.threshold`, the JSON
 * strings already opened) and shows both values as compact JSON. Objects are
 * compared member by member (unless they have no key in common: a filter of
 * another kind of event shows whole); arrays item by item when their lengths
 * agree, otherwise as a whole (a filter that gained a condition shows both
 * lists).
 * Pure and browser-safe.
 */

/** One changed field: absent on one side when the field exists on only the other. */
export interface FieldChange {
  /** Dotted path into the normal form; array items as `[i]`. */
  readonly path: string;
  /** Compact JSON of the saved value, or absent when the saved automation has no such field. */
  readonly before?: string;
  /** Compact JSON of the wanted value, or absent when the rule has no such field. */
  readonly after?: string;
}

/** Every difference from `before` (what the server holds) to `after` (what the files want), in key order. */
export function diffNormalForms(before: JsonText, after: JsonText): FieldChange[] {
  const changes: FieldChange[] = [];
  walk(before, after, '', changes);
  return changes;
}

function walk(before: JsonText | undefined, after: JsonText | undefined, path: string, out: FieldChange[]): void {
  if (before !== undefined && after !== undefined && jsonEquals(before, after)) return;
  // Objects with no key in common (a filter of another event kind) are shown whole.
  if (before?.kind === 'object' && after?.kind === 'object' && sharesKey(before, after)) {
    const keys = [...new Set([...before.entries.map(([k]) => k), ...after.entries.map(([k]) => k)])].sort((a, b) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    for (const key of keys) {
      const child = path === '' ? key : `${path}.${key}`;
      walk(member(before, key), member(after, key), child, out);
    }
    return;
  }
  if (before?.kind === 'array' && after?.kind === 'array' && before.items.length === after.items.length) {
    before.items.forEach((item, i) => {
      walk(item, after.items[i], `${path}[${i}]`, out);
    });
    return;
  }
  out.push({
    path,
    ...(before === undefined ? {} : { before: stringify(before) }),
    ...(after === undefined ? {} : { after: stringify(after) }),
  });
}

function sharesKey(a: JsonText & { kind: 'object' }, b: JsonText & { kind: 'object' }): boolean {
  return a.entries.length === 0 || b.entries.length === 0 || a.entries.some(([k]) => member(b, k) !== undefined);
}

function member(value: JsonText & { kind: 'object' }, key: string): JsonText | undefined {
  for (const [k, v] of value.entries) if (k === key) return v;
  return undefined;
}
