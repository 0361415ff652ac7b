// Invariant: every `${name}` in a webhook payload is a template variable W&B documents for the rule's event, or an upper-case secret name (otherwise: a warning).
import { visit } from '@wbrules/dsl';
import type { Check } from './check.js';
import { replaceFix } from './check.js';
import { didYouMean } from '../resolve/did-you-mean.js';
import { eventPhrase } from '../model/event-kinds.js';
import { valueSpans } from '../model/string-offsets.js';
import { isSecretName, templateReferences, templateVariablesOf } from '../model/template-variables.js';

/**
 * W&B substitutes the variables it knows and sends the rest verbatim, so an
 * unknown one is probably a typo but never an error (the table may lag
 * behind W&B).
 */
export const payloadTemplatesCheck: Check = {
  name: 'payload-templates',
  invariant:
    'Every ${name} in a webhook payload is a template variable W&B documents for the event, or an upper-case secret.',
  codes: ['WR3021'],
  start({ report }) {
    return {
      rule({ rule }) {
        const action = rule.action;
        if (action.kind !== 'WebhookAction' || action.payload === undefined) return;
        const available = templateVariablesOf(rule.event);
        const phrase = eventPhrase(rule.event);
        visit(action.payload, {
          StringLiteral(literal) {
            const spanOf = valueSpans(literal);
            for (const ref of templateReferences(literal.value)) {
              const name = ref.name;
              if (isSecretName(name) || available.names.includes(name)) continue;
              if (available.metadata && /^artifact_metadata\.[^.\s]+$/.test(name)) continue;
              const suggestion = didYouMean(name, available.names);
              const nameSpan = spanOf(ref.start + 2, ref.end - 1);
              report({
                code: 'WR3021',
                message: `"\${${name}}" is not a template variable W&B documents for "${phrase}" events`,
                span: spanOf(ref.start, ref.end) ?? literal.span,
                hints: [
                  ...(suggestion === undefined ? [] : [`Did you mean "\${${suggestion}}"?`]),
                  `Available: ${available.names.join(', ')}${available.metadata ? ', artifact_metadata.KEY' : ''}; upper-case names are secrets.`,
                ],
                ...(suggestion === undefined || nameSpan === undefined
                  ? {}
                  : { fixes: [replaceFix(`Change to "\${${suggestion}}"`, nameSpan, suggestion)] }),
              });
            }
          },
        });
      },
    };
  },
};
