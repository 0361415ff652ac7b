// Invariant: every window size (`over N`, `within N`, `vs M`, `zscore over N`) is a positive integer written as one (`5`, not `5.0`).
import type { NumberLiteral } from '@wbrules/dsl';
import { type Check, type CheckContext, replaceFix } from './check.js';
import { numberValue, windowValue } from '../json/number-spelling.js';

function checkWindow(literal: NumberLiteral | undefined, report: CheckContext['report']): void {
  if (literal === undefined || literal.percent || windowValue(literal) !== undefined) return;
  const value = numberValue(literal);
  // Malformed spellings and out-of-range numbers have their own diagnostics.
  if (!value.ok) return;
  const n = value.value.kind === 'int' ? Number(value.value.text) : value.value.value;
  const fix =
    value.value.kind === 'float' && Number.isSafeInteger(n) && n >= 1
      ? [replaceFix(`Write ${n}`, literal.span, String(n))]
      : undefined;
  report({
    code: 'WR3004',
    message: `a window size must be a positive integer, found "${literal.raw}"`,
    span: literal.span,
    hints: ['A window counts logged values: 1, 5, 30, ...'],
    ...(fix === undefined ? {} : { fixes: fix }),
  });
}

/** Windows count logged values, so the SDK requires integers ≥ 1 (spec §4.2). */
export const windowSizeCheck: Check = {
  name: 'window-size',
  invariant: 'Every window size is a positive integer written as one.',
  codes: ['WR3004'],
  applies: { events: ['MetricThresholdEvent', 'MetricChangeEvent', 'MetricZScoreEvent'] },
  start({ report }) {
    return {
      rule({ rule }) {
        const event = rule.event;
        if (event.kind === 'MetricThresholdEvent') checkWindow(event.aggregation?.window, report);
        else if (event.kind === 'MetricChangeEvent') {
          checkWindow(event.window, report);
          checkWindow(event.priorWindow, report);
        } else if (event.kind === 'MetricZScoreEvent') checkWindow(event.window, report);
      },
    };
  },
};
