// Invariant: a run event at a team or org scope is warned about: the W&B App does not offer it there.
import type { Check } from './check.js';
import { eventPhrase, eventTypeOf } from '../model/event-kinds.js';

const runEvents: ReadonlySet<string> = new Set(['RUN_METRIC', 'RUN_METRIC_CHANGE', 'RUN_METRIC_ZSCORE', 'RUN_STATE']);

/**
 * The SDK (and W&B's API) accept run events at an entity scope, but W&B's
 * documentation says the App offers them only in a project (spec §11), so
 * such an automation may not be visible or editable in the App. A warning,
 * not an error: the API takes it. docs/semantics.md cites the page.
 */
export const runEventAppScopeCheck: Check = {
  name: 'run-event-app-scope',
  invariant: 'A run event at a team or org scope is warned about: the W&B App does not offer run events there.',
  codes: ['WR3030'],
  start({ report }) {
    return {
      rule({ rule, scope }) {
        if (scope === undefined) return;
        const kind = scope.node.scopeKind;
        if (kind !== 'team' && kind !== 'org') return;
        if (!runEvents.has(eventTypeOf(rule.event))) return;
        report({
          code: 'WR3030',
          message: `"${eventPhrase(rule.event)}" in ${kind} "${scope.node.path.value}": W&B accepts it, but the W&B App offers run events only in a project, so this automation may not be visible or editable there`,
          span: rule.event.span,
          related: [
            {
              message: scope.origin === 'rule' ? "the rule's scope" : 'the default scope that applies to this rule',
              span: scope.node.span,
            },
          ],
          hints: [
            'Use a project scope to manage it in the App too, or keep it and manage it with wbrules only (see docs/semantics.md, "Run events at team and org scope").',
          ],
        });
      },
    };
  },
};
