// Invariant: every `${name}` in a webhook payload or an ARIA prompt is a template variable W&B documents for the rule's event (otherwise: a warning); upper-case secret names are allowed in payloads and an error in prompts.
import type { Action, StringLiteral } from '@wbrules/dsl';
import type { Check, CheckReport } from './check.js';
import { replaceFix } from './check.js';
import { didYouMean } from '../resolve/did-you-mean.js';
import { eventPhrase } from '../model/event-kinds.js';
import { valueSpans } from '../model/string-offsets.js';
import {
  allTemplateVariables,
  isSecretName,
  templateReferences,
  templateVariablesOf,
} from '../model/template-variables.js';
import { forEachJsonNode } from './rule-parts.js';

/**
 * W&B substitutes the variables it knows and fills a documented variable
 * that does not apply to the event with an empty string, so an unknown one
 * is probably a typo but never an error (the table may lag behind W&B).
 * Secrets are resolved only for webhooks: ARIA has none, so a secret name in
 * a prompt would reach the agent as its literal text (spec §6.5).
 */
export const payloadTemplatesCheck: Check = {
  name: 'payload-templates',
  invariant:
    'Every ${name} in a webhook payload or ARIA prompt is a template variable W&B documents for the event; upper-case secrets only in webhook payloads.',
  codes: ['WR3021', 'WR3028'],
  applies: { actions: ['WebhookAction', 'AriaAction'] },
  start({ report }) {
    return {
      rule({ rule }) {
        const strings = templatedStrings(rule.action);
        if (strings.length === 0) return;
        const prompt = rule.action.kind === 'AriaAction';
        const available = templateVariablesOf(rule.event);
        for (const literal of strings) {
          if (!literal.value.includes('${')) continue;
          const spanOf = valueSpans(literal);
          for (const ref of templateReferences(literal.value)) {
            const name = ref.name;
            if (isSecretName(name)) {
              if (prompt) report(secretInPrompt(name, spanOf(ref.start, ref.end) ?? literal.span));
              continue;
            }
            if (available.names.includes(name)) continue;
            if (available.metadata && /^artifact_metadata\.[^.\s]+$/.test(name)) continue;
            const span = spanOf(ref.start, ref.end) ?? literal.span;
            const phrase = eventPhrase(rule.event);
            const suggestion = didYouMean(name, available.names);
            const nameSpan = spanOf(ref.start + 2, ref.end - 1);
            const elsewhere = allTemplateVariables.has(name) || /^artifact_metadata\.[^.\s]+$/.test(name);
            report({
              code: 'WR3021',
              message: elsewhere
                ? `"\${${name}}" does not apply to "${phrase}" events: W&B fills it in as an empty string`
                : `"\${${name}}" is not a template variable W&B documents for "${phrase}" events`,
              span,
              hints: [
                ...(suggestion === undefined ? [] : [`Did you mean "\${${suggestion}}"?`]),
                `Available: ${available.names.join(', ')}${available.metadata ? ', artifact_metadata.KEY' : ''}${prompt ? '' : '; upper-case names are secrets'}.`,
              ],
              ...(suggestion === undefined || nameSpan === undefined
                ? {}
                : { fixes: [replaceFix(`Change to "\${${suggestion}}"`, nameSpan, suggestion)] }),
            });
          }
        }
      },
    };
  },
};

/** The strings of an action that W&B fills template variables into. */
function templatedStrings(action: Action): StringLiteral[] {
  if (action.kind === 'AriaAction') return [action.prompt];
  if (action.kind !== 'WebhookAction' || action.payload === undefined) return [];
  const out: StringLiteral[] = [];
  forEachJsonNode(action.payload, (node) => {
    if (node.kind === 'StringLiteral') out.push(node);
  });
  return out;
}

function secretInPrompt(name: string, span: CheckReport['span']): CheckReport {
  return {
    code: 'WR3028',
    message: `"\${${name}}" is a secret, and ARIA has none: the agent would get the text "\${${name}}" itself`,
    span,
    hints: [
      'Secrets and the access token are filled in only in webhook payloads. Remove it from the prompt, or send the event to a webhook instead.',
    ],
  };
}
