import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@wbrules/dsl';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IncrementalParser } from '../incremental-parser.js';

const examplesDir = join(import.meta.dirname, '../../../../examples');
const examples = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.wbrules'))
  .map((f) => readFileSync(join(examplesDir, f), 'utf8'));

/** Snippets that stress region boundaries: line breaks, open strings and comments, item starts, arrows. */
const snippets = [
  '\n',
  ' ',
  '"',
  '#',
  '//',
  '->',
  'on ',
  'in ',
  'automation "x"\n',
  'disabled',
  '{',
  '}',
  'r"',
  '\\',
  '%',
  'on run state failed',
  ' -> nothing\n',
  'webhook w = "h"\n',
  'in project "a/b"\n',
  'x',
  '5',
  '${',
  ',',
  'title "t"',
  ' severity',
  '(',
  ')',
  '[',
  ']',
  'where ',
  '\r\n',
  '\t',
  // Pieces that complete a rule from inside the first word of the next one.
  'escription "d"\n',
  'isabled',
  'n run state crashed -> nothing\n\n',
];

const edit = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 12 }),
  insert: fc.array(fc.constantFrom(...snippets), { maxLength: 3 }).map((s) => s.join('')),
});

describe('IncrementalParser', () => {
  it('returns exactly what parse returns, after every edit of a sequence', () => {
    fc.assert(
      fc.property(fc.constantFrom(...examples), fc.array(edit, { minLength: 1, maxLength: 12 }), (start, edits) => {
        const incremental = new IncrementalParser('doc.wbrules');
        let text = start;
        expect(incremental.update(text)).toEqual(parse(text, { file: 'doc.wbrules' }));
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
          expect(incremental.update(text)).toEqual(parse(text, { file: 'doc.wbrules' }));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('re-parses only the rule an edit touches in a long file', () => {
    const text = examples.join('\n');
    const incremental = new IncrementalParser();
    incremental.update(text);
    const at = text.indexOf('"loss" >= 3') + 11;
    const edited = `${text.slice(0, at)}4${text.slice(at + 1)}`;
    expect(incremental.update(edited)).toEqual(parse(edited));
    expect(incremental.stats().parsedChars).toBeLessThan(100);
    expect(incremental.stats().regions).toBeGreaterThan(40);
  });

  it('grows the re-parsed stretch when an edit leaves a rule open into the next one', () => {
    const text = 'automation "a"\non run state failed -> nothing\non run state finished -> nothing\n';
    const incremental = new IncrementalParser();
    incremental.update(text);
    const broken = text.replace(' -> nothing\non run state finished', '\non run state finished');
    expect(incremental.update(broken)).toEqual(parse(broken));
    expect(incremental.update(broken).ast.items).toHaveLength(1);
  });

  it('re-parses the region an insertion inside its first token lands in', () => {
    // "d|isabled": the insertion turns the word into a complete rule and leaves "isabled" behind.
    const text = 'on run state failed -> nothing\ndisabled\non run state finished -> nothing\n';
    const incremental = new IncrementalParser();
    incremental.update(text);
    const at = text.indexOf('disabled') + 1;
    const edited = `${text.slice(0, at)}escription "x"\non run state crashed -> nothing\n\n${text.slice(at)}`;
    expect(incremental.update(edited)).toEqual(parse(edited));
  });

  it('re-parses the rule before a region whose first token an edit changes', () => {
    // A "{" typed before the next rule opens a payload for the webhook action before it.
    const text = 'on run state failed -> webhook ci\non run state finished -> nothing\n';
    const incremental = new IncrementalParser();
    incremental.update(text);
    const edited = text.replace('\non run state finished', '\n{on run state finished');
    expect(incremental.update(edited)).toEqual(parse(edited));
    expect(incremental.update(edited).diagnostics[0]?.message).toBe(
      'expected a member ("key": value) or "}" after "{", found "on"',
    );
  });
});
