// Invariant: every action names an integration declared in its file, of the kind the action needs (`webhook` or `slack`).
import type { Check } from './check.js';
import { replaceFix } from './check.js';
import { didYouMean } from '../resolve/did-you-mean.js';

/** Integrations are bound by local name within one file; a webhook cannot post to Slack or the reverse. */
export const integrationUseCheck: Check = {
  name: 'integration-use',
  invariant: 'Every action names an integration declared in its file, of the kind the action needs.',
  codes: ['WR3019', 'WR3020'],
  applies: { actions: ['WebhookAction', 'SlackAction'] },
  start({ declarations, report }) {
    // Listed once per kind, not once per unknown name: a file with many
    // integrations and many misspelled references stays linear.
    const names = new Map<string, string[]>();
    const namesOfKind = (kind: string): string[] => {
      let list = names.get(kind);
      if (list === undefined) {
        list = declarations.filter((d) => d.decl.integrationKind === kind).map((d) => d.decl.name.name);
        names.set(kind, list);
      }
      return list;
    };
    return {
      rule({ rule, declaration }) {
        const action = rule.action;
        if (action.kind !== 'WebhookAction' && action.kind !== 'SlackAction') return;
        const needed = action.kind === 'WebhookAction' ? 'webhook' : 'slack';
        const name = action.integration.name;
        if (declaration === undefined) {
          const suggestion = didYouMean(name, namesOfKind(needed));
          const hints =
            suggestion !== undefined
              ? [`Did you mean "${suggestion}"?`]
              : [
                  `Declare it in this file: ${needed} ${name} = "${needed === 'slack' ? '#channel' : 'integration-name'}".`,
                ];
          report({
            code: 'WR3019',
            message: `unknown ${needed} integration "${name}"`,
            span: action.integration.span,
            hints,
            ...(suggestion === undefined
              ? {}
              : { fixes: [replaceFix(`Change to "${suggestion}"`, action.integration.span, suggestion)] }),
          });
          return;
        }
        const declared = declaration.decl.integrationKind;
        if (declared === needed) return;
        report({
          code: 'WR3020',
          message: `"${name}" is a ${declared} integration, but "-> ${needed}" needs a ${needed} integration`,
          span: action.integration.span,
          related: [{ message: `"${name}" is declared as a ${declared} here`, span: declaration.decl.span }],
          hints: [`Use "-> ${declared} ${name}", or declare a ${needed} integration for this action.`],
        });
      },
    };
  },
};
