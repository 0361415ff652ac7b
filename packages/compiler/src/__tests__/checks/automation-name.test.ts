import { automationNameCheck } from '../../checks/automation-name.js';
import { expect, test } from 'vitest';
import { checkTable, diagnose } from '../harness.js';

const p = 'in project "e/p"\n';
const x255 = 'x'.repeat(255);

checkTable(automationNameCheck, {
  rejects: [
    {
      source: `${p}automation [["${x255}y"]] on artifact linked -> nothing`,
      code: 'WR3023',
      message: 'this automation name has 256 code points; W&B allows at most 255',
    },
    // Code points, not UTF-16 units: 256 astral characters (512 units) are too many...
    { source: `${p}automation [["${'😀'.repeat(256)}"]] on artifact linked -> nothing`, code: 'WR3023' },
    {
      source: `${p}automation [[""]] on artifact linked -> nothing`,
      code: 'WR3024',
      message: 'an automation name cannot be empty',
    },
  ],
  accepts: [
    `${p}automation "${x255}" on artifact linked -> nothing`,
    // ...but 255 of them (510 units) are fine.
    `${p}automation "${'😀'.repeat(255)}" on artifact linked -> nothing`,
    `${p}automation "自動化-${'x'.repeat(251)}" on artifact linked -> nothing`,
    `${p}automation "a" on artifact linked -> nothing`,
  ],
});

test('a lone surrogate in a name is reported by the lexer (WR1004) and nothing is compiled', () => {
  expect(diagnose(`${p}automation "a\\ud800b" on artifact linked -> nothing`, { codes: ['WR1004'] })).toEqual([
    { code: 'WR1004', start: 28, end: 38, message: expect.any(String) },
  ]);
});
