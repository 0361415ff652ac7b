// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${name}` in plain strings is the rule language's template syntax, not a JS template.
/**
 * Input that once made the compiler explode, and generators of its shapes
 * so the class cannot come back: a did-you-mean table as big as the square
 * of an identifier (out of memory at 20,000 characters), every `${` of a
 * payload string re-decoding the string (quadratic), an unclosed `${` that
 * a regex retried at every later `${` (quadratic), and the words of a long
 * filter or list spread into one call (a stack overflow from some 120,000
 * words). The sizes are past where each of those failed; the bench section
 * `growth` watches their time.
 */
import type { Diagnostic } from '@wbrules/dsl';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonOrdered } from '../json/json-text.js';
import { templateReferences } from '../model/template-variables.js';
import { diagnosticsOf } from './harness.js';

const head = 'webhook ci = "github-dispatch"\nin project "acme/vision"\n';
/** For rules that send nothing (so no declaration goes unused). */
const scope = 'in project "acme/vision"\n';

/** Compiles without throwing, every diagnostic lies inside the text; returns the diagnostics. */
function compilesSoundly(text: string): readonly Diagnostic[] {
  const diagnostics = diagnosticsOf(text);
  for (const d of diagnostics) {
    expect(0 <= d.span.start && d.span.start <= d.span.end && d.span.end <= text.length).toBe(true);
  }
  return diagnostics;
}

const codes = (diagnostics: readonly Diagnostic[]) => [...new Set(diagnostics.map((d) => d.code))].sort();

describe('templateReferences', () => {
  const regex = (text: string) =>
    [...text.matchAll(/\$\{([^}]*)\}/g)].map((m) => ({ name: m[1], start: m.index, end: m.index + m[0].length }));

  it('finds what the regex it replaced finds', () => {
    const text = fc.string({ unit: fc.constantFrom('$', '{', '}', 'a', '_', '\n'), maxLength: 40 });
    fc.assert(
      fc.property(text, (t) => {
        expect(templateReferences(t)).toEqual(regex(t));
      }),
      { numRuns: 3000 },
    );
  });

  it('stops at the first `${` with no `}` after it (200,000 of them: the regex took quadratic time)', () => {
    expect(templateReferences(`\${a}${'${'.repeat(200_000)}`)).toEqual([{ name: 'a', start: 0, end: 4 }]);
  });
});

describe('JSON strings of escapes', () => {
  it('decode to what JSON.stringify encoded, however long (a compiled filter is mostly `\\"`)', () => {
    const piece = fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0001', 'a', 'é', '😀'), maxLength: 6 });
    fc.assert(
      fc.property(piece, fc.integer({ min: 1, max: 50_000 }), (p, times) => {
        const s = p.repeat(times);
        const parsed = parseJsonOrdered(JSON.stringify([s]));
        expect(parsed.ok && parsed.value.kind === 'array' && parsed.value.items[0]).toEqual({
          kind: 'string',
          value: s,
        });
      }),
      { numRuns: 30 },
    );
  });
});

describe('the reproductions', () => {
  it('a 20,000-character integration name referenced with its last letter wrong (out of memory)', () => {
    const name = 'a'.repeat(20_000);
    const text = `webhook ${name} = "x"\nin project "acme/vision"\non run state failed -> webhook ${name.slice(1)}b\n`;
    const unknown = compilesSoundly(text).filter((d) => d.code === 'WR3019');
    expect(unknown).toHaveLength(1);
    // Past the length where a suggestion is looked for: none, at no cost.
    expect(unknown[0]?.hints?.[0]).toMatch(/^Declare it in this file/);
  });

  it('a 1 MB identifier (a RangeError in the did-you-mean table)', () => {
    const name = 'x'.repeat(1_000_000);
    expect(codes(compilesSoundly(`${head}on run state ${name} -> webhook ${name}\n`))).toEqual([
      'WR2001',
      'WR3012',
      'WR3019',
      'WR3025',
    ]);
  });

  it('"${event_type}${" 4,000 times in one string: every warning on its own `${...}`, with its fix', () => {
    const text = `${head}on run state failed -> webhook ci { "k": "${'${event_type}${'.repeat(4_000)}" }\n`;
    const warnings = compilesSoundly(text).filter((d) => d.code === 'WR3021');
    expect(warnings).toHaveLength(3_999);
    const first = text.indexOf('${event_type}${') + '${event_type}'.length;
    warnings.forEach((d, i) => {
      const start = first + i * '${event_type}${'.length;
      expect(d.span).toEqual({ start, end: start + '${${event_type}'.length });
      expect(d.fixes?.[0]?.edits[0]?.span).toEqual({ start: start + 2, end: start + '${${event_type'.length });
    });
  });

  it.each([
    ['`and`s', ' and run.name != "b"', 30_732],
    ['`or`s', ' or run.name != "b"', 30_732],
  ])('an unnamed rule with 40,000 %s (a stack overflow from 30,732)', (_, link) => {
    const text = `${scope}on run state failed where run.name == "a"${link.repeat(40_000)} -> nothing\n`;
    expect(codes(compilesSoundly(text))).toEqual(['WR2001']);
  });

  it('an unnamed rule with an `in` list of 160,000 items (a stack overflow from 122,958)', () => {
    const items = Array.from({ length: 160_000 }, (_, i) => `"r${i}"`).join(',');
    expect(codes(compilesSoundly(`${scope}on run state failed where run.name in [${items}] -> nothing\n`))).toEqual([
      'WR2001',
    ]);
  });
});

