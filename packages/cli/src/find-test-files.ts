import { relative } from 'node:path';
import { UsageError } from './exit-code.js';
import { expandInputs, filesUnder } from './files.js';

/** The suffix of rule test files. */
export const testFileSuffix = '.wbrules-test.yaml';

/**
 * The test files `wbrules test` runs: the files named, with each directory
 * replaced by the test files under it; with nothing named, every test file
 * under `cwd`. `node_modules` and hidden directories are skipped. Sorted by
 * path (code-unit order), duplicates dropped; a missing path is a usage error.
 */
export function findTestFiles(inputs: readonly string[], cwd: string): string[] {
  if (inputs.length > 0) return expandInputs(inputs, { suffix: testFileSuffix });
  const found = filesUnder(cwd, testFileSuffix).map((path) => relative(cwd, path));
  if (found.length === 0) throw new UsageError(`no *${testFileSuffix} files under the current directory`);
  return found;
}
