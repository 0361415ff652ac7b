import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { filterRegexCheck, re2Problem } from '../../checks/filter-regex.js';
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

// re2Problem answers plain patterns (literals, `.`, anchors) without re2js: it must agree with re2js on them.
describe('plain patterns', () => {
  const plain = fc.stringMatching(/^\^?[A-Za-z0-9_\-/ :@,=#%~!&<>;'".]*\$?$/);
  it('are valid RE2 whenever re2Problem says so without compiling', () => {
    fc.assert(
      fc.property(plain, (pattern) => {
        expect(re2Problem(pattern)).toBeUndefined();
        expect(() => RE2JS.compile(pattern)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
  it('still go to re2js when they hold anything else', () => {
    expect(re2Problem('prod-(')?.description).toBe('missing closing )');
    expect(re2Problem('^prod-$x')).toBeUndefined();
    expect(re2Problem('a**')?.description).toMatch(/invalid nested repetition operator/);
  });
});
