import { parse, type Rule, type RunStateEvent } from '@wbrules/dsl';
import { expect, test } from 'vitest';
import { runChecks } from '../../checks/check.js';
import { runStatesCheck } from '../../checks/run-states.js';
import { lowerRule } from '../../lower/rule.js';
import { resolveDocument } from '../../resolve/resolve.js';
import { checkTable } from '../harness.js';

const p = 'in project "e/p"\n';

checkTable(runStatesCheck, {
  rejects: [
    {
      source: `${p}on run state finished, [[killed]] -> nothing`,
      code: 'WR3012',
      message: '"killed" is not a state automations can watch: W&B never fires on killed runs',
    },
    {
      source: `${p}on run state [[finshed]] -> nothing`,
      code: 'WR3012',
      message: 'unknown run state "finshed"',
      hint: 'Did you mean "finished"?',
      fixed: `${p}on run state finished -> nothing`,
    },
    { source: `${p}on run state [[FAILED]] -> nothing`, code: 'WR3012', fixed: `${p}on run state failed -> nothing` },
    { source: `${p}on run state [[runing]], [[pending]] -> nothing`, code: 'WR3012' },
  ],
  accepts: [
    `${p}on run state running -> nothing`,
    `${p}on run state finished, failed -> nothing`,
    `${p}on run state crashed -> nothing`,
    `${p}on run state failed, crashed, failed -> nothing`,
  ],
});

test('an empty state list (which the grammar cannot produce, but a tree built by a tool can) is reported and never lowered', () => {
  const { ast } = parse('in project "e/p"\non run state failed -> nothing');
  const rule = ast.items[1] as Rule;
  const event: RunStateEvent = { ...(rule.event as RunStateEvent), states: [] };
  const document = { ...ast, items: [ast.items[0] as Rule, { ...rule, event }] } as typeof ast;
  const resolved = resolveDocument(document, 'f');
  expect(runChecks(resolved, [runStatesCheck]).map((d) => [d.code, d.message, d.span])).toEqual([
    ['WR3013', 'a run-state rule needs at least one state', event.span],
  ]);
  expect(lowerRule(resolved.rules[0] as never)).toBeUndefined();
});
