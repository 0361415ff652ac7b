import { unusedIntegrationCheck } from '../../checks/unused-integration.js';
import { checkTable } from '../harness.js';

checkTable(unusedIntegrationCheck, {
  rejects: [
    {
      source: 'webhook [[ci]] = "hook"\nin project "e/p"\non artifact linked -> nothing',
      code: 'WR3025',
      message: 'the webhook integration "ci" is declared but no rule uses it',
      fixed: '\nin project "e/p"\non artifact linked -> nothing',
    },
    { source: 'slack [[a]] = "#x"\nslack b = "#y"\nin project "e/p"\non artifact linked -> slack b', code: 'WR3025' },
    { source: 'webhook [[w]] = "h"\nslack [[s]] = "#c"', code: 'WR3025' },
  ],
  accepts: [
    'webhook ci = "hook"\nin project "e/p"\non artifact linked -> webhook ci',
    'slack a = "#x"\nin project "e/p"\non artifact linked -> slack a severity warn',
  ],
});
