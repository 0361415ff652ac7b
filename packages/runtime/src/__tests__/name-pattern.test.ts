import { describe, expect, test } from 'vitest';
import { matchingPattern, namePattern } from '../index.js';

describe('namePattern (--keep)', () => {
  test.each([
    ['legacy-*', 'legacy-a', true],
    ['legacy-*', 'legacy-', true],
    ['legacy-*', 'xlegacy-a', false],
    ['keep-?', 'keep-1', true],
    ['keep-?', 'keep-10', false],
    ['keep-?', 'keep-', false],
    ['*', '', true],
    ['a.b', 'a.b', true],
    ['a.b', 'axb', false],
    ['(x)+[y]', '(x)+[y]', true],
    ['ü*', 'über', true],
    ['?', '😀', true],
    ['exact', 'exact', true],
    ['exact', 'exactly', false],
  ])('%j on %j: %j', (glob, name, matches) => {
    expect(namePattern(glob)(name)).toBe(matches);
  });

  test('matchingPattern names the first pattern that matches', () => {
    expect(matchingPattern(['a*', '*b', '*'], 'ab')).toBe('a*');
    expect(matchingPattern(['a*'], 'b')).toBeUndefined();
  });
});
