// Invariant: every field a `where` filter tests exists on the rule's event: `run.name` for run events, `alias` and `tag` for artifact events.
import type { Check } from './check.js';
import { replaceFix } from './check.js';
import { didYouMean } from '../resolve/did-you-mean.js';
import { eventFamilyOf, eventPhrase } from '../model/event-kinds.js';
import { filterFields } from '../model/filter-fields.js';
import { forEachCondition } from './rule-parts.js';

/** Field names people write for the fields the language has. */
const synonyms: Readonly<Record<string, string>> = {
  name: 'run.name',
  display_name: 'run.name',
  'run.display_name': 'run.name',
  run_name: 'run.name',
  aliases: 'alias',
  'artifact.alias': 'alias',
  tags: 'tag',
  'artifact.tag': 'tag',
};

/** The SDK exposes one run field (the display name) and the alias and tag of artifact events (spec §4.1, §4.4). */
export const filterFieldsCheck: Check = {
  name: 'filter-fields',
  invariant:
    "Every field a where filter tests exists on the rule's event: run.name for run events, alias and tag for artifact events.",
  codes: ['WR3015'],
  applies: { filter: true },
  start({ report }) {
    return {
      rule({ rule }) {
        if (rule.filter === undefined) return;
        const family = eventFamilyOf(rule.event);
        const fields = filterFields[family];
        forEachCondition(rule.filter, ({ field }) => {
          if (fields.has(field.path)) return;
          const phrase = eventPhrase(rule.event);
          const otherFamily = family === 'run' ? 'artifact' : 'run';
          const allowed = [...fields.keys()].join('" and "');
          const suggestion = synonyms[field.path] ?? didYouMean(field.path, fields.keys());
          const usable = suggestion !== undefined && fields.has(suggestion) ? suggestion : undefined;
          const message = filterFields[otherFamily].has(field.path)
            ? `"${field.path}" is a field of ${otherFamily} events; "${phrase}" rules can filter on "${allowed}" only`
            : `unknown field "${field.path}" for "${phrase}" rules, which can filter on "${allowed}" only`;
          report({
            code: 'WR3015',
            message,
            span: field.span,
            ...(usable === undefined
              ? {}
              : {
                  hints: [`Did you mean "${usable}"?`],
                  fixes: [replaceFix(`Change to "${usable}"`, field.span, usable)],
                }),
          });
        });
      },
    };
  },
};
