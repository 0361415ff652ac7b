import { zscoreThresholdCheck } from '../../checks/zscore-threshold.js';
import { checkTable } from '../harness.js';

const p = 'in project "e/p"\n';

checkTable(zscoreThresholdCheck, {
  rejects: [
    {
      source: `${p}on run metric "m" zscore over 30 < [[3]] -> nothing`,
      code: 'WR3008',
      message: '"<" on a z-score needs a negative threshold (a drop below the mean), found "3"',
      fixed: `${p}on run metric "m" zscore over 30 > 3 -> nothing`,
    },
    {
      source: `${p}on run metric "m" zscore <= [[2.5]] -> nothing`,
      code: 'WR3008',
      fixed: `${p}on run metric "m" zscore >= 2.5 -> nothing`,
    },
    { source: `${p}on run metric "m" zscore < [[0]] -> nothing`, code: 'WR3008' },
    {
      source: `${p}on run metric "m" zscore over 30 > [[0]] -> nothing`,
      code: 'WR3008',
      message: '">" on a z-score needs a positive threshold (a rise above the mean), found "0"',
    },
    { source: `${p}on run metric "m" zscore > [[-0.0]] -> nothing`, code: 'WR3008' },
    {
      source: `${p}on run metric "m" zscore > [[-3]] -> nothing`,
      code: 'WR3008',
      fixed: `${p}on run metric "m" zscore < -3 -> nothing`,
    },
    {
      source: `${p}on run metric "m" abs zscore over 30 [[<]] -2 -> nothing`,
      code: 'WR3009',
      message: '"abs zscore" cannot use "<": W&B fires when the z-score\'s magnitude reaches the threshold',
      fixed: `${p}on run metric "m" abs zscore over 30 > 2 -> nothing`,
    },
    {
      source: `${p}on run metric "m" abs zscore [[<=]] 3 -> nothing`,
      code: 'WR3009',
      fixed: `${p}on run metric "m" abs zscore >= 3 -> nothing`,
    },
    {
      source: `${p}on run metric "m" abs zscore > [[0]] -> nothing`,
      code: 'WR3008',
      message: '"abs zscore" needs a positive threshold, found "0"',
    },
    {
      source: `${p}on run metric "m" abs zscore > [[-2]] -> nothing`,
      code: 'WR3008',
      fixed: `${p}on run metric "m" abs zscore > 2 -> nothing`,
    },
  ],
  accepts: [
    `${p}on run metric "m" zscore over 30 > 3 -> nothing`,
    `${p}on run metric "m" zscore >= 0.5 -> nothing`,
    `${p}on run metric "m" zscore over 10 < -2.5 -> nothing`,
    `${p}on run metric "m" zscore <= -1 -> nothing`,
    `${p}on run metric "m" abs zscore over 20 > 2.0 -> nothing`,
    `${p}on run metric "m" abs zscore >= 1e-3 -> nothing`,
  ],
});
