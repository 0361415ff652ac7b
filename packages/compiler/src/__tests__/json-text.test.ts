import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  floatFromText,
  integerFromText,
  isWellFormedString,
  type JsonText,
  jsonArray,
  jsonBool,
  jsonEquals,
  jsonFloat,
  jsonInt,
  jsonNull,
  jsonObject,
  jsonString,
  numberFromText,
  parseJsonOrdered,
  percentToFraction,
  spellFloat,
  stringify,
} from '../json/json-text.js';
import { asString, loadVectorCases, member } from './vectors.js';

/**
 * §2.6 restated without `toExponential`: the shortest digits and the decimal
 * exponent are recovered from `String(x)` (positional or scientific, with
 * JavaScript's own thresholds), then placed by the §2.6 thresholds. (`toFixed`
 * is no substitute: on exact ties such as 102890217851087.625 it rounds up,
 * while the shortest-digits algorithms of V8 and of the SDK round to even.)
 */
function referenceSpelling(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const abs = Math.abs(x);
  const s = String(abs);
  const [mantissa = '', expPart] = s.split('e');
  const [intPart = '', fracPart = ''] = mantissa.split('.');
  let digits = intPart + fracPart;
  let pointPosition = intPart.length + (expPart === undefined ? 0 : Number(expPart));
  const leadingZeros = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(leadingZeros).replace(/0+$/, '');
  pointPosition -= leadingZeros;
  const exponent = pointPosition - 1;
  if (exponent >= -5 && exponent < 16) {
    const padded = exponent < 0 ? '0'.repeat(-exponent) + digits : digits.padEnd(exponent + 1, '0');
    const point = Math.max(exponent, 0) + 1;
    const fraction = padded.slice(point);
    return `${sign}${padded.slice(0, point)}.${fraction || '0'}`;
  }
  const head = digits.slice(0, 1);
  const tail = digits.slice(1);
  return `${sign}${head}${tail ? `.${tail}` : ''}e${exponent < 0 ? '-' : '+'}${Math.abs(exponent)}`;
}

/** Doubles from raw bit patterns: every exponent range, subnormals included. */
const anyBits = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((bits) => {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, bits);
  return view.getFloat64(0);
});

/** Doubles people write: short decimals around the positional/exponent boundaries (1e-5, 1e16). */
const decimalish = fc
  .tuple(fc.integer({ min: -999_999_999, max: 999_999_999 }), fc.integer({ min: -30, max: 30 }))
  .map(([m, k]) => Number(`${m}e${k}`));

const finiteDoubles = fc
  .oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), anyBits, decimalish)
  .filter(Number.isFinite);

