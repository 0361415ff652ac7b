import { eventTypeOf } from '@wbrules/compiler';
import { type DocumentSymbol, SymbolKind } from 'vscode-languageserver';
import type { DocumentAnalysis } from './document-analysis.js';
import { toRange } from './positions.js';

/**
 * One symbol per automation, named as it will be on the server: the
 * written `automation "NAME"` or the name the compiler derives. The detail
 * names the W&B event and the scope, so the outline reads like the list of
 * automations `wbrules plan` would show.
 */
export function documentSymbols(analysis: DocumentAnalysis): DocumentSymbol[] {
  return analysis.resolved.rules.map((resolved) => {
    const rule = resolved.rule;
    const scope = resolved.scope === undefined ? 'no scope' : `${resolved.scope.ref.kind} "${resolved.scope.ref.path}"`;
    return {
      // Editors reject an empty symbol name; `automation ""` is already an error.
      name: resolved.name === '' ? '(unnamed)' : resolved.name,
      detail: `${eventTypeOf(rule.event)} in ${scope}${resolved.derivedName ? ' (derived name)' : ''}`,
      kind: SymbolKind.Event,
      range: toRange(analysis.lines, rule.span),
      selectionRange: toRange(analysis.lines, rule.name?.span ?? rule.event.span),
    };
  });
}
