import { type Document, type Rule, visit } from '@wbrules/dsl';
import { deriveName } from './derive-name.js';

/**
 * Pinning derived names: for each rule written without `automation "NAME"`,
 * the text that names it with the name it already has. A pinned rule keeps
 * its automation (same name, same identity) when it is edited later; its
 * compiled `input` is exactly what it was.
 */

/** One insertion: `text` goes at `offset` (the start of the rule). */
export interface RuleNameInsertion {
  readonly offset: number;
  readonly name: string;
  /** `automation "NAME" ` — the header clause, followed by a space, to insert before the rule's first token. */
  readonly text: string;
}

/** The header clause that names a rule: `automation "NAME"` (shared by `fmt --name-rules` and the WR2001 quick fix). */
export function nameClause(name: string): string {
  return `automation ${JSON.stringify(name)}`;
}

/** The insertion that names `rule`, or `undefined` when it has a name. */
export function ruleNameInsertion(rule: Rule): RuleNameInsertion | undefined {
  if (rule.name !== undefined) return undefined;
  const name = deriveName(rule);
  return { offset: rule.span.start, name, text: `${nameClause(name)} ` };
}

/** Every unnamed rule of `document`, named: the insertions in source order. */
export function ruleNameInsertions(document: Document): RuleNameInsertion[] {
  const out: RuleNameInsertion[] = [];
  visit(document, {
    Rule(rule) {
      const insertion = ruleNameInsertion(rule);
      if (insertion !== undefined) out.push(insertion);
      return false;
    },
  });
  return out;
}

/** `text` with `insertions` applied (in any order). */
export function applyInsertions(text: string, insertions: readonly RuleNameInsertion[]): string {
  let out = text;
  for (const insertion of [...insertions].sort((a, b) => b.offset - a.offset))
    out = out.slice(0, insertion.offset) + insertion.text + out.slice(insertion.offset);
  return out;
}
