/**
 * The shared harness for checker tests: compile a snippet, get its
 * diagnostics as `{code, start, end, message}`, and drive table tests where
 * `[[...]]` in a row's source marks the exact span each diagnostic must have.
 */

import type { Diagnostic, DiagnosticCode, Fix } from '@wbrules/dsl';
import { describe, expect, test } from 'vitest';
import type { Check } from '../checks/check.js';
import { compile } from '../compile.js';
import type { CompileOptions } from '../model/types.js';

/** A diagnostic reduced to what a table asserts. */
export interface Found {
  readonly code: string;
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

/** Every diagnostic of a one-file compile, in order. */
export function diagnosticsOf(source: string, options: CompileOptions = {}): readonly Diagnostic[] {
  return compile([{ file: 'test.wbrules', text: source }], options).diagnostics;
}

/** The diagnostics of a snippet, optionally only those with the given codes. */
export function diagnose(source: string, options: CompileOptions & { codes?: readonly string[] } = {}): Found[] {
  return diagnosticsOf(source, options)
    .filter((d) => options.codes === undefined || options.codes.includes(d.code))
    .map((d) => ({ code: d.code, start: d.span.start, end: d.span.end, message: d.message }));
}

/**
 * Strips span markers, returning the clean source and the spans they
 * marked: `[[...]]`, or `⟦...⟧` where the marked text itself has brackets.
 */
export function unmark(marked: string): { source: string; spans: { start: number; end: number }[] } {
  const spans: { start: number; end: number }[] = [];
  let source = '';
  let open = -1;
  for (let i = 0; i < marked.length; i++) {
    const two = marked.slice(i, i + 2);
    if (open < 0 && (two === '[[' || marked[i] === '⟦')) {
      open = source.length;
      if (two === '[[' && marked[i] !== '⟦') i++;
    } else if (open >= 0 && (two === ']]' || marked[i] === '⟧')) {
      spans.push({ start: open, end: source.length });
      open = -1;
      if (two === ']]' && marked[i] !== '⟧') i++;
    } else {
      source += marked[i];
    }
  }
  return { source, spans };
}

/** The text after applying a fix's edits (right to left, so earlier offsets stay valid). */
export function applyFix(source: string, fix: Fix): string {
  const edits = [...fix.edits].sort((a, b) => b.span.start - a.span.start);
  let out = source;
  for (const edit of edits) out = out.slice(0, edit.span.start) + edit.newText + out.slice(edit.span.end);
  return out;
}

/** One rejected input: every `[[...]]` span gets one diagnostic with `code`, and nothing else of the check's codes appears. */
export interface RejectRow {
  readonly source: string;
  readonly code: DiagnosticCode;
  /** The exact message of the first marked diagnostic (a RegExp to match part of it). */
  readonly message?: string | RegExp;
  /** The source after applying the first diagnostic's first fix. */
  readonly fixed?: string;
  /** A hint the first diagnostic must carry (substring). */
  readonly hint?: string;
}

/**
 * A table test for one check: each rejected row produces exactly its marked
 * diagnostics (code and span) among the check's codes; each accepted source
 * produces none of the check's codes and no error at all.
 */
export function checkTable(check: Check, table: { rejects: readonly RejectRow[]; accepts: readonly string[] }): void {
  describe(`check ${check.name}`, () => {
    test.each(table.rejects.map((row) => [row.source, row] as const))('rejects %s', (_, row) => {
      const { source, spans } = unmark(row.source);
      const all = diagnosticsOf(source);
      const found = all.filter((d) => (check.codes as readonly string[]).includes(d.code));
      expect(found.map((d) => ({ code: d.code, start: d.span.start, end: d.span.end }))).toEqual(
        spans.map((s) => ({ code: row.code, ...s })),
      );
      const first = found[0] as Diagnostic;
      if (row.message instanceof RegExp) expect(first.message).toMatch(row.message);
      else if (row.message !== undefined) expect(first.message).toBe(row.message);
      if (row.hint !== undefined) expect((first.hints ?? []).join('\n')).toContain(row.hint);
      if (row.fixed !== undefined) {
        const fix = first.fixes?.[0];
        expect(fix, 'expected a fix').toBeDefined();
        expect(applyFix(source, fix as Fix)).toBe(row.fixed);
        // The fix must actually cure the problem.
        const after = diagnosticsOf(row.fixed).filter((d) => (check.codes as readonly string[]).includes(d.code));
        expect(after.length).toBeLessThan(found.length);
      }
    });
    test.each(table.accepts.map((source) => [source] as const))('accepts %s', (source) => {
      const errors = diagnosticsOf(source).filter(
        (d) => d.severity === 'error' || (check.codes as readonly string[]).includes(d.code),
      );
      expect(errors.map((d) => ({ code: d.code, message: d.message }))).toEqual([]);
    });
  });
}
