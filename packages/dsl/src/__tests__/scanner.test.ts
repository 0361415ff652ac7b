import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../index.js';
import { referenceTokenize } from '../reference-lexer.js';
import { scan } from '../scanner.js';

const examplesDir = new URL('../../../../examples/', import.meta.url);
const examples = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.wbrules'))
  .map((f) => readFileSync(new URL(f, examplesDir), 'utf8'));

/** Pieces that exercise every token and every edge between them. */
const pieces = [
  ' ',
  '\n',
  '\t',
  '\r\n',
  '\u00a0',
  '#',
  '//',
  '/',
  'r"',
  '"',
  '\\',
  '\\n',
  '"x"',
  'r"\\d"',
  '->',
  '-',
  '-3',
  '.5',
  '-.5',
  '1e',
  '1e-7',
  '1E+2',
  '01',
  '1.',
  '0.5%',
  '>',
  '>=',
  '<',
  '<=',
  '=',
  '==',
  '!',
  '!=',
  ',',
  '.',
  ':',
  '%',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '${x}',
  '${',
  '$',
  '@',
  'é',
  '😀',
  'on',
  'nothing',
  'in',
  'increases',
  'run',
  'r',
  'name_1',
  'a-b',
  'automation',
  'not',
  'or',
  'org',
  'webhook',
  '\u2028',
  "'",
  "'x'",
  '\u2018',
  '\u2019',
  '\u201c',
  '\u201d',
  '\u201cx\u201d',
];

function shape(result: ReturnType<typeof scan>) {
  return {
    tokens: result.tokens.map((t) => [t.tokenType.name, t.image, t.startOffset]),
    comments: result.comments.map((t) => [t.image, t.startOffset]),
    errors: result.errors,
  };
}

describe('scan', () => {
  it('produces exactly the tokens and error runs of Chevrotain’s Lexer on the same token definitions', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(shape(scan(text))).toEqual(shape(referenceTokenize(text)));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with Chevrotain’s Lexer on random text and on every example file', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        expect(shape(scan(text))).toEqual(shape(referenceTokenize(text)));
      }),
      { numRuns: 2000 },
    );
    for (const text of examples) expect(shape(scan(text))).toEqual(shape(referenceTokenize(text)));
  });

  it('stops after maxTokens and reports where', () => {
    const r = scan('on run state failed -> nothing', 0, 3);
    expect(r.tokens.map((t) => t.image)).toEqual(['on', 'run', 'state']);
    expect(r.end).toBe(12);
  });
});

describe('chunked parsing', () => {
  const strip = (value: unknown) => JSON.stringify(value);
  it('gives the same AST and diagnostics for any chunk size', () => {
    const texts = [...examples, examples.join('\n'), `${examples[0]}\non run metric "x" > -> nothing\n${examples[1]}`];
    for (const text of texts) {
      const whole = parse(text, { chunkTokens: 1e9 });
      for (const size of [1, 2, 7, 64]) {
        const chunked = parse(text, { chunkTokens: size });
        expect(strip(chunked)).toBe(strip(whole));
      }
    }
  });

  it('holds on mutated inputs, whose broken rules straddle chunk ends', () => {
    const big = examples.join('\n');
    fc.assert(
      fc.property(
        fc.nat(big.length),
        fc.nat(40),
        fc.constantFrom(...pieces),
        fc.integer({ min: 1, max: 50 }),
        (at, del, ins, size) => {
          const text = big.slice(0, at) + ins + big.slice(at + del);
          expect(strip(parse(text, { chunkTokens: size }))).toBe(strip(parse(text, { chunkTokens: 1e9 })));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('the grammar', () => {
  it('passes Chevrotain’s grammar validations (production skips them at start-up)', async () => {
    const { WbrulesParser } = await import('../grammar-parser.js');
    expect(() => new WbrulesParser({ validate: true })).not.toThrow();
  });
});
