import {
  accessSync,
  closeSync,
  constants,
  type Dirent,
  fsyncSync,
  ftruncateSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  type Stats,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic as atomicWrite } from '@wbrules/runtime/files';
import { InputError, UsageError } from './exit-code.js';

/** The name diagnostics use for text read from standard input (`-`). */
export const stdinName = '<stdin>';

/** The extension `wbrules` looks for when it is given a directory. */
export const sourceExtension = '.wbrules';

/** A file's text as read, with the name it is reported under. */
export interface InputFile {
  /** The path as the user gave it (or joined under a directory they gave), or `<stdin>`. */
  readonly file: string;
  /** The text, without the byte order mark if the file began with one. */
  readonly text: string;
  /** Whether the file began with a byte order mark (which `text` leaves out). */
  readonly bom?: boolean;
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

// `ignoreBOM` keeps a byte order mark in the text (the default drops it unseen), so `readInput` can tell it was there.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads one input as UTF-8 text (`-` reads standard input). A leading byte
 * order mark is dropped so editors that add one do not cause a syntax error
 * (`bom` says it was there, so a rewrite can put it back).
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
  const bom = text.charCodeAt(0) === 0xfeff;
  return { file, text: bom ? text.slice(1) : text, bom };
}

/**
 * A file that could not be written: a usage error (`cannot write "PATH":
 * REASON`, exit 2) unless the caller reports it otherwise, as `fmt --write`
 * does to go on with the other files.
 */
export class WriteError extends UsageError {
  constructor(
    /** The path as the caller named it. */
    readonly path: string,
    /** A short lowercase reason (`permission denied`). */
    readonly reason: string,
  ) {
    super(`cannot write "${path}": ${reason}`);
  }
}

/** An existing file to be replaced: its real path (symlinks resolved) and its status. */
interface Existing {
  readonly target: string;
  readonly stats: Stats;
}

/**
 * Replaces `path` with `text` (a string, or pieces of one written in turn)
 * atomically: the bytes go to a temporary file in the same directory (same
 * file system, so the rename is atomic), which is flushed and then renamed
 * over the target. Readers see the old file or the new one, never a
 * half-written one, and a failure leaves the target as it was and removes the
 * temporary file.
 *
 * The temporary file has a random name and is created exclusively (`O_EXCL`),
 * so whatever is planted at that name, a symlink included, is neither
 * followed nor removed. An existing file keeps its permission bits and, where
 * the user may set them (root, or a group the user is in), its owner and
 * group; a symlink keeps pointing at the file it named, which is replaced. A
 * file that could not be written in place is refused with a {@link WriteError}:
 * one without any write permission bit (even for root, who could write it
 * anyway: the bits say the file is not meant to change), or one this user may
 * not write.
 */
export function writeFileAtomic(path: string, text: string | Iterable<string>): void {
  replaceAtomically(path, existingFile(path), text);
}

/**
 * Rewrites `path` with `text` as `fmt --write` does: through
 * {@link writeFileAtomic}, unless the file has more than one hard link. A
 * rename would give `path` a new inode and leave the other names with the old
 * text, so such a file is overwritten in place instead, as editors do (Vim's
 * `backupcopy=auto`): its links, mode and owner stay, but the write is not
 * atomic, and a crash part-way can leave it half written. Read-only files are
 * refused as {@link writeFileAtomic} refuses them.
 */
export function rewriteFile(path: string, text: string): void {
  const existing = existingFile(path);
  if (existing === undefined || existing.stats.nlink <= 1) {
    replaceAtomically(path, existing, text);
    return;
  }
  let fd: number | undefined;
  try {
    // `r+` neither creates nor truncates: the file is cut to length after the new text is in.
    fd = openSync(existing.target, 'r+');
    const bytes = Buffer.from(text, 'utf8');
    writeAll(fd, bytes);
    ftruncateSync(fd, bytes.length);
    fsyncSync(fd);
  } catch (error) {
    throw new WriteError(path, describeFsError(error));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The file at `path` if there is one (`undefined` when it does not exist), or
 * a {@link WriteError} when it may not be written.
 */
function existingFile(path: string): Existing | undefined {
  let target: string;
  let stats: Stats;
  try {
    target = realpathSync(path);
    stats = statSync(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new WriteError(path, describeFsError(error));
  }
  if (stats.isFile() && (stats.mode & 0o222) === 0) {
    throw new WriteError(path, `the file is read-only (mode ${(stats.mode & 0o7777).toString(8).padStart(4, '0')})`);
  }
  try {
    accessSync(target, constants.W_OK);
  } catch (error) {
    throw new WriteError(path, describeFsError(error));
  }
  return { target, stats };
}

/** {@link writeFileAtomic} once `existing` has been looked up (and allowed): the runtime's one atomic writer. */
function replaceAtomically(path: string, existing: Existing | undefined, text: string | Iterable<string>): void {
  try {
    atomicWrite(existing?.target ?? path, text, { keepOwner: true });
  } catch (error) {
    throw new WriteError(path, describeFsError(error));
  }
}

/** `writeSync` may write less than it was given: write until all of `bytes` is out. */
function writeAll(fd: number, bytes: Buffer): void {
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
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
