/**
 * Every `.wbrules` file the compiler's whole-corpus tests run over: the
 * examples, every package's test fixtures and the vector fixtures.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root directory. */
export const repo = fileURLToPath(new URL('../../../../', import.meta.url));

function wbrulesFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.wbrules'))
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

/** Every rule file with its text, largest first. */
export function allRuleFiles(): { path: string; text: string }[] {
  const paths = [
    ...wbrulesFiles(join(repo, 'examples')),
    ...readdirSync(join(repo, 'packages')).flatMap((p) =>
      wbrulesFiles(join(repo, 'packages', p, 'src', '__tests__', 'fixtures')),
    ),
    ...wbrulesFiles(fileURLToPath(new URL('./vectors/', import.meta.url))),
  ];
  return paths
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }))
    .sort((a, b) => b.text.length - a.text.length);
}
