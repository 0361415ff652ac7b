import { parse } from '@wbrules/dsl';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compile, compileDocument } from '../compile.js';

describe('compile', () => {
  test('automations come out in source order, file by file', () => {
    const result = compile([
      {
        file: 'a.wbrules',
        text: 'in project "e/p"\nautomation "a1" on artifact linked -> nothing\nautomation "a2" on tag added -> nothing',
      },
      { file: 'b.wbrules', text: 'automation "b1" on run state failed in team "t" -> nothing' },
    ]);
    expect(result.automations.map((a) => [a.file, a.name, a.line])).toEqual([
      ['a.wbrules', 'a1', 2],
      ['a.wbrules', 'a2', 3],
      ['b.wbrules', 'b1', 1],
    ]);
  });

  test('an error anywhere stops compilation; warnings and infos do not', () => {
    const good = 'webhook unused = "h"\nin project "e/p"\non artifact linked -> nothing';
    const warned = compile([{ file: 'a', text: good }]);
    expect(warned.diagnostics.map((d) => d.severity)).toEqual(['warning', 'info']);
    expect(warned.automations).toHaveLength(1);
    const failed = compile([
      { file: 'a', text: good },
      { file: 'b', text: 'in project "e/p"\non run state killed -> nothing' },
    ]);
    expect(failed.automations).toEqual([]);
    expect(failed.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.file, d.code])).toEqual([
      ['b', 'WR3012'],
    ]);
  });

  test('syntax errors are reported with the file, and the rules around them are still checked', () => {
    const result = compile([
      { file: 'x.wbrules', text: 'in project "e/p"\non run metric "m" -> nothing\non run state killed -> nothing' },
    ]);
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.file, d.code])).toEqual([
      ['x.wbrules', 'WR1101'],
      ['x.wbrules', 'WR3012'],
    ]);
  });

  test('diagnostics are sorted by file order, then position', () => {
    const result = compile([
      { file: 'z', text: 'on artifact linked -> nothing\non tag added -> nothing' },
      { file: 'a', text: 'on alias added -> nothing' },
    ]);
    expect(result.diagnostics.map((d) => [d.file, d.span.start, d.code])).toEqual([
      ['z', 3, 'WR2001'],
      ['z', 3, 'WR3002'],
      ['z', 33, 'WR2001'],
      ['z', 33, 'WR3002'],
      ['a', 3, 'WR2001'],
      ['a', 3, 'WR3002'],
    ]);
  });

  test("compileDocument accepts an editor's parse and returns the tree and the resolution", () => {
    const text = 'in project "e/p"\non artifact linked -> nothing';
    const parsed = parse(text, { file: 'doc' });
    const viaParsed = compileDocument({ file: 'doc', text }, { parsed });
    expect(viaParsed.ast).toBe(parsed.ast);
    expect(viaParsed.resolved.rules[0]?.name).toBe('artifact-linked-nothing');
    const { ast: _a, resolved: _r, ...rest } = compileDocument({ file: 'doc', text });
    expect({ automations: viaParsed.automations, diagnostics: viaParsed.diagnostics }).toEqual(rest);
  });

  test.each([
    ['on run metric "m" > 5% -> nothing', 'a threshold'],
    ['on run metric "m" avg over 5% > 1 -> nothing', 'a window'],
    ['on run metric "m" zscore > 3% -> nothing', 'a z-score threshold'],
    ['on run metric "m" changes by 1 within 5% -> nothing', 'a change window'],
    ['on alias added where alias == 5% -> nothing', 'a filter operand'],
    ['on alias added -> webhook w {"n": 5%}', 'a payload number'],
  ])("a percentage outside a change amount is the parser's WR1106 alone: %s (%s)", (rule) => {
    const errors = compile([{ file: 'f', text: `webhook w = "h"\nin project "e/p"\n${rule}` }]).diagnostics.filter(
      (d) => d.severity === 'error',
    );
    expect(errors.map((d) => d.code).filter((c) => c !== 'WR3016')).toEqual(['WR1106']);
  });

  test('never throws, whatever the text', () => {
    const words = fc.constantFrom(
      'on',
      'run',
      'metric',
      '"m"',
      '>',
      '<',
      '1',
      '-2.5',
      '1e999',
      '5%',
      'avg',
      'over',
      'changes',
      'by',
      'within',
      'vs',
      'zscore',
      'abs',
      'state',
      'failed',
      'killed',
      'artifact',
      'created',
      'alias',
      'tag',
      'collection',
      'added',
      'removed',
      'in',
      'project',
      '"e/p"',
      'team',
      '"t"',
      'where',
      'run.name',
      'alias',
      '==',
      'in',
      '[',
      ']',
      '"x"',
      'not',
      'and',
      'or',
      '(',
      ')',
      'matches',
      '"(?="',
      'exists',
      '->',
      'webhook',
      'slack',
      'w',
      '=',
      '"h"',
      '"#c"',
      'nothing',
      '{',
      '}',
      ':',
      ',',
      '"${x}"',
      'automation',
      'description',
      'disabled',
      'title',
      'severity',
      'warn',
      '\n',
    );
    fc.assert(
      fc.property(fc.array(words, { maxLength: 40 }), fc.string(), (tokens, noise) => {
        const text = tokens.join(' ');
        compile([{ file: 'f', text }], { ids: { projects: { 'e/p': 'P' } } });
        compile([{ file: 'g', text: text + noise }]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('unused declarations in a file with syntax errors', () => {
  test('are not reported: the rule that uses one may be the broken one', () => {
    const text = 'slack alerts = "#a"\nin project "e/p"\non run metric "x" avg < 1 -> slack alerts\n';
    const codes = compile([{ file: 'f.wbrules', text }]).diagnostics.map((d) => d.code);
    expect(codes).toEqual(['WR1101']);
    const clean = 'slack alerts = "#a"\nin project "e/p"\non run state failed -> nothing\n';
    expect(compile([{ file: 'f.wbrules', text: clean }]).diagnostics.map((d) => d.code)).toContain('WR3025');
  });
});
