import type { ResolvedIntegration } from '@wbrules/compiler';
import type { Identifier, Span } from '@wbrules/dsl';
import type { Location } from 'vscode-languageserver';
import type { DocumentAnalysis } from './document-analysis.js';
import { toRange } from './positions.js';

/**
 * Integration names are the document's only user-defined symbols: a
 * declaration (`webhook ci = "..."`) and the actions that name it
 * (`-> webhook ci`). Names bind within one file, to the first declaration
 * of the name (as the compiler resolves them).
 */

/** The integration name under the cursor: in a declaration or in an action. */
export interface IntegrationNameAt {
  readonly name: string;
  readonly span: Span;
  /** The declaration the name binds to, if the file declares it. */
  readonly declaration: ResolvedIntegration | undefined;
}

function touches(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

/** The integration name at `offset`, if the cursor is on one. */
export function integrationNameAt(analysis: DocumentAnalysis, offset: number): IntegrationNameAt | undefined {
  const resolved = analysis.resolved;
  for (const { decl } of resolved.declarations) {
    if (touches(decl.name.span, offset)) {
      return { name: decl.name.name, span: decl.name.span, declaration: resolved.integrations.get(decl.name.name) };
    }
  }
  for (const use of integrationUses(analysis)) {
    if (touches(use.span, offset))
      return { name: use.name, span: use.span, declaration: resolved.integrations.get(use.name) };
  }
  return undefined;
}

/** Every action's integration name, in file order. */
export function integrationUses(analysis: DocumentAnalysis): Identifier[] {
  const uses: Identifier[] = [];
  for (const item of analysis.parsed.ast.items) {
    if (item.kind !== 'Rule') continue;
    const action = item.action;
    if (action.kind === 'WebhookAction' || action.kind === 'SlackAction') uses.push(action.integration);
  }
  return uses;
}

/** Go to definition: the declaration's name. */
export function integrationDefinition(analysis: DocumentAnalysis, offset: number): Location[] {
  const at = integrationNameAt(analysis, offset);
  if (at?.declaration === undefined) return [];
  return [{ uri: analysis.uri, range: toRange(analysis.lines, at.declaration.decl.name.span) }];
}

/** Find references: every action naming it, and its declarations when asked. */
export function integrationReferences(
  analysis: DocumentAnalysis,
  offset: number,
  includeDeclaration: boolean,
): Location[] {
  const at = integrationNameAt(analysis, offset);
  if (at === undefined) return [];
  const spans: Span[] = [];
  if (includeDeclaration) {
    for (const { decl } of analysis.resolved.declarations) {
      if (decl.name.name === at.name) spans.push(decl.name.span);
    }
  }
  for (const use of integrationUses(analysis)) if (use.name === at.name) spans.push(use.span);
  spans.sort((a, b) => a.start - b.start);
  return spans.map((span) => ({ uri: analysis.uri, range: toRange(analysis.lines, span) }));
}
