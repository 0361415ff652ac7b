import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Receivers run this package in browsers, Cloudflare Workers and other edge
// runtimes: its source may import its own files only, never `node:` modules
// or other packages, and may not name Node's globals.
const src = join(import.meta.dirname, '..');
const sources = readdirSync(src, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts') && !file.split(/[\\/]/).includes('__tests__'))
  .sort();

describe('the package source', () => {
  it('is the files expected', () => {
    expect(sources).toContain('index.ts');
    expect(sources.length).toBeGreaterThan(3);
  });

  it('finds the imports a file has (the check below is not vacuous)', () => {
    const sample =
      "import { a } from './a.js';\nimport {\n  b,\n} from 'node:crypto';\nexport * from 'pkg';\nimport 'side';";
    expect(importsOf(sample)).toEqual(['./a.js', 'node:crypto', 'pkg', 'side']);
    expect(importsOf(readFileSync(join(src, 'index.ts'), 'utf8')).length).toBeGreaterThan(0);
  });

  it.each(sources)('%s imports only relative files and uses no Node.js globals', (file) => {
    const text = readFileSync(join(src, file), 'utf8');
    const specifiers = importsOf(text);
    expect(
      specifiers.filter((s) => !s.startsWith('./') && !s.startsWith('../')),
      file,
    ).toEqual([]);
    expect(text, file).not.toMatch(/\b(?:Buffer|process|require|__dirname)\b\s*[.(]/);
  });
});

/** The module specifiers a TypeScript text imports or re-exports. */
function importsOf(text: string): string[] {
  return [
    ...text.matchAll(/\b(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g),
    ...text.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
  ]
    .sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
    .map((m) => m[1] as string);
}
