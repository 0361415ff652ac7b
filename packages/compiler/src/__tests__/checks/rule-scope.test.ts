import { ruleScopeCheck } from '../../checks/rule-scope.js';
import { checkTable } from '../harness.js';

checkTable(ruleScopeCheck, {
  rejects: [
    { source: 'on [[artifact linked]] -> nothing', code: 'WR3002', message: 'this rule has no scope' },
    // A default applies only to the rules after it.
    {
      source: 'on [[run state failed]] -> nothing\nin project "e/p"\non run state finished -> nothing',
      code: 'WR3002',
    },
    {
      source: 'automation "x" description "d" disabled\non [[tag "t" added]] where tag == "y" -> nothing',
      code: 'WR3002',
    },
  ],
  accepts: [
    'on artifact linked in project "e/p" -> nothing',
    'in project "e/p"\non artifact linked -> nothing\non run state failed -> nothing',
    'in team "t"\nin project "e/p"\non artifact linked -> nothing',
  ],
});
