// Invariant: every ARIA prompt has 1 to 4,000 code points as written, and no ARIA action is on a registry scope.
import type { Check } from './check.js';
import { isRegistryScope } from '../model/scope-model.js';
import { maxAriaPromptLength } from '../model/wire-events.js';

/**
 * W&B limits a prompt to 4,000 characters (spec §6.5). The registry rule:
 * for a registry-scoped ARIA automation the App asks for the team that holds
 * the conversation, and no wire field for it is known, so such a rule could
 * not be sent as the App sends it.
 */
export const ariaActionCheck: Check = {
  name: 'aria-action',
  invariant: 'Every ARIA prompt has 1 to 4,000 code points as written, and no ARIA action is on a registry scope.',
  codes: ['WR3027', 'WR3029'],
  applies: { actions: ['AriaAction'] },
  start({ report }) {
    return {
      rule({ rule, scope }) {
        const action = rule.action;
        if (action.kind !== 'AriaAction') return;
        const prompt = action.prompt.value;
        const length = codePoints(prompt, maxAriaPromptLength + 1);
        if (length === 0 || prompt.trim() === '') {
          report({
            code: 'WR3027',
            message: length === 0 ? 'the ARIA prompt is empty' : 'the ARIA prompt has only whitespace',
            span: action.prompt.span,
            hints: ['Write what ARIA should do, for example "Explain why ${run_name} failed".'],
          });
        } else if (length > maxAriaPromptLength) {
          report({
            code: 'WR3027',
            message: `the ARIA prompt has ${codePoints(prompt, Number.POSITIVE_INFINITY).toLocaleString('en-US')} characters; W&B allows at most 4,000`,
            span: action.prompt.span,
            hints: ['Shorten the prompt. W&B checks the limit again after filling in the template variables.'],
          });
        }
        if (scope !== undefined && isRegistryScope(scope.node.scopeKind, scope.node.path.value)) {
          const where = `${scope.node.scopeKind} "${scope.node.path.value}"`;
          report({
            code: 'WR3029',
            message: `an ARIA action cannot be used in ${where}: for a registry the W&B App asks which team holds the ARIA conversation, and no field for that team is known`,
            span: action.span,
            related: [
              {
                message: scope.origin === 'rule' ? "the rule's scope" : 'the default scope that applies to this rule',
                span: scope.node.span,
              },
            ],
            hints: [
              'Use a project, team or org scope for this rule, or create the registry automation in the W&B App.',
            ],
          });
        }
      },
    };
  },
};

/** The number of code points in `text`, counting no further than `limit`. */
function codePoints(text: string, limit: number): number {
  if (text.length <= maxAriaPromptLength) return [...text].length;
  let n = 0;
  for (const _ of text) if (++n >= limit) break;
  return n;
}
