import { type Dirent, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describeFsError } from './files.js';
import { UsageError } from './exit-code.js';

/** The suffix of rule test files. */
export const testFileSuffix = '.wbrules-test.yaml';

/**
 * The test files `wbrules test` runs: the files named, with each directory
 * replaced by the test files under it; with nothing named, every test file
 * under `cwd`. `node_modules` and hidden directories are skipped. Sorted by
 * path (code-unit order), duplicates dropped; a missing path is a usage error.
 */
export function findTestFiles(inputs: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (path: string): void => {
    if (!seen.has(path)) {
      seen.add(path);
      out.push(path);
    }
  };
  if (inputs.length === 0) {
    const found = testFilesUnder(cwd).map((path) => relative(cwd, path));
    if (found.length === 0) throw new UsageError(`no *${testFileSuffix} files under the current directory`);
    for (const path of found) add(path);
    return out;
  }
  for (const input of inputs) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(input).isDirectory();
    } catch (error) {
      throw new UsageError(`cannot read "${input}": ${describeFsError(error)}`);
    }
    if (!isDirectory) {
      add(input);
      continue;
    }
    const found = testFilesUnder(input);
    if (found.length === 0) throw new UsageError(`no *${testFileSuffix} files in directory "${input}"`);
    for (const path of found) add(path);
  }
  return out;
}

function testFilesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (path: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(path, { withFileTypes: true });
    } catch (error) {
      throw new UsageError(`cannot read directory "${path}": ${describeFsError(error)}`);
    }
    for (const entry of entries) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(child);
      } else if (entry.name.endsWith(testFileSuffix) && isFile(child)) found.push(child);
    }
  };
  walk(dir);
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