describe('spellFloat', () => {
  it.each([
    [1, '1.0'],
    [100000, '100000.0'],
    [0.00001, '0.00001'],
    [123456789, '123456789.0'],
    [1e15, '1000000000000000.0'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e-7, '1e-7'],
    [1.5e-7, '1.5e-7'],
    [9.99e-6, '9.99e-6'],
    [1e-6, '1e-6'],
    [1e16, '1e+16'],
    [1e20, '1e+20'],
    [1.2345678901234568e17, '1.2345678901234568e+17'],
    [123.45, '123.45'],
    [0.5, '0.5'],
    [0, '0.0'],
    [-0, '-0.0'],
    [-1.5, '-1.5'],
    [-1e-7, '-1e-7'],
    [5e-324, '5e-324'],
    [Number.MAX_VALUE, '1.7976931348623157e+308'],
    [9007199254740992, '9007199254740992.0'],
    [0.011, '0.011'],
    // Exactly 102890217851087.625, a tie between two 17-digit spellings: the
    // shortest-digits algorithms round to even, as Python's repr does.
    [6584973942469608 / 64, '102890217851087.62'],
  ])('spells %s as %s', (x, expected) => {
    expect(spellFloat(x)).toBe(expected);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('rejects %s', (x) => {
    expect(() => spellFloat(x)).toThrow(RangeError);
  });

  it('matches the independent formulation of §2.6 and round-trips (property)', () => {
    fc.assert(
      fc.property(finiteDoubles, (x) => {
        const spelled = spellFloat(x);
        expect(spelled).toBe(referenceSpelling(x));
        expect(Object.is(Number(spelled), x)).toBe(true);
        // Always a float spelling: a fraction or an exponent, never bare digits.
        expect(spelled).toMatch(/[.e]/);
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('stringify', () => {
  it('is compact and keeps key order as given, integer-like keys included', () => {
    const value = jsonObject([
      ['10', jsonInt(1)],
      ['a', jsonArray([jsonFloat(1), jsonInt('-12'), jsonBool(true), jsonNull])],
      ['2', jsonObject([])],
    ]);
    expect(stringify(value)).toBe('{"10":1,"a":[1.0,-12,true,null],"2":{}}');
  });

  it('escapes exactly what the SDK escapes and writes the rest raw', () => {
    const s = '"\\/\b\f\n\r\t\u0000\u0001\u001f <>&\u007f\u2028\u2029é损失😀';
    expect(stringify(jsonString(s))).toBe(
      '"\\"\\\\/\\b\\f\\n\\r\\t\\u0000\\u0001\\u001f <>&\u007f\u2028\u2029é损失😀"',
    );
  });

  it('keeps ints exact beyond 2^53', () => {
    expect(stringify(jsonInt('123456789012345678901234567890'))).toBe('123456789012345678901234567890');
    expect(stringify(jsonInt(2n ** 63n - 1n))).toBe('9223372036854775807');
    expect(stringify(jsonInt('-0'))).toBe('0');
  });

  it('refuses lone surrogates and non-finite floats (callers must reject them first)', () => {
    expect(() => stringify(jsonString('a\uD800b'))).toThrow(RangeError);
    expect(() => stringify(jsonObject([['\uDC00', jsonNull]]))).toThrow(RangeError);
    expect(() => jsonFloat(Number.NaN)).toThrow(RangeError);
    expect(isWellFormedString('😀')).toBe(true);
    expect(isWellFormedString('\uD83D')).toBe(false);
  });

  it('matches JSON.stringify on well-formed strings (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(stringify(jsonString(s))).toBe(JSON.stringify(s));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('numbers from source text', () => {
  it.each([
    ['0', '0'],
    ['-0', '0'],
    ['42', '42'],
    ['-3', '-3'],
    ['1000000000000', '1000000000000'],
    ['9223372036854775807', '9223372036854775807'],
    ['-9223372036854775807', '-9223372036854775807'],
  ])('integerFromText(%s) is exactly %s', (raw, text) => {
    expect(integerFromText(raw)).toEqual({ ok: true, value: { kind: 'int', text } });
  });

  it.each([
    ['9223372036854775808', 'range'],
    ['-9223372036854775808', 'range'],
    ['1.0', 'syntax'],
    ['1e2', 'syntax'],
    ['01', 'syntax'],
    ['+1', 'syntax'],
    ['', 'syntax'],
  ])('integerFromText(%s) fails with %s', (raw, error) => {
    expect(integerFromText(raw)).toEqual({ ok: false, error });
  });

  it.each([
    ['1.0', '1.0'],
    ['1.50', '1.5'],
    ['1E2', '100.0'],
    ['1e-7', '1e-7'],
    ['0.1', '0.1'],
    ['-0.0', '-0.0'],
    ['3', '3.0'],
    ['1e-400', '0.0'],
  ])('floatFromText(%s) spells as %s', (raw, spelled) => {
    const result = floatFromText(raw);
    expect(result.ok && stringify(result.value)).toBe(spelled);
  });

  it.each([
    ['1e400', 'range'],
    ['-1e309', 'range'],
    ['1.', 'syntax'],
    ['.5', 'syntax'],
    ['NaN', 'syntax'],
    ['Infinity', 'syntax'],
    ['0x10', 'syntax'],
  ])('floatFromText(%s) fails with %s', (raw, error) => {
    expect(floatFromText(raw)).toEqual({ ok: false, error });
  });

  it('numberFromText keeps the spelling’s type', () => {
    const spell = (raw: string) => {
      const r = numberFromText(raw);
      return r.ok ? stringify(r.value) : r.error;
    };
    expect([spell('3'), spell('3.0'), spell('1E2'), spell('99999999999999999999')]).toEqual([
      '3',
      '3.0',
      '100.0',
      'range',
    ]);
  });
});

describe('percentToFraction', () => {
  it.each([
    ['1.1', '0.011'],
    ['10', '0.1'],
    ['100', '1.0'],
    ['0.5', '0.005'],
    ['12.5', '0.125'],
    ['1e2', '1.0'],
    ['250', '2.5'],
    ['0', '0.0'],
    ['33.3', '0.333'],
    ['0.001', '0.00001'],
    ['1E-4', '1e-6'],
    ['5e3', '50.0'],
    ['1e300', '1e+298'],
  ])('%s%% is the float spelled %s', (raw, spelled) => {
    const result = floatFromText(percentToFraction(raw));
    expect(result.ok && stringify(result.value)).toBe(spelled);
  });

  it('shifts in decimal, not by floating-point division', () => {
    expect(1.1 / 100).toBe(0.011000000000000001);
    expect(percentToFraction('1.1')).toBe('0.011');
  });

  it('always returns a float spelling', () => {
    expect(percentToFraction('100')).toMatch(/[.e]/);
    expect(percentToFraction('1e300')).toMatch(/[.e]/);
  });

  it('equals the correctly rounded double of raw × 10^-2 (property)', () => {
    const spelling = fc
      .tuple(
        fc.boolean(),
        fc.oneof(fc.constant('0'), fc.stringMatching(/^[1-9][0-9]{0,20}$/)),
        fc.option(fc.stringMatching(/^[0-9]{1,20}$/), { nil: undefined }),
        fc.option(fc.integer({ min: -350, max: 350 }), { nil: undefined }),
      )
      .map(([neg, whole, frac, exp]) => ({
        raw: `${neg ? '-' : ''}${whole}${frac === undefined ? '' : `.${frac}`}${exp === undefined ? '' : `e${exp}`}`,
        mantissa: `${neg ? '-' : ''}${whole}${frac === undefined ? '' : `.${frac}`}`,
        exp: exp ?? 0,
      }));
    fc.assert(
      fc.property(spelling, ({ raw, mantissa, exp }) => {
        // JavaScript's own decimal parser is correctly rounded, so moving the
        // exponent by -2 in the text is an independent statement of the rule.
        expect(Object.is(Number(percentToFraction(raw)), Number(`${mantissa}e${exp - 2}`))).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });

  it('rejects text that is not a JSON number', () => {
    expect(() => percentToFraction('1.')).toThrow(RangeError);
  });
});

describe('parseJsonOrdered', () => {
  it.each([
    ['{"b":1,"a":2,"10":3}', '{"b":1,"a":2,"10":3}'],
    [' { "x" : [ 1.50 , 1E2 , -0 , 0.0 , -0.0 , 1e-7 ] } ', '{"x":[1.5,100.0,0,0.0,-0.0,1e-7]}'],
    ['"\\u00e9\\ud83d\\ude00\\/\\u2028"', '"é😀/\u2028"'],
    ['123456789012345678901234567890', '123456789012345678901234567890'],
    ['[true,false,null,{},[]]', '[true,false,null,{},[]]'],
    ['"\\u001F"', '"\\u001f"'],
    ['{"payload":"${event_type}","n":10}', '{"payload":"${event_type}","n":10}'],
  ])('re-spells %s as %s', (text, expected) => {
    const result = parseJsonOrdered(text);
    expect(result.ok && stringify(result.value)).toBe(expected);
  });

  it.each([
    ['', 0],
    ['{"a":1,}', 7],
    ['[1,]', 3],
    ['01', 0],
    ['1.', 1],
    ['{"a" 1}', 5],
    ['"abc', 0],
    ['"a\nb"', 2],
    ['"\\x"', 1],
    ['"\\ud800"', 0],
    ['"\uDC00"', 0],
    ['NaN', 0],
    ['1e400', 0],
    ['{"a":1,"a":2}', 7],
    ['[1] 2', 4],
    ['\uFEFF{}', 0],
    ["{'a':1}", 1],
  ])('reports an error for %j at offset %i', (text, offset) => {
    const result = parseJsonOrdered(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.offset).toBe(offset);
  });

  it('keeps the first position and the last value for duplicates when asked to behave like Python', () => {
    const result = parseJsonOrdered('{"a":1,"b":2,"a":3}', { duplicateKeys: 'last-wins' });
    expect(result.ok && stringify(result.value)).toBe('{"a":3,"b":2}');
  });

  it('reports deep nesting instead of overflowing the stack', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(parseJsonOrdered(deep).ok).toBe(false);
    expect(parseJsonOrdered('[[[1]]]', { maxDepth: 3 }).ok).toBe(true);
    expect(parseJsonOrdered('[[[[1]]]]', { maxDepth: 3 }).ok).toBe(false);
  });

  it('never throws on arbitrary text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        parseJsonOrdered(text);
      }),
      { numRuns: 5_000 },
    );
  });

  it('reads what JSON.stringify writes, and stringify of that is stable (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) => {
        const text = JSON.stringify(value);
        const first = parseJsonOrdered(text);
        expect(first.ok).toBe(true);
        if (!first.ok) return;
        const respelled = stringify(first.value);
        // Same value as JSON (ints may gain nothing; floats may gain `.0`).
        expect(JSON.parse(respelled)).toEqual(JSON.parse(text));
        const second = parseJsonOrdered(respelled);
        expect(second.ok && jsonEquals(second.value, first.value)).toBe(true);
        expect(second.ok && stringify(second.value)).toBe(respelled);
      }),
      { numRuns: 2_000 },
    );
  });

  it('re-spells every eventFilter and requestPayload in the vectors byte for byte', () => {
    const files = [
      'create-actions.json',
      'create-mutation-events.json',
      'create-odd-inputs.json',
      'create-run-filters.json',
      'create-run-metric-change.json',
      'create-run-metric-threshold.json',
      'create-run-metric-zscore.json',
      'create-run-state.json',
      'create-scopes-and-fields.json',
      'update.json',
    ];
    let checked = 0;
    for (const file of files) {
      for (const c of loadVectorCases(file)) {
        const expected = member(c.json, 'expected');
        if (expected.kind !== 'object') continue;
        const strings: string[] = [];
        for (const [key, value] of expected.entries) {
          if (key === 'eventFilter' && value.kind === 'string') strings.push(value.value);
        }
        const action = expected.entries.find(([key]) => key === 'triggeredActionConfig')?.[1];
        const webhook =
          action?.kind === 'object' ? action.entries.find(([k]) => k === 'genericWebhookActionInput')?.[1] : undefined;
        if (webhook?.kind === 'object') {
          const payload = webhook.entries.find(([k]) => k === 'requestPayload')?.[1];
          if (payload?.kind === 'string') strings.push(payload.value);
        }
        for (const text of strings) {
          const parsed = parseJsonOrdered(text);
          expect(parsed.ok, `${c.id}: ${text}`).toBe(true);
          if (!parsed.ok) continue;
          expect(stringify(parsed.value), c.id).toBe(text);
          checked++;
          // The nested run_filter string is itself SDK-spelled JSON.
          const runFilter =
            parsed.value.kind === 'object' ? parsed.value.entries.find(([k]) => k === 'run_filter')?.[1] : undefined;
          if (runFilter?.kind === 'string') {
            const inner = parseJsonOrdered(runFilter.value);
            expect(inner.ok && stringify(inner.value), c.id).toBe(runFilter.value);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
    // The tiny-float vector is the one that exercises exponent spelling.
    const tiny = loadVectorCases('create-odd-inputs.json').find((c) => c.id === 'odd-tiny-float-threshold');
    expect(tiny && asString(member(tiny.json, 'expected', 'eventFilter'))).toContain('"threshold":1e-7}');
  });
});

describe('jsonEquals', () => {
  it('tells int from float, 0.0 from -0.0, and key orders apart', () => {
    const cases: [JsonText, JsonText, boolean][] = [
      [jsonInt(1), jsonFloat(1), false],
      [jsonFloat(0), jsonFloat(-0), false],
      [
        jsonObject([
          ['a', jsonNull],
          ['b', jsonNull],
        ]),
        jsonObject([
          ['b', jsonNull],
          ['a', jsonNull],
        ]),
        false,
      ],
      [jsonArray([jsonString('x'), jsonInt(2)]), jsonArray([jsonString('x'), jsonInt(2)]), true],
    ];
    for (const [a, b, equal] of cases) expect(jsonEquals(a, b)).toBe(equal);
  });
});

describe('parseJsonOrdered with elementOffsets', () => {
  it.each([
    ['[1, {"a": [2, 3]}, "x"]', [1, 4, 19]],
    ['  [\n  {"a": "],["},\n  []\n]', [6, 22]],
    ['[]', []],
    ['{"a": [1, 2]}', []],
    ['"text"', []],
  ])('%j: the offsets of the top-level array elements', (text, offsets) => {
    const result = parseJsonOrdered(text, { elementOffsets: true });
    expect(result.ok && result.elementOffsets).toEqual(offsets);
  });

  it('without the option the result has no offsets', () => {
    expect(parseJsonOrdered('[1, 2]')).not.toHaveProperty('elementOffsets');
  });
});
