import { changeAggregationCheck } from '../../checks/change-aggregation.js';
import { checkTable } from '../harness.js';

const p = 'in project "e/p"\n';

checkTable(changeAggregationCheck, {
  rejects: [
    {
      source: `${p}on run metric "m" [[max]] changes by 10% -> nothing`,
      code: 'WR3006',
      message: '"max" on a change rule needs a window: add "within N" after the amount',
      hint: 'max changes by 10% within 5',
    },
    { source: `${p}on run metric "m" [[avg]] increases by 1 -> nothing`, code: 'WR3006' },
    { source: `${p}on run metric "m" [[mean]] decreases by 0.5 -> nothing`, code: 'WR3006' },
    { source: `${p}on run metric "m" [[min]] decreases by 3% -> nothing`, code: 'WR3006' },
  ],
  accepts: [
    `${p}on run metric "m" max changes by 10% within 5 -> nothing`,
    `${p}on run metric "m" changes by 10% within 1 -> nothing`,
    `${p}on run metric "m" changes by 10% -> nothing`,
    `${p}on run metric "m" min over 5 > 1 -> nothing`,
  ],
});
