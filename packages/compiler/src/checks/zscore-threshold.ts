// Invariant: a z-score threshold's sign fits its comparison: `>` needs t > 0, `<` needs t < 0, and `abs zscore` takes only `>`/`>=` with t > 0.
import type { Fix, MetricZScoreEvent } from '@wbrules/dsl';
import { type Check, type CheckContext, replaceFix } from './check.js';
import { numberValue, signOf } from '../json/number-spelling.js';

const flipped: Readonly<Record<string, string>> = { '>': '<', '>=': '<=', '<': '>', '<=': '>=' };

function checkZScore(event: MetricZScoreEvent, report: CheckContext['report']): void {
  const op = event.comparator.op;
  if (op === '==' || op === '!=') return; // metric-comparator reports these
  const value = numberValue(event.threshold);
  if (!value.ok) return;
  const sign = signOf(value.value);
  const raw = event.threshold.raw;
  const upward = op === '>' || op === '>=';
  const swap = (): Fix => replaceFix(`Write "${flipped[op]} ${raw}"`, event.comparator.span, flipped[op] as string);
  const negated = raw.startsWith('-') ? raw.slice(1) : `-${raw}`;
  if (event.abs !== undefined) {
    if (!upward) {
      const fixes: Fix[] = [];
      if (sign !== 0) {
        fixes.push({
          title: `Write "${flipped[op]} ${sign < 0 ? negated : raw}"`,
          edits: [
            { span: event.comparator.span, newText: flipped[op] as string },
            ...(sign < 0 ? [{ span: event.threshold.span, newText: negated }] : []),
          ],
        });
      }
      report({
        code: 'WR3009',
        message: `"abs zscore" cannot use "${op}": W&B fires when the z-score's magnitude reaches the threshold`,
        span: event.comparator.span,
        hints: ['Write "abs zscore over N > 3" for a move of 3 standard deviations either way.'],
        ...(fixes.length === 0 ? {} : { fixes }),
      });
    } else if (sign <= 0) {
      report({
        code: 'WR3008',
        message: `"abs zscore" needs a positive threshold, found "${raw}"`,
        span: event.threshold.span,
        ...(sign < 0 ? { fixes: [replaceFix(`Write ${negated}`, event.threshold.span, negated)] } : {}),
      });
    }
    return;
  }
  if (upward && sign <= 0) {
    report({
      code: 'WR3008',
      message: `"${op}" on a z-score needs a positive threshold (a rise above the mean), found "${raw}"`,
      span: event.threshold.span,
      hints: ['For a drop below the mean write a negative threshold with "<", e.g. "zscore over 30 < -3".'],
      ...(sign < 0 ? { fixes: [swap()] } : {}),
    });
  } else if (!upward && sign >= 0) {
    report({
      code: 'WR3008',
      message: `"${op}" on a z-score needs a negative threshold (a drop below the mean), found "${raw}"`,
      span: event.threshold.span,
      hints: ['For a rise above the mean write "> 3"; for either direction write "abs zscore ... > 3".'],
      ...(sign > 0 ? { fixes: [swap(), replaceFix(`Write "${op} ${negated}"`, event.threshold.span, negated)] } : {}),
    });
  }
}

/** The SDK stores z-score thresholds as magnitudes and takes the direction from the operator (spec §4.2.3). */
export const zscoreThresholdCheck: Check = {
  name: 'zscore-threshold',
  invariant: "A z-score threshold's sign fits its comparison; abs zscore takes only > or >= with a positive threshold.",
  codes: ['WR3008', 'WR3009'],
  applies: { events: ['MetricZScoreEvent'] },
  start({ report }) {
    return {
      rule({ rule }) {
        if (rule.event.kind === 'MetricZScoreEvent') checkZScore(rule.event, report);
      },
    };
  },
};
