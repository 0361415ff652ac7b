import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

/**
 * The compiler is laid out by phase, and dependencies between its folders
 * point one way: json ← model ← resolve ← lower ← checks ← compile.ts ←
 * decompile. Each folder's index.ts says what the folder owns and may
 * import; this test holds every source file to that order.
 */

const src = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Each layer, lowest first; a file may import from its own layer and those below. */
const layers = ['json', 'model', 'resolve', 'lower', 'checks', 'compile.ts', 'decompile'] as const;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === '__tests__') return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The layer of a file: its top folder under src/, or the root file itself. */
function layerOf(file: string): number {
  const top = relative(src, file).split('/')[0] as string;
  return layers.indexOf(top as (typeof layers)[number]);
}

const files = sourceFiles(src).filter((file) => relative(src, file) !== 'index.ts');

describe('compiler layout', () => {
  test('every source file is in a known layer (the root index.ts aside)', () => {
    expect(files.filter((file) => layerOf(file) === -1).map((file) => relative(src, file))).toEqual([]);
    expect(files.length).toBeGreaterThan(50);
  });

  test('imports point down the layers: json ← model ← resolve ← lower ← checks ← compile ← decompile', () => {
    const upward: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) {
        const target = normalize(join(dirname(file), `${match[1]}.ts`));
        if (layerOf(target) > layerOf(file)) upward.push(`${relative(src, file)} imports ${relative(src, target)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  test.each(layers.filter((layer) => !layer.endsWith('.ts')))(
    '%s/index.ts says what the folder owns and may import',
    (folder) => {
      const index = readFileSync(join(src, folder, 'index.ts'), 'utf8');
      expect(index.startsWith('/**')).toBe(true);
      expect(index).toMatch(/May import:/);
    },
  );
});
