// Invariant: every rule's event is one W&B allows on the rule's scope (spec §3.1).
import type { Check } from './check.js';
import { allowedScopes, eventPhrase, eventTypeOf } from '../model/event-kinds.js';

const why: Readonly<Partial<Record<string, string>>> = {
  collection: 'run events cannot use a collection scope',
  registry: 'the SDK refuses run events on a registry scope',
};

/** `artifact created` only in a collection; run events only in a project, team or org. */
export const eventScopeCheck: Check = {
  name: 'event-scope',
  invariant: "Every rule's event is one W&B allows on the rule's scope.",
  codes: ['WR3001'],
  start({ report }) {
    return {
      rule({ rule, scope }) {
        if (scope === undefined) return;
        const allowed = allowedScopes[eventTypeOf(rule.event)];
        const kind = scope.node.scopeKind;
        if (allowed.includes(kind)) return;
        const where = `${kind} "${scope.node.path.value}"`;
        const phrase = eventPhrase(rule.event);
        const message =
          rule.event.kind === 'ArtifactEvent' && rule.event.action === 'created'
            ? `"artifact created" is allowed only in a collection scope, but this rule is in ${where}`
            : `"${phrase}" is not allowed in ${where}: ${why[kind] ?? `W&B allows it only in a ${allowed.join(', ')} scope`}`;
        report({
          code: 'WR3001',
          message,
          span: rule.event.span,
          related: [
            {
              message: scope.origin === 'rule' ? "the rule's scope" : 'the default scope that applies to this rule',
              span: scope.node.span,
            },
          ],
          hints: [`Allowed scopes for "${phrase}": ${allowed.join(', ')}.`],
        });
      },
    };
  },
};
