// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${name}` in plain strings is the rule language's template syntax, not a JS template.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as ast from '../ast.js';
import {
  decodeJsonString,
  equalIgnoringSpans,
  format,
  maxNestingDepth,
  parse,
  renderDiagnostic,
  tokenize,
  visit,
} from '../index.js';
import { exampleFiles } from './harness.js';

/**
 * What must hold for any text at all: `parse` and `format` return (never
 * throw), every diagnostic and node span lies inside the text, broken text
 * is returned by `format` unchanged, and clean text formats to text that
 * parses to the same AST.
 */
function expectRobust(text: string): void {
  const { ast: doc, diagnostics } = parse(text);
  for (const d of diagnostics) {
    if (!(0 <= d.span.start && d.span.start <= d.span.end && d.span.end <= text.length)) {
      throw new Error(
        `${d.code} span ${d.span.start}..${d.span.end} outside 0..${text.length} in ${JSON.stringify(text)}`,
      );
    }
  }
  visit(doc, {
    enter(node) {
      if (!(0 <= node.span.start && node.span.start <= node.span.end && node.span.end <= text.length)) {
        throw new Error(
          `${node.kind} span ${node.span.start}..${node.span.end} outside 0..${text.length} in ${JSON.stringify(text)}`,
        );
      }
    },
  });
  const out = format(text);
  if (diagnostics.some((d) => d.severity === 'error')) {
    expect(out).toBe(text);
    return;
  }
  const again = parse(out);
  expect(again.diagnostics).toEqual([]);
  expect(equalIgnoringSpans(again.ast, doc)).toBe(true);
}

/** Pieces of the language, so random text reaches deep into the grammar rather than failing at the first character. */
const fragments = [
  'on',
  'run',
  'metric',
  '"loss"',
  'r"^x\\d$"',
  '"a\\u00e9"',
  '"\\d"',
  '"open',
  '>',
  '>=',
  '<',
  '==',
  '!=',
  '0.5',
  '-3',
  '10',
  '%',
  '01',
  'avg',
  'over',
  'changes',
  'increases',
  'by',
  'within',
  'vs',
  'zscore',
  'abs',
  'state',
  'failed',
  ',',
  'artifact',
  'linked',
  'alias',
  'tag',
  'collection',
  'added',
  'removed',
  'in',
  'project',
  'team',
  '"a/b"',
  'where',
  'and',
  'or',
  'not',
  '(',
  ')',
  'run.name',
  '.',
  'matches',
  'contains',
  'exists',
  '[',
  ']',
  '->',
  'webhook',
  'slack',
  'nothing',
  'ci',
  '=',
  '{',
  '}',
  ':',
  'true',
  'null',
  '${x}',
  'title',
  'message',
  'severity',
  'warn',
  'automation',
  'description',
  'disabled',
  '# c\n',
  '// c\n',
  '\n',
  '@',
  '\u0000',
  '😀',
];

describe('fuzz: parse and format never throw', () => {
  it('random bytes (as Latin-1 and as UTF-8)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expectRobust(String.fromCharCode(...bytes));
        expectRobust(new TextDecoder().decode(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('random unicode, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => expectRobust(text)),
      { numRuns: 300 },
    );
  });

  it('random sequences of language fragments', () => {
    const soup = fc.tuple(
      fc.array(fc.constantFrom(...fragments), { maxLength: 40 }),
      fc.constantFrom(' ', '', '\n', '\t'),
    );
    fc.assert(
      fc.property(soup, ([parts, sep]) => expectRobust(parts.join(sep))),
      { numRuns: 1000 },
    );
  });

  it('renders every diagnostic of random text', () => {
    const soup = fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ unit: 'binary', maxLength: 3 })), {
      maxLength: 30,
    });
    fc.assert(
      fc.property(soup, (parts) => {
        const text = parts.join(' ');
        for (const d of parse(text).diagnostics)
          expect(renderDiagnostic(d, text, { file: 'f' })).toMatch(/^f:\d+:\d+: error\[WR1\d{3}\]: /);
      }),
      { numRuns: 200 },
    );
  });
});

describe('fuzz: example files', () => {
  const files = exampleFiles();

  /** A mutation by characters or by whole tokens: delete, insert, duplicate or swap. */
  const mutated = fc.constantFrom(...files).chain(({ text }) => {
    const tokens = tokenize(text).tokens.map((t) => ({ start: t.startOffset, end: t.startOffset + t.image.length }));
    const position = fc.nat(text.length);
    const token = fc.nat(Math.max(0, tokens.length - 1)).map((i) => tokens[i] ?? { start: 0, end: 0 });
    const edit = fc.oneof(
      fc.tuple(position, fc.nat(8)).map(
        ([at, n]) =>
          (s: string) =>
            s.slice(0, at) + s.slice(at + n),
      ),
      fc.tuple(position, fc.oneof(fc.constantFrom(...fragments), fc.string({ unit: 'binary', maxLength: 2 }))).map(
        ([at, piece]) =>
          (s: string) =>
            s.slice(0, at) + piece + s.slice(at),
      ),
      token.map((t) => (s: string) => s.slice(0, t.start) + s.slice(t.end)),
      token.map((t) => (s: string) => s.slice(0, t.end) + ' ' + s.slice(t.start, t.end) + s.slice(t.end)),
      fc.tuple(token, token).map(([a, b]) => (s: string) => {
        const [x, y] = a.start <= b.start ? [a, b] : [b, a];
        if (x.end > y.start) return s;
        return (
          s.slice(0, x.start) +
          s.slice(y.start, y.end) +
          s.slice(x.end, y.start) +
          s.slice(x.start, x.end) +
          s.slice(y.end)
        );
      }),
    );
    // Edits apply to the original offsets from the end backwards often enough; offsets past the end are clamped by slice.
    return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => edits.reduce((s, f) => f(s), text));
  });

  it('randomly mutated examples', () => {
    expect(files.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(mutated, (text) => expectRobust(text)),
      { numRuns: 400 },
    );
  });

  it.each(files)('every prefix of $name (sampled above 3 KB)', ({ text }) => {
    const step = text.length < 3000 ? 1 : Math.ceil(text.length / 1500);
    for (let end = 0; end <= text.length; end += step) expectRobust(text.slice(0, end));
    expectRobust(text);
  });
});

