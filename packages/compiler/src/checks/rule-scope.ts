// Invariant: every rule has a scope, its own `in SCOPE` or a top-level `in` default before it in the same file.
import type { Check } from './check.js';

/** A rule with no scope cannot be sent: W&B automations always belong to a project, collection or entity. */
export const ruleScopeCheck: Check = {
  name: 'rule-scope',
  invariant: 'Every rule has a scope: its own `in SCOPE` or a top-level `in` default before it in the same file.',
  codes: ['WR3002'],
  start({ report }) {
    return {
      rule({ rule, scope }) {
        if (scope !== undefined) return;
        report({
          code: 'WR3002',
          message: 'this rule has no scope',
          span: rule.event.span,
          hints: [
            'Add "in project "entity/project"" after the event, or a default such as "in project "entity/project"" on its own line before the rule (defaults apply within their file only).',
          ],
        });
      },
    };
  },
};
