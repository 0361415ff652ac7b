/**
 * Comparing ASTs by meaning rather than position: what the formatter's round
 * trip promises ("the output parses to the same AST") and what a decompiler
 * test asserts ("compiling and decompiling gives the rule back").
 */
import type { Node } from './ast.js';

/**
 * A deep copy of `value` without any `span` property, and without
 * properties whose value is `undefined`, so a parsed tree and a hand-built
 * one compare equal with `toEqual` and show readable diffs.
 */
export function stripSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripSpans);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key !== 'span' && v !== undefined) out[key] = stripSpans(v);
  }
  return out;
}

/**
 * True when two trees are the same apart from spans. A `Document`'s
 * `comments` are trivia and are not compared: the formatter moves comments
 * and trims their trailing spaces, and its tests check them separately. A
 * property holding `undefined` counts as absent.
 */
export function equalIgnoringSpans(a: Node, b: Node): boolean {
  return same(a, b);
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => same(x, b[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const ignore = x.kind === 'Document' ? (k: string) => k === 'span' || k === 'comments' : (k: string) => k === 'span';
  const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => !ignore(k) && o[k] !== undefined);
  const kx = keys(x);
  if (kx.length !== keys(y).length) return false;
  return kx.every((k) => same(x[k], y[k]));
}
