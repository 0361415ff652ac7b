// Invariant: every integration declaration is used by at least one rule of its file.
import type { Check } from './check.js';

/** An unused declaration is usually a typo in the action that should use it, so it is worth a warning. */
export const unusedIntegrationCheck: Check = {
  name: 'unused-integration',
  invariant: 'Every integration declaration is used by at least one rule of its file.',
  codes: ['WR3025'],
  applies: { actions: ['WebhookAction', 'SlackAction'] },
  start({ integrations, report }) {
    const used = new Set<string>();
    return {
      rule({ rule }) {
        if (rule.action.kind === 'WebhookAction' || rule.action.kind === 'SlackAction')
          used.add(rule.action.integration.name);
      },
      end() {
        for (const [name, { decl }] of integrations) {
          if (used.has(name)) continue;
          report({
            code: 'WR3025',
            message: `the ${decl.integrationKind} integration "${name}" is declared but no rule uses it`,
            span: decl.name.span,
            fixes: [{ title: `Remove the declaration of "${name}"`, edits: [{ span: decl.span, newText: '' }] }],
          });
        }
      },
    };
  },
};
