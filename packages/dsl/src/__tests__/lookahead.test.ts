import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grammarLookahead } from '../grammar-lookahead.js';
import { maxLookahead, WbrulesParser } from '../grammar-parser.js';
import { format, parse, tokenize } from '../index.js';
import { RecordingLookaheadStrategy } from '../lookahead.js';
import { withGrammarParser } from '../parse.js';
import { document } from './arbitraries.js';
import { exampleFiles } from './harness.js';

/**
 * Production builds the parser without Chevrotain's grammar validations and
 * with its lookahead read from grammar-lookahead.ts (start-up speed). These
 * hold it to the parser Chevrotain analyses and validates itself.
 */
describe('the lookahead table (grammar-lookahead.ts)', () => {
  it('is what Chevrotain computes for the grammar (else run `pnpm grammar`)', () => {
    const recording = new RecordingLookaheadStrategy(maxLookahead);
    new WbrulesParser({ validate: true, lookaheadStrategy: recording });
    expect(Object.keys(recording.table).length).toBeGreaterThan(30);
    expect(grammarLookahead).toEqual(recording.table);
  });

  // Both without the fast path (fast-path.test.ts), which would parse most items before any lookahead runs.
  const validated = new WbrulesParser({ validate: true, fastPath: false });
  const production = new WbrulesParser({ fastPath: false });
  /** The result of parsing `text` with the lookahead table, then with the lookahead Chevrotain computes: equal. */
  const expectSameParse = (text: string): void => {
    const table = withGrammarParser(production, () => parse(text));
    const computed = withGrammarParser(validated, () => parse(text));
    expect(table).toEqual(computed);
  };

  it('parses every example and fixture as the validated parser does', () => {
    const files = exampleFiles();
    expect(files.length).toBeGreaterThan(5);
    for (const { text } of files) expectSameParse(text);
  });

  it('reports the same errors on every example cut short after each token', () => {
    for (const { text } of exampleFiles().slice(0, 12)) {
      const { tokens } = tokenize(text);
      for (const token of tokens.slice(0, 400)) expectSameParse(text.slice(0, token.startOffset + token.image.length));
    }
  });

  it('parses generated documents, and token soup, as the validated parser does', () => {
    fc.assert(
      fc.property(document, (doc) => {
        expectSameParse(format(doc));
      }),
      { numRuns: 200 },
    );
    const words = [
      'on',
      'run',
      'metric',
      'avg',
      '(',
      ')',
      '{',
      '}',
      '[',
      ']',
      '>',
      '=',
      'and',
      'or',
      'not',
      '"x"',
      '1',
      '%',
      ',',
      ':',
      'rule',
      'webhook',
      'slack',
      'within',
      'changes',
      'project',
      '->',
      'in',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 40 }), (parts) => {
        expectSameParse(parts.join(' '));
      }),
      { numRuns: 500 },
    );
  });
});
