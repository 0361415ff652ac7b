import { StringStream } from '@codemirror/language';
import { describe, expect, it } from 'vitest';
import { wbrulesStreamParser } from '../wbrules-language.js';

/** The editor's tokenizer run line by line, as CodeMirror runs it: each word with its style. */
function styles(text: string): [string, string | null][] {
  const parser = wbrulesStreamParser;
  const state = parser.startState?.(2) ?? { afterArrow: false };
  const out: [string, string | null][] = [];
  for (const line of text.split('\n')) {
    const stream = new StringStream(line, 4, 2);
    while (!stream.eol()) {
      stream.start = stream.pos;
      const style = parser.token(stream, state);
      const word = stream.current();
      if (word.trim() !== '') out.push([word, style]);
    }
  }
  return out;
}

/** The style of the `n`th token spelled `word`. */
function styleOf(text: string, word: string, n = 0): string | null | undefined {
  return styles(text).filter(([w]) => w === word)[n]?.[1];
}

describe('the editor tokenizer', () => {
  it.each([
    ['the ARIA action word after "->"', 'on run state failed -> aria "Why ${run_name}"', 0, 'keyword'],
    ['the action word glued to the arrow', 'on run state failed ->aria "p"', 0, 'keyword'],
    ['the action word on the next line, past a comment', 'on run state failed -> # why\n  aria "p"', 0, 'keyword'],
    ['an integration named aria in its declaration', 'webhook aria = "x"', 0, 'variableName'],
    ['an integration named aria in an action', 'on run state failed -> webhook aria', 0, 'variableName'],
    ['a second aria after the action word', '-> aria aria', 1, 'variableName'],
    ['aria alone', 'aria', 0, 'variableName'],
  ])('%s', (_name, text, n, style) => {
    expect(styleOf(text, 'aria', n)).toBe(style);
  });

  it('keeps reserved words keywords and strings strings around an ARIA action', () => {
    expect(styles('on run state failed -> aria "Why ${run_name}"')).toEqual([
      ['on', 'keyword'],
      ['run', 'keyword'],
      ['state', 'keyword'],
      ['failed', 'variableName'],
      ['->', 'operator'],
      ['aria', 'keyword'],
      ['"Why ${run_name}"', 'string'],
    ]);
  });
});
