import { numberRangeCheck } from '../../checks/number-range.js';
import { checkTable } from '../harness.js';

const p = 'in project "e/p"\nwebhook w = "h"\n';

checkTable(numberRangeCheck, {
  rejects: [
    {
      source: `${p}on run metric "m" > [[1e999]] -> nothing`,
      code: 'WR3010',
      message: 'the number 1e999 is too large to be a finite double',
    },
    { source: `${p}on run metric "m" < [[-1.8e308]] -> nothing`, code: 'WR3010' },
    {
      source: `${p}on run metric "m" >= [[9223372036854775808]] -> nothing`,
      code: 'WR3011',
      message: 'the integer 9223372036854775808 is outside the range W&B accepts (±9223372036854775807)',
    },
    { source: `${p}on run metric "m" <= [[-9223372036854775808]] -> nothing`, code: 'WR3011' },
    { source: `${p}on run metric "m" avg over [[99999999999999999999]] > 1 -> nothing`, code: 'WR3011' },
    { source: `${p}on run metric "m" changes by [[1e400]] -> nothing`, code: 'WR3010' },
    { source: `${p}on artifact linked -> webhook w {"n": [[1e309]], "k": [1, {"x": [[-2e400]]}]}`, code: 'WR3010' },
    { source: `${p}on artifact linked -> webhook w {"k": [1, [[123456789012345678901234]]]}`, code: 'WR3011' },
  ],
  accepts: [
    `${p}on run metric "m" > 1.7976931348623157e308 -> nothing`,
    `${p}on run metric "m" >= 9223372036854775807 -> nothing`,
    `${p}on run metric "m" <= -9223372036854775807 -> nothing`,
    `${p}on run metric "m" > 1e-400 -> nothing`,
    // A percentage is a float: far beyond the int64 range is still fine.
    `${p}on run metric "m" changes by 99999999999999999999% -> nothing`,
    `${p}on artifact linked -> webhook w {"n": 12345678901234567890.5, "i": -42}`,
  ],
});
