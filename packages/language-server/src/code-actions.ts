import { type CodeAction, CodeActionKind, type Range } from 'vscode-languageserver';
import type { DocumentAnalysis } from './document-analysis.js';
import { toLspDiagnostic } from './lsp-diagnostics.js';
import { toOffset, toRange } from './positions.js';

/**
 * Quick fixes: each fix a diagnostic carries (did-you-mean replacements, a
 * missing `%`, a swapped z-score comparison, ...) as a code action, for the
 * diagnostics that touch the requested range. The fixes themselves come
 * from the parser and the checks; this only converts their edits.
 */
export function codeActions(analysis: DocumentAnalysis, range: Range): CodeAction[] {
  const from = toOffset(analysis.lines, range.start);
  const to = toOffset(analysis.lines, range.end);
  const actions: CodeAction[] = [];
  for (const d of analysis.diagnostics) {
    if (d.fixes === undefined || d.fixes.length === 0) continue;
    if (d.file !== undefined && d.file !== analysis.uri) continue;
    if (d.span.end < from || d.span.start > to) continue;
    const diagnostic = toLspDiagnostic(analysis, d);
    for (const fix of d.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: d.fixes.length === 1,
        edit: {
          changes: {
            [analysis.uri]: fix.edits.map((e) => ({ range: toRange(analysis.lines, e.span), newText: e.newText })),
          },
        },
      });
    }
  }
  return actions;
}
