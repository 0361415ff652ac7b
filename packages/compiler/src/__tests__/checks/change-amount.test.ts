import { changeAmountCheck } from '../../checks/change-amount.js';
import { checkTable } from '../harness.js';

const p = 'in project "e/p"\n';

checkTable(changeAmountCheck, {
  rejects: [
    {
      source: `${p}on run metric "m" decreases by [[-1]] -> nothing`,
      code: 'WR3005',
      message: 'a change amount must be greater than zero, found "-1"',
      fixed: `${p}on run metric "m" decreases by 1 -> nothing`,
    },
    {
      source: `${p}on run metric "m" increases by [[-2%]] within 5 -> nothing`,
      code: 'WR3005',
      fixed: `${p}on run metric "m" decreases by 2% within 5 -> nothing`,
    },
    {
      source: `${p}on run metric "m" changes by [[0]] -> nothing`,
      code: 'WR3005',
      message: 'a change amount must be greater than zero, found "0"',
    },
    { source: `${p}on run metric "m" changes by [[0.0%]] -> nothing`, code: 'WR3005' },
    {
      source: `${p}on run metric "m" changes by [[-0.5]] -> nothing`,
      code: 'WR3005',
      fixed: `${p}on run metric "m" changes by 0.5 -> nothing`,
    },
    // Underflows to 0.0 as a double, which is what the SDK would compare.
    { source: `${p}on run metric "m" changes by [[1e-400]] -> nothing`, code: 'WR3005' },
  ],
  accepts: [
    `${p}on run metric "m" changes by 1 -> nothing`,
    `${p}on run metric "m" changes by 0.001% -> nothing`,
    `${p}on run metric "m" increases by 1e-300 -> nothing`,
    `${p}on run metric "m" decreases by 250% within 2 vs 4 -> nothing`,
  ],
});
