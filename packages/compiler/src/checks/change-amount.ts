// Invariant: every change amount (`changes by X`, `increases by X`, `decreases by X`) is greater than zero.
import type { Check } from './check.js';
import { replaceFix } from './check.js';
import { numberValue, signOf } from '../json/number-spelling.js';

/** The SDK never encodes a direction by sign: `decreases by 2`, not `changes by -2` (spec §4.2.2). */
export const changeAmountCheck: Check = {
  name: 'change-amount',
  invariant: 'Every change amount is greater than zero.',
  codes: ['WR3005'],
  applies: { events: ['MetricChangeEvent'] },
  start({ report }) {
    return {
      rule({ rule }) {
        const event = rule.event;
        if (event.kind !== 'MetricChangeEvent') return;
        const value = numberValue(event.amount);
        if (!value.ok || signOf(value.value) > 0) return;
        const negative = event.amount.raw.startsWith('-');
        const fixes = [];
        if (negative && signOf(value.value) < 0) {
          const positive = event.amount.raw.slice(1) + (event.amount.percent ? '%' : '');
          if (event.direction.direction === 'increases') {
            fixes.push({
              title: `Write "decreases by ${positive}"`,
              edits: [
                { span: event.direction.span, newText: 'decreases' },
                { span: event.amount.span, newText: positive },
              ],
            });
          } else {
            fixes.push(replaceFix(`Write ${positive}`, event.amount.span, positive));
          }
        }
        report({
          code: 'WR3005',
          message: `a change amount must be greater than zero, found "${event.amount.raw}${event.amount.percent ? '%' : ''}"`,
          span: event.amount.span,
          hints: ['The direction comes from the word: "increases by", "decreases by" or "changes by" (either way).'],
          ...(fixes.length === 0 ? {} : { fixes }),
        });
      },
    };
  },
};
