import { runEventAppScopeCheck } from '../../checks/run-event-app-scope.js';
import { checkTable } from '../harness.js';

checkTable(runEventAppScopeCheck, {
  rejects: [
    {
      source: 'on [[run state failed]] in team "t" -> nothing',
      code: 'WR3030',
      message:
        '"run state" in team "t": W&B accepts it, but the W&B App offers run events only in a project, so this automation may not be visible or editable there',
      hint: 'docs/semantics.md',
    },
    { source: 'in org "o"\non [[run metric "loss" > 1]] -> nothing', code: 'WR3030' },
    { source: 'in team "t"\non [[run metric "m" changes by 10% within 5]] -> nothing', code: 'WR3030' },
    { source: 'in team "t"\non [[run metric "m" zscore > 3]] -> nothing', code: 'WR3030' },
  ],
  accepts: [
    'on run state failed in project "e/p" -> nothing',
    'in team "t"\non artifact linked -> nothing',
    'in org "o"\non alias added -> nothing',
  ],
});
