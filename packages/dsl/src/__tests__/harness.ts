/**
 * Shared helpers for the dsl tests: the example corpus, comment extraction
 * and the formatter's round-trip properties, asserted the same way for
 * example files, generated documents and fuzzed text.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { equalIgnoringSpans, format, parse, stripSpans, tokenize } from '../index.js';

/** The repository root (tests run from source, so this file's location is fixed). */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Every `*.wbrules` file under `examples/` and `packages/{pkg}/src/__tests__/fixtures/`, read at test time. */
export function exampleFiles(): { name: string; text: string }[] {
  const roots = [join(repoRoot, 'examples')];
  for (const pkg of safeReaddir(join(repoRoot, 'packages')))
    roots.push(join(repoRoot, 'packages', pkg, 'src', '__tests__', 'fixtures'));
  const files: string[] = [];
  for (const root of roots) collect(root, files);
  return files.sort().map((path) => ({ name: relative(repoRoot, path), text: readFileSync(path, 'utf8') }));
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function collect(dir: string, out: string[]): void {
  for (const entry of safeReaddir(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (entry.endsWith('.wbrules')) out.push(path);
  }
}

/** The comment texts of a source, in order, trailing spaces trimmed (the formatter trims them). */
export function commentTexts(text: string): string[] {
  return tokenize(text).comments.map((c) => c.text.trimEnd());
}

/** Reads a fixture of this package by file name. */
export function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');
}

/**
 * Asserts everything `format` promises for a text that parses cleanly:
 * the output is in canonical form (idempotent, one final newline, no
 * trailing spaces, `\n` only), parses with no diagnostics to the same AST,
 * keeps every comment in order, lines up its end-of-line comments, and
 * formatting the parsed Document with its source gives the same text as
 * formatting the string.
 */
export function expectFormatProperties(text: string): string {
  const before = parse(text);
  expect(before.diagnostics).toEqual([]);
  const out = format(text);
  const after = parse(out);
  expect(after.diagnostics).toEqual([]);
  if (!equalIgnoringSpans(before.ast, after.ast)) {
    expect(stripSpans({ ...after.ast, comments: [] })).toEqual(stripSpans({ ...before.ast, comments: [] }));
  }
  expect(commentTexts(out)).toEqual(commentTexts(text));
  expect(format(out)).toBe(out);
  expect(format(before.ast, { source: text })).toBe(out);
  if (out !== '') expect(out.endsWith('\n') && !out.endsWith('\n\n')).toBe(true);
  expect(out).not.toMatch(/[ \t]$/m);
  expect(out).not.toMatch(/\r/);
  expectAlignedComments(out);
  return out;
}

/**
 * Asserts that in formatted text every run of consecutive lines ending in a
 * comment has its comments in one column, one space after the widest code of
 * the run (widths in code points), read from the text alone.
 */
export function expectAlignedComments(out: string): void {
  const starts = [0];
  for (let i = out.indexOf('\n'); i !== -1; i = out.indexOf('\n', i + 1)) starts.push(i + 1);
  const trailing = new Map<number, { code: number; column: number }>();
  let row = 0;
  for (const c of tokenize(out).comments) {
    while ((starts[row + 1] ?? Number.POSITIVE_INFINITY) <= c.span.start) row++;
    const before = out.slice(starts[row], c.span.start);
    if (before.trim() === '') continue;
    trailing.set(row, { code: [...before.trimEnd()].length, column: [...before].length });
  }
  for (let first = 0; first < starts.length; first++) {
    if (!trailing.has(first) || trailing.has(first - 1)) continue;
    const run: { code: number; column: number }[] = [];
    for (let r = first; trailing.has(r); r++) run.push(trailing.get(r) as { code: number; column: number });
    const widest = Math.max(...run.map((l) => l.code));
    expect(
      run.map((l) => l.column),
      `the comments of the run at line ${first + 1}`,
    ).toEqual(run.map(() => widest + 1));
  }
}
