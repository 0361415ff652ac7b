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

  test('items of very different sizes, C1 controls and DEL among them, join to the same text', () => {
    const sized = (i: number) => ({
      i,
      text: `${'x'.repeat(i % 97 === 0 ? 300_000 : i % 7)}\u0085\u007f${i % 13 === 0 ? '\u009b' : ''}`,
      deep: i % 5 === 0 ? { a: [{ b: [] }, {}], c: 'line\nbreak' } : [],
    });
    const items = Array.from({ length: 5_000 }, (_, i) => i);
    const chunks = [...jsonArrayChunks(items, sized)];
    expect(chunks.join('')).toBe(jsonText(items.map(sized)));
    expect(chunks.join('')).not.toMatch(/[\u007f-\u009f]/);
  });
});
