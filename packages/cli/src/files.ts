import {
  closeSync,
  type Dirent,
  fchmodSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError, UsageError } from './exit-code.js';

/** The name diagnostics use for text read from standard input (`-`). */
export const stdinName = '<stdin>';

/** The extension `wbrules` looks for when it is given a directory. */
export const sourceExtension = '.wbrules';

/** A file's text as read, with the name it is reported under. */
export interface InputFile {
  /** The path as the user gave it (or joined under a directory they gave), or `<stdin>`. */
  readonly file: string;
  readonly text: string;
}

/** Options for {@link expandInputs}. */
export interface ExpandOptions {
  /** Whether `-` (standard input) is accepted. */
  readonly allowStdin?: boolean;
  /** Why `-` is refused, when it is (the default names the command's limits in general). */
  readonly stdinRefusal?: string;
  /** The file-name ending looked for in directories (default `.wbrules`). */
  readonly suffix?: string;
}

/**
 * The files named on the command line, with each directory replaced by every
 * `*.wbrules` file under it (recursively, sorted by path so output is the same
 * on every machine). Duplicates are dropped, keeping the first. A path that
 * does not exist, a directory without sources, or `-` where stdin makes no
 * sense is a usage error, raised before anything is read or written.
 */
export function expandInputs(inputs: readonly string[], options: ExpandOptions = {}): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (path: string): void => {
    if (!seen.has(path)) {
      seen.add(path);
      out.push(path);
    }
  };
  for (const input of inputs) {
    if (input === '-') {
      if (!options.allowStdin)
        throw new UsageError(options.stdinRefusal ?? 'this command does not read standard input ("-")');
      add(input);
      continue;
    }
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
    const suffix = options.suffix ?? sourceExtension;
    const found = filesUnder(input, suffix);
    if (found.length === 0) throw new UsageError(`no ${suffix} files in directory "${input}"`);
    for (const path of found) add(path);
  }
  return out;
}

/**
 * Every file under `dir` whose name ends in `suffix`, sorted by path
 * (code-unit order, independent of locale). `node_modules` and hidden
 * directories are skipped; symlinked directories are not followed.
 */
export function filesUnder(dir: string, suffix: string): string[] {
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
      } else if (entry.name.endsWith(suffix) && isFileEntry(entry, child)) found.push(child);
    }
  };
  walk(dir);
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
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

let tempCounter = 0;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads one input as UTF-8 text (`-` reads standard input). A leading byte
 * order mark is dropped so editors that add one do not cause a syntax error.
 * An unreadable file is a usage error; bytes that are not UTF-8 are an input error.
 */
export function readInput(path: string): InputFile {
  const file = path === '-' ? stdinName : path;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path === '-' ? 0 : path);
  } catch (error) {
    throw new UsageError(`cannot read "${file}": ${describeFsError(error)}`);
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new InputError(file, 'the file is not valid UTF-8 text');
  }
  return { file, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/**
 * Replaces `path` with `text` (a string, or pieces of one written in turn)
 * atomically: the bytes go to a temporary file in the same directory (same
 * file system, so the rename is atomic), which is flushed and then renamed
 * over the target. Readers see the old file or the
 * new one, never a half-written one, and a failure leaves the target as it
 * was and removes the temporary file. An existing file keeps its permission
 * bits; a symlink keeps pointing at the file it named, which is replaced.
 */
export function writeFileAtomic(path: string, text: string | Iterable<string>): void {
  let target = path;
  let mode: number | undefined;
  try {
    target = realpathSync(path);
    mode = statSync(target).mode & 0o7777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new UsageError(`cannot write "${path}": ${describeFsError(error)}`);
    }
  }
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}-${++tempCounter}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', mode ?? 0o666);
    // The mode given to open is filtered by the umask; set it exactly when replacing a file.
    if (mode !== undefined) fchmodSync(fd, mode);
    for (const piece of typeof text === 'string' ? [text] : text) {
      const bytes = Buffer.from(piece, 'utf8');
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, target);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // Already renamed or never created.
    }
    throw new UsageError(`cannot write "${path}": ${describeFsError(error)}`);
  }
}

/** A short lowercase reason for a file-system error (`no such file or directory`), never a stack. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on device';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
