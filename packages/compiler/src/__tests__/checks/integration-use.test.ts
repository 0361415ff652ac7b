import { integrationUseCheck } from '../../checks/integration-use.js';
import { checkTable } from '../harness.js';

const p = 'in project "e/p"\nwebhook ci = "github-dispatch"\nslack alerts = "#ml-alerts"\n';
const uses = 'on run state finished -> webhook ci\non run state failed -> slack alerts\n';

checkTable(integrationUseCheck, {
  rejects: [
    {
      source: `${p}${uses}on artifact linked -> webhook [[cii]]`,
      code: 'WR3019',
      message: 'unknown webhook integration "cii"',
      hint: 'Did you mean "ci"?',
      fixed: `${p}${uses}on artifact linked -> webhook ci`,
    },
    {
      source: `${p}${uses}on artifact linked -> slack [[alert]] title "t"`,
      code: 'WR3019',
      fixed: `${p}${uses}on artifact linked -> slack alerts title "t"`,
    },
    {
      source: `in project "e/p"\non artifact linked -> webhook [[deploy]]`,
      code: 'WR3019',
      hint: 'Declare it in this file: webhook deploy = "integration-name".',
    },
    {
      source: `${p}${uses}on artifact linked -> slack [[ci]]`,
      code: 'WR3020',
      message: '"ci" is a webhook integration, but "-> slack" needs a slack integration',
    },
    { source: `${p}${uses}on artifact linked -> webhook [[alerts]] {"a": 1}`, code: 'WR3020' },
    // Declarations never cross files: another file's "ci" does not count (see the compile tests).
  ],
  accepts: [
    `${p}${uses}`,
    // Declared after its use: declarations hold for the whole file.
    `in project "e/p"\non artifact linked -> webhook late\nwebhook late = "hook"`,
  ],
});
