import { parseJsonOrdered } from '@wbrules/compiler';
import { describe, expect, test } from 'vitest';
import { pythonFloatRepr, pythonJsonDumps } from '../index.js';

describe('Python json.dumps spelling', () => {
  test.each([
    [1e-7, '1e-07'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1e16, '1e+16'],
    [123456789.0, '123456789.0'],
    [1.5e300, '1.5e+300'],
    [-0.0, '-0.0'],
  ])('%s → %s', (x, spelled) => {
    expect(pythonFloatRepr(x)).toBe(spelled);
  });

  test('separators, key order, ints and floats, ASCII escapes', () => {
    const parsed = parseJsonOrdered('{"b":[1,2.0,"损失\\u007f"],"a":{"10":null,"x":true}}');
    if (!parsed.ok) throw new Error('parse');
    expect(pythonJsonDumps(parsed.value)).toBe(
      '{"b": [1, 2.0, "\\u635f\\u5931\\u007f"], "a": {"10": null, "x": true}}',
    );
  });
});
