// Invariant: a Slack action's severity is `info`, `warn` or `error`.
import type { Check } from './check.js';
import { replaceFix } from './check.js';
import { severityNames } from '../model/alert-severity.js';
import { didYouMean } from '../resolve/did-you-mean.js';

/** Longer spellings people reach for, mapped to the word the language uses. */
const synonyms: Readonly<Record<string, string>> = {
  warning: 'warn',
  information: 'info',
  err: 'error',
  critical: 'error',
};

/** W&B knows three alert severities (spec §3.4). */
export const slackSeverityCheck: Check = {
  name: 'slack-severity',
  invariant: "A Slack action's severity is info, warn or error.",
  codes: ['WR3014'],
  applies: { actions: ['SlackAction'] },
  start({ report }) {
    return {
      rule({ rule }) {
        const action = rule.action;
        if (action.kind !== 'SlackAction' || action.severity === undefined) return;
        const word = action.severity.name;
        if (severityNames.has(word)) return;
        const suggestion = synonyms[word.toLowerCase()] ?? didYouMean(word, severityNames.keys());
        report({
          code: 'WR3014',
          message: `unknown severity "${word}"`,
          span: action.severity.span,
          hints: [
            ...(suggestion === undefined ? [] : [`Did you mean "${suggestion}"?`]),
            'Severities are info, warn and error.',
          ],
          ...(suggestion === undefined
            ? {}
            : { fixes: [replaceFix(`Change to "${suggestion}"`, action.severity.span, suggestion)] }),
        });
      },
    };
  },
};
