import { filterRegexCheck } from '../../checks/filter-regex.js';
import { checkTable } from '../harness.js';

const p = 'in project "e/p"\n';

checkTable(filterRegexCheck, {
  rejects: [
    {
      source: `${p}on alias added where alias matches "prod[[(?=]]x)" -> nothing`,
      code: 'WR3018',
      message:
        'this pattern is not a valid RE2 regular expression: "(?=" starts a lookaround, which RE2 does not support',
    },
    { source: `${p}on alias added where alias matches r"[[(?<!]]a)b" -> nothing`, code: 'WR3018' },
    {
      source: `${p}on run state failed where run.name matches "[[(abc]]" -> nothing`,
      code: 'WR3018',
      message: 'this pattern is not a valid RE2 regular expression: missing closing )',
    },
    {
      source: `${p}on run state failed where run.name matches "x[[{2,1}]]" -> nothing`,
      code: 'WR3018',
      message: /invalid repeat count/,
    },
    { source: `${p}on run state failed where run.name matches "a[[**]]" -> nothing`, code: 'WR3018' },
    { source: `${p}on run state failed where run.name matches r"(a)[[\\1]]" -> nothing`, code: 'WR3018' },
    // Escapes before the bad part do not stop it from being marked exactly...
    { source: `${p}on run state failed where run.name matches "\\\\d+[[(?=]]x)" -> nothing`, code: 'WR3018' },
    // ...but an escape inside it does: then the whole string is marked.
    { source: `${p}on run state failed where run.name matches [["\\u0028?=x)"]] -> nothing`, code: 'WR3018' },
    {
      source: `${p}on run state failed where not (run.name matches "[[a(]]" or run.name matches r"z[[\\8]]") -> nothing`,
      code: 'WR3018',
    },
  ],
  accepts: [
    `${p}on alias added where alias matches "prod-.*" -> nothing`,
    `${p}on alias added where alias matches "(?i)^PROD$" -> nothing`,
    `${p}on run state failed where run.name matches r"^exp-\\d+$" -> nothing`,
    `${p}on run state failed where run.name matches "^exp-\\\\d+$" -> nothing`,
    `${p}on run state failed where run.name matches "\\\\p{Greek}+|(?P<n>x)" -> nothing`,
    `${p}on run state failed where run.name matches "" -> nothing`,
  ],
});