describe('fuzz: deep nesting is a diagnostic, not a stack overflow', () => {
  const depth = 10_000;
  const expectNestingError = (text: string, at: number) => {
    const { diagnostics } = parse(text);
    expect(diagnostics.map((d) => d.code)).toContain('WR1105');
    const d = diagnostics.find((x) => x.code === 'WR1105') as (typeof diagnostics)[number];
    expect(d.span).toEqual({ start: at, end: at + 1 });
    expect(format(text)).toBe(text);
  };

  it(`${depth} nested parentheses in a where-filter`, () => {
    const text = `on alias added where ${'('.repeat(depth)}alias == "a"${')'.repeat(depth)} -> nothing`;
    expectNestingError(text, text.indexOf('(') + maxNestingDepth);
  });

  it(`${depth} nested "[" in a webhook payload`, () => {
    const text = `on alias added -> webhook ci { "a": ${'['.repeat(depth)}${']'.repeat(depth)} }`;
    // The payload object is the first level, so the limit is reached one bracket earlier.
    expectNestingError(text, text.indexOf('[') + maxNestingDepth - 1);
  });

  it(`${depth} unclosed "{" and "not"s`, () => {
    const braces = `on alias added -> webhook ci ${'{ "a": '.repeat(depth)}`;
    expect(parse(braces).diagnostics.map((d) => d.code)).toContain('WR1105');
    const nots = `on alias added where ${'not '.repeat(depth)}alias exists -> nothing`;
    expect(parse(nots).diagnostics.map((d) => d.code)).toEqual(['WR1105']);
  });

  it('keeps parsing the rules after a too-deep one', () => {
    const text = `on alias added where ${'('.repeat(depth)}alias == "a"${')'.repeat(depth)} -> nothing\non artifact linked -> nothing`;
    const { ast: doc } = parse(text);
    expect(doc.items.map((i) => (i as ast.Rule).event.kind)).toEqual(['ArtifactEvent']);
  });
});

describe('fuzz: long strings of escapes', () => {
  it('decode to what JSON.stringify encoded, however long', () => {
    const piece = fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0001', 'a', 'é', '😀'), maxLength: 6 });
    fc.assert(
      fc.property(piece, fc.integer({ min: 1, max: 50_000 }), (p, times) => {
        const s = p.repeat(times);
        const decoded = decodeJsonString(JSON.stringify(s));
        expect(decoded.value).toBe(s);
        // JSON.stringify escapes control characters, so nothing is wrong with it.
        expect(decoded.problems).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });
});

describe('fuzz: wide input is formatted, not a stack overflow', () => {
  // Past some 125,000 lines the printer once overflowed the stack: it
  // appended a filter's or a payload's lines with `push(...lines)`, one
  // argument per line. Flat chains and lists need no nesting limit.
  const wide = fc.integer({ min: 130_000, max: 140_000 });

  // About 7 s each; the real binary's large-input tests cover the same shapes in
  // every run, so these run with the longer command (`pnpm test:full`).
  const full = process.env.WBRULES_FULL_TESTS === '1';

  it.runIf(full)('filters broken into 130,000+ lines', () => {
    const operand = fc.constantFrom('a exists', 'a == "x"', 'not a == "y"', '(a != "z")', 'a in ["p"]');
    fc.assert(
      fc.property(
        wide,
        fc.array(operand, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(' and ', ' or '),
        (n, ops, joiner) => {
          const operands = Array.from({ length: n }, (_, i) => ops[i % ops.length] as string);
          expectRobust(`on alias added where ${operands.join(joiner)} -> nothing\n`);
        },
      ),
      // Each run formats and reparses some 1.5 MB.
      { numRuns: 1 },
    );
  });

  it.runIf(full)('payloads of 130,000+ elements or members, one per line, at the top or nested', () => {
    const element = fc.constantFrom('1', '"a"', 'true', 'null', '{}', '[]', '{ "k": 2 }');
    fc.assert(
      fc.property(wide, fc.array(element, { minLength: 1, maxLength: 4 }), fc.boolean(), (n, elements, members) => {
        const items = Array.from({ length: n }, (_, i) =>
          members ? `"k${i}": ${elements[i % elements.length]}` : (elements[i % elements.length] as string),
        );
        const value = members ? `{ ${items.join(', ')} }` : `[${items.join(', ')}]`;
        expectRobust(`on alias added -> webhook ci ${members ? value : `{ "a": ${value} }`}\n`);
      }),
      { numRuns: 2 },
    );
  });
});
