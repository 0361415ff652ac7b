// Invariant: a run-state rule lists at least one state, and each is `running`, `finished`, `failed` or `crashed`.
import type { Check } from './check.js';
import { replaceFix } from './check.js';
import { didYouMean } from '../resolve/did-you-mean.js';

/** The states the language accepts; `crashed` is the SDK's alias of `failed`. */
export const runStateNames = ['running', 'finished', 'failed', 'crashed'] as const;

/** W&B automations watch only RUNNING, FINISHED and FAILED (spec §3.4); there is no KILLED. */
export const runStatesCheck: Check = {
  name: 'run-states',
  invariant: 'A run-state rule lists at least one state, each one of running, finished, failed or crashed.',
  codes: ['WR3012', 'WR3013'],
  applies: { events: ['RunStateEvent'] },
  start({ report }) {
    return {
      rule({ rule }) {
        const event = rule.event;
        if (event.kind !== 'RunStateEvent') return;
        if (event.states.length === 0) {
          report({
            code: 'WR3013',
            message: 'a run-state rule needs at least one state',
            span: event.span,
            hints: ['List the states to watch: "run state finished, failed".'],
          });
        }
        for (const state of event.states) {
          if ((runStateNames as readonly string[]).includes(state.name)) continue;
          if (state.name.toLowerCase() === 'killed') {
            report({
              code: 'WR3012',
              message: '"killed" is not a state automations can watch: W&B never fires on killed runs',
              span: state.span,
              hints: ['Watch "failed" (which includes crashed runs) or "finished" instead.'],
            });
            continue;
          }
          const suggestion = didYouMean(state.name, runStateNames);
          report({
            code: 'WR3012',
            message: `unknown run state "${state.name}"`,
            span: state.span,
            hints: [
              ...(suggestion === undefined ? [] : [`Did you mean "${suggestion}"?`]),
              'Run states are running, finished, failed and crashed (the same as failed).',
            ],
            ...(suggestion === undefined
              ? {}
              : { fixes: [replaceFix(`Change to "${suggestion}"`, state.span, suggestion)] }),
          });
        }
      },
    };
  },
};