describe('fuzz: pathological shapes compile, never throw', () => {
  const letter = fc.constantFrom('a', 'b', 'C', '_', '9');

  it('huge identifiers with near-miss references', () => {
    const shape = fc.record({
      length: fc.integer({ min: 256, max: 200_000 }),
      unit: letter,
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      edit: fc.constantFrom('replace', 'delete', 'insert', 'case', 'swap'),
      kind: fc.constantFrom('webhook', 'slack'),
    });
    fc.assert(
      fc.property(shape, ({ length, unit, at, edit, kind }) => {
        const name = `n${unit.repeat(length - 2)}z`;
        const i = 1 + Math.floor(at * (length - 2));
        const miss =
          edit === 'replace'
            ? `${name.slice(0, i)}q${name.slice(i + 1)}`
            : edit === 'delete'
              ? name.slice(0, i) + name.slice(i + 1)
              : edit === 'insert'
                ? `${name.slice(0, i)}q${name.slice(i)}`
                : edit === 'case'
                  ? name.toUpperCase()
                  : `${name.slice(0, length - 2)}zn`;
        const text = `${kind} ${name} = "x"\nin project "acme/vision"\non run state ${miss} -> ${kind} ${miss}\n`;
        expect(codes(compilesSoundly(text))).toContain('WR3019');
      }),
      { numRuns: 15 },
    );
  });

  it('payload strings of repeated `${`, `}`, names, escapes and text', () => {
    const piece = fc.constantFrom(
      '${',
      '}',
      'event_type',
      '${event_type}',
      '${run_nme}',
      'x',
      '\\n',
      '\\u0041',
      '${A}',
    );
    const shape = fc.record({
      pieces: fc.array(piece, { minLength: 1, maxLength: 8 }),
      times: fc.integer({ min: 1_000, max: 6_000 }),
    });
    fc.assert(
      fc.property(shape, ({ pieces, times }) => {
        const text = `${head}on run state failed -> webhook ci { "k": "${pieces.join('').repeat(times)}" }\n`;
        const literal = { start: text.indexOf('"k": "') + 5, end: text.lastIndexOf('"') + 1 };
        for (const d of compilesSoundly(text).filter((x) => x.code === 'WR3021')) {
          // Either the literal (a reference through an escape) or exactly one `${...}`.
          const marked = text.slice(d.span.start, d.span.end);
          if (d.span.start !== literal.start || d.span.end !== literal.end) expect(marked).toMatch(/^\$\{[^}]*\}$/);
        }
      }),
      { numRuns: 10 },
    );
  });

  /** Comparisons of one to four words each, some of them wrong (an unknown field, a number for a string). */
  const comparison = fc.constantFrom(
    'run.name == "a"',
    'run.name != "b"',
    'run.name exists',
    'not run.name matches "^x"',
    'run.name contains "c"',
    'run.nme == "a"',
    'run.name == 3',
    '(run.name == "d")',
  );

  it('flat filter chains past 130,000 derived-name words', () => {
    const shape = fc.record({
      links: fc.integer({ min: 45_000, max: 50_000 }),
      operands: fc.array(comparison, { minLength: 1, maxLength: 6 }),
      joiners: fc.array(fc.constantFrom(' and ', ' or '), { minLength: 1, maxLength: 3 }),
      named: fc.boolean(),
    });
    fc.assert(
      fc.property(shape, ({ links, operands, joiners, named }) => {
        const parts = [operands[0] as string];
        for (let i = 1; i <= links; i++)
          parts.push(joiners[i % joiners.length] as string, operands[i % operands.length] as string);
        const header = named ? 'automation "chain"\n' : '';
        compilesSoundly(`${scope}${header}on run state failed where ${parts.join('')} -> nothing\n`);
      }),
      { numRuns: 1 },
    );
  });

  it('`in` lists past 150,000 items', () => {
    const shape = fc.record({
      items: fc.integer({ min: 150_000, max: 170_000 }),
      negated: fc.boolean(),
      wrong: fc.constantFrom(0, 1, 1_000),
    });
    fc.assert(
      fc.property(shape, ({ items, negated, wrong }) => {
        const list = Array.from({ length: items }, (_, i) => (wrong > 0 && i % wrong === 0 ? `${i}` : `"${i}"`));
        compilesSoundly(
          `${scope}on run state failed where run.name ${negated ? 'not in' : 'in'} [${list.join(',')}] -> nothing\n`,
        );
      }),
      { numRuns: 1 },
    );
  });
});
