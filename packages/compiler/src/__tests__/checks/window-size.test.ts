import { windowSizeCheck } from '../../checks/window-size.js';
import { checkTable } from '../harness.js';

const p = 'in project "e/p"\n';

checkTable(windowSizeCheck, {
  rejects: [
    {
      source: `${p}on run metric "m" avg over [[5.0]] > 1 -> nothing`,
      code: 'WR3004',
      message: 'a window size must be a positive integer, found "5.0"',
      fixed: `${p}on run metric "m" avg over 5 > 1 -> nothing`,
    },
    { source: `${p}on run metric "m" avg over [[0]] > 1 -> nothing`, code: 'WR3004' },
    { source: `${p}on run metric "m" max over [[-3]] > 1 -> nothing`, code: 'WR3004' },
    { source: `${p}on run metric "m" min over [[2.5]] > 1 -> nothing`, code: 'WR3004' },
    {
      source: `${p}on run metric "m" changes by 1 within [[1e1]] -> nothing`,
      code: 'WR3004',
      fixed: `${p}on run metric "m" changes by 1 within 10 -> nothing`,
    },
    { source: `${p}on run metric "m" changes by 1 within 5 vs [[0]] -> nothing`, code: 'WR3004' },
    { source: `${p}on run metric "m" changes by 1 within [[0]] vs [[0.5]] -> nothing`, code: 'WR3004' },
    { source: `${p}on run metric "m" zscore over [[30.0]] > 3 -> nothing`, code: 'WR3004' },
    { source: `${p}on run metric "m" abs zscore over [[-1]] > 3 -> nothing`, code: 'WR3004' },
  ],
  accepts: [
    `${p}on run metric "m" avg over 1 > 1 -> nothing`,
    `${p}on run metric "m" mean over 9223372036854775807 > 1 -> nothing`,
    `${p}on run metric "m" changes by 1 within 5 vs 50 -> nothing`,
    `${p}on run metric "m" zscore over 30 > 3 -> nothing`,
    `${p}on run metric "m" zscore > 3 -> nothing`,
  ],
});
