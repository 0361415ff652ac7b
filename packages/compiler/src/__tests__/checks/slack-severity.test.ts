import { slackSeverityCheck } from '../../checks/slack-severity.js';
import { checkTable } from '../harness.js';

const p = 'in project "e/p"\nslack alerts = "#a"\n';

checkTable(slackSeverityCheck, {
  rejects: [
    {
      source: `${p}on run state failed -> slack alerts severity [[warning]]`,
      code: 'WR3014',
      message: 'unknown severity "warning"',
      fixed: `${p}on run state failed -> slack alerts severity warn`,
    },
    {
      source: `${p}on run state failed -> slack alerts severity [[WARN]]`,
      code: 'WR3014',
      fixed: `${p}on run state failed -> slack alerts severity warn`,
    },
    {
      source: `${p}on run state failed -> slack alerts severity [[eror]] title "x"`,
      code: 'WR3014',
      fixed: `${p}on run state failed -> slack alerts severity error title "x"`,
    },
    {
      source: `${p}on run state failed -> slack alerts severity [[loud]]`,
      code: 'WR3014',
      hint: 'Severities are info, warn and error.',
    },
  ],
  accepts: [
    `${p}on run state failed -> slack alerts`,
    `${p}on run state failed -> slack alerts severity info`,
    `${p}on run state failed -> slack alerts severity warn`,
    `${p}on run state failed -> slack alerts message "m" severity error title "t"`,
  ],
});
