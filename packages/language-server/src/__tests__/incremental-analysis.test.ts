import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileDocument } from '@wbrules/compiler';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeText, DocumentState } from '../document-analysis.js';
import { documentDiagnostics } from '../lsp-diagnostics.js';
import { editedLineStarts, lineStarts } from '../positions.js';

/**
 * The incremental analysis (re-parse of the touched items, checks re-run
 * only on the rules an edit changed, the other rules' findings moved past
 * it) publishes exactly what a fresh analysis of the same text does, after
 * every edit of a random sequence: one-character edits as typing makes
 * them, and bigger ones that break and mend rules, scopes and declarations.
 */

const examplesDir = join(import.meta.dirname, '../../../../examples');
const examples = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.wbrules'))
  .map((f) => readFileSync(join(examplesDir, f), 'utf8'));
// Bigger documents: several examples one after another (many scopes, declarations and defaults).
const documents = [...examples, examples.join('\n'), [...examples].reverse().join('\n\n')];

const characters = ['x', '7', ' ', '\n', '"', '#', '{', '}', '-', '>', '.', '%', 'e', '\r'];
const snippets = [
  'in project "a/b"\n',
  'webhook ci = "h"\n',
  'slack alerts = "#c"\n',
  'automation "x"\n',
  'on run state failed -> webhook ci\n',
  ' -> slack alerts\n',
  'ci',
  'disabled\n',
];

const oneCharacter = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 1 }),
  insert: fc.oneof(fc.constant(''), fc.constantFrom(...characters)),
});
const bigger = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 20 }),
  insert: fc.constantFrom(...snippets),
});

function check(start: string, edits: readonly { at: number; remove: number; insert: string }[]): void {
  const uri = 'file:///doc.wbrules';
  const state = new DocumentState(uri);
  let text = start;
  state.update(text);
  for (const e of edits) {
    const at = e.at % (text.length + 1);
    text = text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
    const analysis = state.update(text);
    const fresh = analyzeText(uri, text);
    expect(analysis.diagnostics).toEqual(fresh.diagnostics);
    expect(documentDiagnostics(analysis)).toEqual(documentDiagnostics(fresh));
    expect(analysis.lines.lineCount).toBe(fresh.lines.lineCount);
    for (const offset of [0, at, at + 1, at + e.insert.length, text.length >> 1, text.length]) {
      expect(analysis.lines.locate(offset)).toEqual(fresh.lines.locate(offset));
    }
  }
  expect(state.update(text).diagnostics).toEqual(compileDocument({ file: uri, text }).diagnostics);
}

describe('incremental analysis', () => {
  it('publishes what a fresh analysis does after random one-character edits', () => {
    fc.assert(
      fc.property(fc.constantFrom(...documents), fc.array(oneCharacter, { minLength: 1, maxLength: 20 }), check),
      { numRuns: 150 },
    );
  });

  it('publishes what a fresh analysis does after edits that add and break rules, scopes and declarations', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...documents),
        fc.array(fc.oneof(oneCharacter, bigger), { minLength: 1, maxLength: 12 }),
        check,
      ),
      { numRuns: 150 },
    );
  });

  it('keeps the line starts right after any edit, line breaks of every kind included', () => {
    const piece = fc.constantFrom('a', 'bc', '\n', '\r', '\r\n', '\n\n', ' ');
    const textOf = fc.array(piece, { maxLength: 30 }).map((p) => p.join(''));
    fc.assert(
      fc.property(textOf, fc.nat(), fc.nat({ max: 4 }), textOf, (before, at0, remove, insert) => {
        const at = at0 % (before.length + 1);
        const end = Math.min(before.length, at + remove);
        const after = before.slice(0, at) + insert + before.slice(end);
        // The edit as the parser reports it: the stretch between the common prefix and suffix.
        let start = 0;
        while (start < Math.min(before.length, after.length) && before[start] === after[start]) start++;
        let suffix = 0;
        while (
          suffix < Math.min(before.length, after.length) - start &&
          before[before.length - 1 - suffix] === after[after.length - 1 - suffix]
        ) {
          suffix++;
        }
        const edit = { start, oldEnd: before.length - suffix, delta: after.length - before.length };
        expect(editedLineStarts(lineStarts(before), after, edit)).toEqual(lineStarts(after));
        // Also for an edit reported wider than it is (any stretch holding the change will do).
        const wide = { start: Math.min(start, at), oldEnd: Math.max(edit.oldEnd, end), delta: edit.delta };
        expect(editedLineStarts(lineStarts(before), after, wide)).toEqual(lineStarts(after));
      }),
      { numRuns: 2000 },
    );
  });
});
