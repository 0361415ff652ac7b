import { eventScopeCheck } from '../../checks/event-scope.js';
import { checkTable } from '../harness.js';

checkTable(eventScopeCheck, {
  rejects: [
    {
      source: 'on [[artifact created]] in project "e/p" -> nothing',
      code: 'WR3001',
      message: '"artifact created" is allowed only in a collection scope, but this rule is in project "e/p"',
    },
    { source: 'in team "t"\non [[artifact created]] -> nothing', code: 'WR3001' },
    { source: 'in org "o"\non [[artifact created]] -> nothing', code: 'WR3001' },
    { source: 'on [[artifact created]] in registry "o/m" -> nothing', code: 'WR3001' },
    {
      source: 'on [[run metric "loss" > 1]] in collection "e/p/c" -> nothing',
      code: 'WR3001',
      message: '"run metric" is not allowed in collection "e/p/c": run events cannot use a collection scope',
    },
    {
      source: 'in registry "o/m"\non [[run state failed]] -> nothing',
      code: 'WR3001',
      message: '"run state" is not allowed in registry "o/m": the SDK refuses run events on a registry scope',
    },
    { source: 'in collection "e/p/c"\non [[run metric "m" changes by 1]] -> nothing', code: 'WR3001' },
    { source: 'in collection "e/p/c"\non [[run metric "m" zscore > 3]] -> nothing', code: 'WR3001' },
    // The rule's own scope wins over the default, for better or worse.
    { source: 'in collection "e/p/c"\non [[run state finished]] in registry "o/m" -> nothing', code: 'WR3001' },
    {
      source: 'in project "e/p"\non [[artifact created]] -> nothing\non [[artifact created]] in team "t" -> nothing',
      code: 'WR3001',
    },
  ],
  accepts: [
    'on artifact created in collection "e/p/c" -> nothing',
    'in collection "e/p/c"\non run state failed in project "e/p" -> nothing',
    ...['project "e/p"', 'registry "o/m"', 'collection "e/p/c"', 'team "t"', 'org "o"'].flatMap((scope) => [
      `in ${scope}\non artifact linked -> nothing`,
      `in ${scope}\non artifact unlinked -> nothing`,
      `in ${scope}\non alias "prod" added -> nothing`,
      `in ${scope}\non tag added -> nothing`,
      `in ${scope}\non tag removed -> nothing`,
      `in ${scope}\non collection tag "x" added -> nothing`,
      `in ${scope}\non collection tag removed -> nothing`,
    ]),
    ...['project "e/p"', 'team "t"', 'org "o"'].flatMap((scope) => [
      `in ${scope}\non run metric "m" > 1 -> nothing`,
      `in ${scope}\non run metric "m" changes by 5% within 3 -> nothing`,
      `in ${scope}\non run metric "m" zscore < -2 -> nothing`,
      `in ${scope}\non run state running -> nothing`,
    ]),
  ],
});
