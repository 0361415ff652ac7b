import { metricComparatorCheck } from '../../checks/metric-comparator.js';
import { checkTable } from '../harness.js';

const p = 'in project "e/p"\n';

checkTable(metricComparatorCheck, {
  rejects: [
    {
      source: `${p}on run metric "m" [[==]] 1 -> nothing`,
      code: 'WR3007',
      message: 'W&B metric conditions cannot use "=="; use >, >=, < or <=',
    },
    { source: `${p}on run metric "m" [[!=]] 0.5 -> nothing`, code: 'WR3007' },
    { source: `${p}on run metric "m" avg over 5 [[==]] 1 -> nothing`, code: 'WR3007' },
    { source: `${p}on run metric "m" zscore over 30 [[==]] 3 -> nothing`, code: 'WR3007' },
    { source: `${p}on run metric "m" abs zscore [[!=]] 3 -> nothing`, code: 'WR3007' },
  ],
  accepts: ['>', '>=', '<', '<='].flatMap((op) => [
    `${p}on run metric "m" ${op} 1 -> nothing`,
    `${p}on run metric "m" max over 3 ${op} -1.5 -> nothing`,
  ]),
});
