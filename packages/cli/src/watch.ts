import { type Dirent, type FSWatcher, readdirSync, statSync, watch as watchPath } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { globBase, isGlob } from '@wbrules/runtime/files';
import { ExitCode, UsageError } from './exit-code.js';
import { expandInputs, recordReads } from './files.js';
import type { Io } from './io.js';

/**
 * `--watch` (`check`, `compile -o`, `test`): run once, then run again each
 * time an input changes, until SIGINT or SIGTERM (exit 0). A run with errors
 * does not end the loop; it waits for the next change like any other.
 *
 * What is watched: every file the last run read (through `readInput`, so a
 * test's rules files and `--ids` count), every file the patterns name, and,
 * for directories and globs, the directories under them, so a new file with
 * the right ending starts a run too. Directories are watched rather than
 * files because editors save by renaming a new file over the old one, which
 * a watch on the old file would miss.
 */

/** Options for {@link watch}. */
export interface WatchOptions {
  /** The paths, directories and globs the command was given. */
  readonly patterns: readonly string[];
  /** The ending a new file under a directory or glob must have to start a run. */
  readonly suffix: string;
  /** Files whose changes never start a run (`compile -o`'s output). */
  readonly ignore?: readonly string[];
  readonly io: Io;
  /** One run of the command; what it throws goes to `report`. */
  readonly run: () => ExitCode | Promise<ExitCode>;
  /** Reports what a run threw, as a run without `--watch` would. */
  readonly report: (error: unknown) => ExitCode;
  /** How long to wait for more changes before running (default 100 ms): a save is often several events. */
  readonly debounceMs?: number;
}

/** The escape sequence that clears a terminal and puts the cursor at the top left. */
export const clearScreen = '\x1b[2J\x1b[H';

/** Refuses `--watch` where it cannot work: on standard input. */
export function checkWatchable(patterns: readonly string[]): void {
  if (patterns.includes('-')) throw new UsageError('--watch cannot watch standard input ("-")');
}

/**
 * Runs `options.run` now and after every change, as the module comment
 * says; resolves to exit code 0 once SIGINT or SIGTERM arrives.
 */
export async function watch(options: WatchOptions): Promise<ExitCode> {
  checkWatchable(options.patterns);
  const { io } = options;
  const ignored = new Set((options.ignore ?? []).map((path) => resolve(path)));
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let stop: () => void = () => {};
  const done = new Promise<void>((resolveDone) => {
    stop = resolveDone;
  });

  /** The files and directories to watch after a run that read `read`. */
  const targets = (read: ReadonlySet<string>): { files: Set<string>; dirs: Set<string> } => {
    const files = new Set(read);
    const dirs = new Set<string>();
    for (const pattern of options.patterns) {
      const root = watchRoot(pattern);
      if (root !== undefined) for (const dir of directoriesUnder(root)) dirs.add(dir);
    }
    try {
      for (const path of expandInputs(options.patterns, { suffix: options.suffix })) files.add(resolve(path));
    } catch {
      // A missing file or an empty glob was reported by the run; its directory is still watched below.
      for (const pattern of options.patterns) if (!isGlob(pattern)) files.add(resolve(pattern));
    }
    for (const path of ignored) files.delete(path);
    return { files, dirs };
  };

  let watchedFiles = new Set<string>();
  let watchedDirs = new Set<string>();
  const changed = (dir: string, name: string | null): void => {
    if (stopped) return;
    if (name !== null) {
      const path = join(dir, name);
      if (ignored.has(path)) return;
      const relevant =
        watchedFiles.has(path) || (watchedDirs.has(dir) && (name.endsWith(options.suffix) || isDirectory(path)));
      if (!relevant) return;
    }
    clearTimeout(timer);
    timer = setTimeout(start, options.debounceMs ?? 100);
  };

  /** Watches exactly `dirs` (each without recursion): new ones opened, old ones closed. */
  const rewatch = (dirs: ReadonlySet<string>): void => {
    for (const [dir, watcher] of watchers) {
      if (!dirs.has(dir)) {
        watcher.close();
        watchers.delete(dir);
      }
    }
    for (const dir of dirs) {
      if (watchers.has(dir)) continue;
      try {
        const watcher = watchPath(dir, (_event, name) => changed(dir, name === null ? null : String(name)));
        // A directory removed while watched: the next run looks again.
        watcher.on('error', () => {
          watcher.close();
          watchers.delete(dir);
        });
        watchers.set(dir, watcher);
      } catch {
        // A directory that does not exist (yet): nothing to watch in it.
      }
    }
  };

  const runOnce = async (first: boolean): Promise<void> => {
    if (!first && io.stdoutIsTTY === true) io.stdout(clearScreen);
    const read = new Set<string>();
    const forget = recordReads((path) => read.add(path));
    try {
      await options.run();
    } catch (error) {
      options.report(error);
    } finally {
      forget();
    }
    if (stopped) return;
    const { files, dirs } = targets(read);
    watchedFiles = files;
    watchedDirs = dirs;
    rewatch(new Set([...dirs, ...[...files].map((file) => dirname(file))]));
    const n = files.size;
    io.stderr(`watching ${n} ${n === 1 ? 'file' : 'files'} for changes (Ctrl-C to stop)\n`);
  };

  function start(): void {
    if (running !== undefined) {
      again = true;
      return;
    }
    running = runOnce(false).finally(() => {
      running = undefined;
      if (again && !stopped) {
        again = false;
        start();
      }
    });
  }

  const onSignal = (): void => {
    stopped = true;
    stop();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    running = runOnce(true).finally(() => {
      running = undefined;
    });
    await done;
    await running;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    clearTimeout(timer);
    for (const watcher of watchers.values()) watcher.close();
  }
  return ExitCode.ok;
}

/**
 * The directory a pattern adds new files from: a directory itself, or the
 * fixed part of a glob (`rules/**\/*.wbrules` → `rules`). A plain file has
 * none: only its own changes count.
 */
function watchRoot(pattern: string): string | undefined {
  if (isGlob(pattern)) return resolve(globBase(pattern));
  return isDirectory(pattern) ? resolve(pattern) : undefined;
}

/** `root` and every directory under it, as `filesUnder` walks them (no `node_modules`, hidden or symlinked ones). */
function directoriesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    out.push(dir);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) {
        walk(join(dir, entry.name));
      }
    }
  };
  if (isDirectory(root)) walk(root);
  return out;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
