// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${name}` in plain strings is the rule language's template syntax, not a JS template.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxNestingDepth } from '../fast-parser.js';
import { WbrulesParser } from '../grammar-parser.js';
import { format, parse, type ParseOptions, tokenize } from '../index.js';
import { withGrammarParser } from '../parse.js';
import { document } from './arbitraries.js';
import { exampleFiles } from './harness.js';

/**
 * The parser tries each item by a plain recursive descent first and falls
 * back to the Chevrotain rules when it gives up (fast-parser.ts, and
 * `parseTokens` in parse.ts). These hold it to the Chevrotain rules alone, with
 * Chevrotain's own validated lookahead: the same AST (every node, key and
 * span, strictly) and the same diagnostics, on any text.
 */
describe('the fast path', () => {
  const chevrotainOnly = new WbrulesParser({ validate: true, fastPath: false });
  const expectSameParse = (text: string, options: ParseOptions = {}): void => {
    const fast = parse(text, options);
    const chevrotain = withGrammarParser(chevrotainOnly, () => parse(text, options));
    expect(fast).toStrictEqual(chevrotain);
  };

  it('parses every example and fixture as the Chevrotain rules do', () => {
    const files = exampleFiles();
    expect(files.length).toBeGreaterThan(5);
    for (const { text } of files) {
      expectSameParse(text);
      expectSameParse(text, { chunkTokens: 7 });
    }
  });

  it('reports the same errors on every example cut short after each token, and with each token dropped', () => {
    for (const { text } of exampleFiles().slice(0, 8)) {
      const { tokens } = tokenize(text);
      for (const token of tokens.slice(0, 300)) {
        const end = token.startOffset + token.image.length;
        expectSameParse(text.slice(0, end));
        expectSameParse(text.slice(0, token.startOffset) + text.slice(end));
      }
    }
  });

  it('takes every construct of the language as the Chevrotain rules do', () => {
    const texts = [
      'webhook ci = "https://x"\nslack alerts = r"#ops"\nin project "a/b"\nin org "o"',
      'aria = "x"\nwebhook aria = "y"\non run state failed -> aria "summarize"',
      'automation "a" description "d" disabled on run state running, finished , failed -> slack aria',
      'disabled automation "a" on run metric "m" abs zscore over 10 > 2 -> nothing',
      'on run metric "m" zscore < -1.5 -> nothing',
      'on run metric "m" avg over 5 <= 3 -> nothing',
      'on run metric "m" max changes by 10% within 5 vs 10 -> nothing',
      'on run metric "m" decreases by 0.5 within 5 -> nothing',
      'on run metric "m" increases by 2 -> nothing',
      'on run metric "m" != 1e3 in team "t" -> nothing',
      'on artifact linked in registry "r" -> nothing',
      'on alias added -> nothing\non alias "prod" added -> nothing',
      'on tag removed -> nothing\non tag r"x" added -> nothing',
      'on collection tag added -> nothing\non collection tag "x" removed -> nothing',
      'on run state failed where not not (a.b.c == "x" or tag in []) and run.name exists -> nothing',
      'on run state failed where x not in [1, "a", true, false, null] and y not exists -> nothing',
      'on run state failed where x matches "^a" or y contains r"b" and z >= 2.5 -> nothing',
      'on run state failed where run.not.in.exists == null -> nothing',
      'on run state failed -> webhook ci {}\non run state failed -> webhook ci { "a": [], "b": [[{}], {"c": [1, "x", null]}] }',
      'on run state failed -> webhook ci { "t": "${run_name}", "n": -0.5e-3, "f": false }',
      'on run state failed -> slack alerts title "t" message "m" severity warn',
      'on run state failed -> slack alerts severity error title "t" title "u" message "m" message "n" severity x',
      'automation "a" automation "b" description "c" description "d" disabled disabled on run state failed -> nothing',
      'on run metric "m" > 5% -> nothing\non run metric "m" avg over 5% < 80% -> nothing',
      'on run metric "m" zscore over 3% > 1% -> nothing\non run metric "m" changes by 1 within 2% vs 3% -> nothing',
      'on run metric "m" > 01.% -> nothing',
      'on run metric "\\u0041\\n" > 1 where a == "\\ud800" -> webhook ci { "k": "unterminated',
      "on run metric 'm' > 1 -> nothing\non run metric r\"m > 1 -> nothing",
      'on run metric "m" > 1 -> webhook ci ${x}\non run state failed -> nothing',
      'on run state failed where a == [1] -> nothing\non run state failed -> nothing',
      'on run state failed where (a == 1 -> nothing\non run state failed -> nothing',
      'on run state failed where a in [1,] -> nothing',
      'on run state failed -> webhook ci { "a": [1,] }',
      'on run state failed -> webhook ci { "b": 1, }',
      'on run state failed where a in [,] -> webhook ci { , }',
      'on run state -> nothing\non run metric "m" -> nothing\non -> nothing\n-> nothing\nwebhook = "x"',
      'on run state failed -> webhook ci { "a" 1 } on run state failed -> nothing',
      `on run state failed where ${'('.repeat(maxNestingDepth)}a == 1${')'.repeat(maxNestingDepth)} -> nothing`,
      `on run state failed where ${'('.repeat(maxNestingDepth + 1)}a == 1${')'.repeat(maxNestingDepth + 1)} -> nothing`,
      `on run state failed where ${'not '.repeat(maxNestingDepth + 1)}a exists -> nothing\non run state failed -> nothing`,
      `on run state failed -> webhook ci ${'{"a": ['.repeat(maxNestingDepth / 2)}${']}'.repeat(maxNestingDepth / 2)}`,
      `on run state failed -> webhook ci ${'{"a": ['.repeat(maxNestingDepth)}${']}'.repeat(maxNestingDepth)}\non run state failed -> nothing`,
      `on run state failed where (a == 1 -> nothing\non run state failed where ${'('.repeat(maxNestingDepth)}a == 1${')'.repeat(maxNestingDepth)} -> nothing`,
    ];
    for (const text of texts) {
      expectSameParse(text);
      expectSameParse(text, { chunkTokens: 3 });
    }
  });

  it('shares no decoded value between different strings (the interned strings are looked up by a hash)', () => {
    const names = Array.from({ length: 3000 }, (_, i) => `"${String.fromCharCode(97 + (i % 26))}-${i}\\u00e9"`);
    const text = names.map((n, i) => `automation ${n} on run metric "m${i % 7}" > ${i} -> nothing`).join('\n');
    const { ast, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    expect(ast.items.map((item) => (item.kind === 'Rule' ? item.name?.value : undefined))).toEqual(
      names.map((n) => JSON.parse(n)),
    );
    expectSameParse(text);
  });

  it('parses generated documents, and token soup, as the Chevrotain rules do', () => {
    fc.assert(
      fc.property(document, fc.integer({ min: 1, max: 64 }), (doc, chunkTokens) => {
        expectSameParse(format(doc), { chunkTokens });
      }),
      { numRuns: 200 },
    );
    const words = [
      'on',
      'run',
      'metric',
      'state',
      'avg',
      'zscore',
      'abs',
      'over',
      'changes',
      'by',
      'within',
      'vs',
      'artifact',
      'linked',
      'alias',
      'tag',
      'collection',
      'added',
      'automation',
      'description',
      'disabled',
      'where',
      'and',
      'or',
      'not',
      'in',
      'exists',
      'matches',
      'contains',
      'run.name',
      'a',
      '.',
      'aria',
      'nothing',
      'webhook',
      'slack',
      'title',
      'severity',
      'project',
      'true',
      'null',
      '(',
      ')',
      '{',
      '}',
      '[',
      ']',
      '>',
      '==',
      '=',
      '"x"',
      'r"y"',
      '1',
      '%',
      ',',
      ':',
      '->',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 40 }), (parts) => {
        expectSameParse(parts.join(' '));
      }),
      { numRuns: 1000 },
    );
  });
});
