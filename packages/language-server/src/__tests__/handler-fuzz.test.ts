import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileDocument } from '@wbrules/compiler';
import { LineIndex } from '@wbrules/dsl';
import { describe, expect, it } from 'vitest';
import { codeActions } from '../code-actions.js';
import { completion } from '../completion.js';
import { DocumentState } from '../document-analysis.js';
import { documentSymbols } from '../document-symbols.js';
import { formatDocument } from '../formatting.js';
import { hover } from '../hover.js';
import { integrationDefinition, integrationReferences } from '../integration-references.js';
import { documentDiagnostics } from '../lsp-diagnostics.js';
import { toPosition } from '../positions.js';

/**
 * No handler throws on any document: every prefix of every example file
 * (what an editor holds while the file is typed from the top) goes through
 * the incremental analysis and every handler, at the cursor (the prefix's
 * end) and at a few other places. Along the way, the analysis's diagnostics
 * are held equal to what `compileDocument` reports for the same text.
 */

const examplesDir = join(import.meta.dirname, '../../../../examples');
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.wbrules'));

describe('every handler on every prefix of every example', () => {
  for (const name of examples) {
    it(name, () => {
      const text = readFileSync(join(examplesDir, name), 'utf8');
      const state = new DocumentState(`file:///${name}`);
      let calls = 0;
      for (let end = 0; end <= text.length; end++) {
        const analysis = state.update(text.slice(0, end));
        const lines = new LineIndex(analysis.text);
        // The server's checking is the compiler's, minus lowering: the same diagnostics.
        if (end % 7 === 0 || end === text.length) {
          expect(analysis.diagnostics).toEqual(
            compileDocument({ file: analysis.uri, text: analysis.text }).diagnostics,
          );
        }
        documentDiagnostics(analysis);
        documentSymbols(analysis);
        const cursor = toPosition(lines, end);
        completion(analysis, cursor);
        hover(analysis, cursor);
        integrationDefinition(analysis, end);
        integrationReferences(analysis, end, true);
        codeActions(analysis, { start: { line: 0, character: 0 }, end: cursor });
        // Other offsets: the start, the middle, and past the end of the last line.
        for (const at of [0, end >> 1]) {
          completion(analysis, toPosition(lines, at));
          hover(analysis, toPosition(lines, at));
        }
        completion(analysis, { line: cursor.line + 3, character: 1000 });
        formatDocument(analysis);
        calls += 12;
      }
      expect(calls).toBe((text.length + 1) * 12);
    });
  }
});
