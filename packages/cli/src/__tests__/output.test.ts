import { describe, expect, test } from 'vitest';
import { jsonArrayChunks, jsonText } from '../output.js';

describe('jsonArrayChunks', () => {
  const item = (i: number) => ({
    name: `rule-${i}`,
    line: i,
    nested: { list: [1, 2.5, null, true], empty: {}, none: [] },
    text: 'a "quoted"\nline\u2028 and ünïcödé 😀',
  });

  test.each([0, 1, 2, 7])('is jsonText of the mapped array, byte for byte, for %i items', (n) => {
    const items = Array.from({ length: n }, (_, i) => i);
    expect([...jsonArrayChunks(items, item)].join('')).toBe(jsonText(items.map(item)));
  });

  test('large arrays come in pieces of about a megabyte that join to the same text', () => {
    const items = Array.from({ length: 20_000 }, (_, i) => i);
    const chunks = [...jsonArrayChunks(items, item)];
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeLessThan(1.1 * 2 ** 20);
    expect(chunks.join('')).toBe(jsonText(items.map(item)));
  });
});
