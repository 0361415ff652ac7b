import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diagnosticCodes, keywordNames, parse } from '../../packages/dsl/src/index.js';

// The reference is read by people who have never seen the language: its
// examples must parse, and what it names (codes, files, keywords) must exist.

const grammarDir = fileURLToPath(new URL('../', import.meta.url));
const readme = readFileSync(join(grammarDir, 'README.md'), 'utf8');

/** The fenced code blocks with the given info string. */
function blocks(info: string): string[] {
  return [...readme.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].filter((m) => m[1] === info).map((m) => m[2] as string);
}

describe('grammar/README.md', () => {
  it.each(blocks('wbrules').map((b, i) => [i + 1, b]))('example %i parses without a syntax error', (_, text) => {
    expect(parse(text as string).diagnostics.filter((d) => d.code.startsWith('WR1'))).toEqual([]);
  });

  it('lists exactly the reserved words of the lexer, in order', () => {
    const listed = blocks('text').find((b) => b.startsWith('webhook slack in'));
    expect(listed?.split(/\s+/).filter(Boolean)).toEqual([...keywordNames]);
  });

  it('names only diagnostic codes that exist', () => {
    const codes = [...readme.matchAll(/\bWR\d{4}\b/g)].map((m) => m[0]);
    expect(codes.length).toBeGreaterThan(5);
    for (const code of codes) expect(Object.keys(diagnosticCodes), code).toContain(code);
  });

  it('quotes the syntax error message the parser really gives', () => {
    const message = parse('on run metric "loss" -> nothing').diagnostics[0]?.message ?? '';
    expect(readme).toContain(`(\`${message}\`)`);
  });

  it('links only to files that exist', () => {
    const targets = [...readme.matchAll(/\]\(([^)#]+)(?:#[^)]*)?\)/g)].map((m) => m[1] as string);
    const local = targets.filter((t) => !/^https?:/.test(t));
    expect(local).toEqual(expect.arrayContaining(['wbrules.ebnf', 'diagrams.html', 'wbrules.tmLanguage.json']));
    for (const target of local) expect(existsSync(join(grammarDir, target)), target).toBe(true);
  });

  it('keeps the section the compiler fills in, and the one on differences from the brief', () => {
    expect(readme).toMatch(/^## Derived automation names$/m);
    expect(readme).toMatch(/^## Where this grammar differs from the design brief$/m);
  });

  it('links within itself only to headings that exist', () => {
    const slugs = [...readme.matchAll(/^#+ (.*)$/gm)].map((m) =>
      (m[1] as string)
        .toLowerCase()
        .replace(/[^a-z0-9 -]/g, '')
        .replace(/ /g, '-'),
    );
    const anchors = [...readme.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(anchors.length).toBeGreaterThan(0);
    for (const anchor of anchors) expect(slugs, anchor).toContain(anchor);
  });
});
