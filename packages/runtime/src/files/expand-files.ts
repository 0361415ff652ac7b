import { type Dirent, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { describeFsError, FileInputError } from './read-text.js';

/** The extension looked for in directories unless told otherwise. */
export const sourceExtension = '.wbrules';

/** Options for {@link expandFiles}. */
export interface ExpandFilesOptions {
  /** The directory relative paths and globs start from (default: the process's). Results stay relative to it. */
  readonly cwd?: string;
  /** The file-name ending looked for in directories (default `.wbrules`). */
  readonly suffix?: string;
}

/**
 * The files a list of paths, directories and globs names, in order:
 *
 * - a path that exists is taken as it is, a directory replaced by every file
 *   under it whose name ends in `suffix` (recursively, sorted by path, so the
 *   result is the same on every machine);
 * - a path that does not exist but has glob syntax (`*`, `?`, `[…]`, `{a,b}`)
 *   is a glob (tinyglobby): every file it matches, sorted by path, hidden
 *   files and `node_modules` left out unless the pattern names them;
 * - `-` (standard input) is kept as it is.
 *
 * Duplicates are dropped, keeping the first. A path that does not exist, a
 * directory without such files or a glob that matches nothing throws a
 * {@link FileInputError} naming it, before anything is read.
 */
export function expandFiles(patterns: readonly string[], options: ExpandFilesOptions = {}): string[] {
  const cwd = options.cwd ?? process.cwd();
  const suffix = options.suffix ?? sourceExtension;
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (path: string): void => {
    if (!seen.has(path)) {
      seen.add(path);
      out.push(path);
    }
  };
  for (const pattern of patterns) {
    if (pattern === '-') {
      add(pattern);
      continue;
    }
    let isDirectory: boolean;
    try {
      isDirectory = statSync(resolve(cwd, pattern)).isDirectory();
    } catch (error) {
      if (isDynamicPattern(pattern)) {
        const matches = globFiles(pattern, cwd);
        if (matches.length === 0) throw new FileInputError(pattern, 'no-match', `no files match "${pattern}"`);
        for (const path of matches) add(path);
        continue;
      }
      throw new FileInputError(pattern, 'unreadable', `cannot read "${pattern}": ${describeFsError(error)}`);
    }
    if (!isDirectory) {
      add(pattern);
      continue;
    }
    const found = filesUnder(pattern, suffix, cwd);
    if (found.length === 0)
      throw new FileInputError(pattern, 'unreadable', `no ${suffix} files in directory "${pattern}"`);
    for (const path of found) add(path);
  }
  return out;
}

/**
 * Whether `pattern` is read as a glob: it has glob syntax and no file or
 * directory by that name exists (so a file named `a[1].wbrules` is still
 * itself).
 */
export function isGlob(pattern: string, cwd = process.cwd()): boolean {
  if (pattern === '-' || !isDynamicPattern(pattern)) return false;
  try {
    statSync(resolve(cwd, pattern));
    return false;
  } catch {
    return true;
  }
}

/** The fixed directory a glob starts from: `rules/**\/*.wbrules` → `rules`, `*.wbrules` → `.`. */
export function globBase(pattern: string): string {
  const fixed: string[] = [];
  for (const segment of pattern.split('/')) {
    if (isDynamicPattern(segment)) break;
    fixed.push(segment);
  }
  if (fixed.length === 1 && fixed[0] === '') return '/';
  return fixed.join('/') || '.';
}

/** The files `pattern` matches, sorted by path; relative to `cwd` unless the pattern is absolute. */
function globFiles(pattern: string, cwd: string): string[] {
  const ignore = pattern.includes('node_modules') ? [] : ['**/node_modules/**'];
  return globSync(pattern, { cwd, absolute: isAbsolute(pattern), ignore, expandDirectories: false }).sort(byPath);
}

/**
 * Every file under `dir` whose name ends in `suffix`, as `dir` joined with
 * its path inside, sorted by path (code-unit order, independent of locale).
 * `node_modules` and hidden directories are skipped; symlinked directories
 * are not followed. `dir` is read relative to `cwd`.
 */
export function filesUnder(dir: string, suffix: string, cwd = process.cwd()): string[] {
  const found: string[] = [];
  const walk = (path: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(resolve(cwd, path), { withFileTypes: true });
    } catch (error) {
      throw new FileInputError(path, 'unreadable', `cannot read directory "${path}": ${describeFsError(error)}`);
    }
    for (const entry of entries) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(child);
      } else if (entry.name.endsWith(suffix) && isFileEntry(entry, resolve(cwd, child))) found.push(child);
    }
  };
  walk(dir);
  return found.sort(byPath);
}

/** Code-unit order, the same in every locale. */
function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Regular files, and symlinks to them; symlinked directories are not followed (no cycles). */
function isFileEntry(entry: Dirent, path: string): boolean {
  if (entry.isFile()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
