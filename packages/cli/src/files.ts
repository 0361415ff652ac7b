import {
  accessSync,
  closeSync,
  constants,
  fsyncSync,
  ftruncateSync,
  openSync,
  realpathSync,
  type Stats,
  statSync,
  writeSync,
} from 'node:fs';
import { resolve } from 'node:path';
import {
  writeFileAtomic as atomicWrite,
  writeFileAtomicOverlapped as atomicWriteOverlapped,
  describeFsError,
  expandFiles,
  FileInputError,
  filesUnder as runtimeFilesUnder,
  readTextFile,
  sourceExtension,
  stdinName,
  type TextFile,
} from '@wbrules/runtime/files';
import { InputError, UsageError } from './exit-code.js';

// Reading is the runtime's (`@wbrules/runtime/files`, which `checkFiles` and `compileFiles` share); the CLI turns its errors into exit codes.
export { describeFsError, sourceExtension, stdinName };

/** A file's text as read, with the name it is reported under. */
export type InputFile = TextFile;

/** Options for {@link expandInputs}. */
export interface ExpandOptions {
  /** Whether `-` (standard input) is accepted. */
  readonly allowStdin?: boolean;
  /** Why `-` is refused, when it is (the default names the command's limits in general). */
  readonly stdinRefusal?: string;
  /** The file-name ending looked for in directories (default `.wbrules`). */
  readonly suffix?: string;
  /** `--stdin-filename`: the name standard input is reported under (default `<stdin>`). */
  readonly stdinFilename?: string;
}

/**
 * The files named on the command line, with each directory replaced by every
 * `*.wbrules` file under it (recursively, sorted by path so output is the same
 * on every machine) and each quoted glob by the files it matches (sorted).
 * Duplicates are dropped, keeping the first. A path that does not exist, a
 * directory without sources, a glob that matches nothing, or `-` where stdin
 * makes no sense is a usage error, raised before anything is read or written.
 */
export function expandInputs(inputs: readonly string[], options: ExpandOptions = {}): string[] {
  if (inputs.includes('-') && !options.allowStdin) {
    throw new UsageError(options.stdinRefusal ?? 'this command does not read standard input ("-")');
  }
  try {
    return expandFiles(inputs, options.suffix === undefined ? {} : { suffix: options.suffix });
  } catch (error) {
    throw cliError(error);
  }
}

/**
 * Every file under `dir` whose name ends in `suffix`, sorted by path
 * (code-unit order, independent of locale). `node_modules` and hidden
 * directories are skipped; symlinked directories are not followed.
 */
export function filesUnder(dir: string, suffix: string): string[] {
  try {
    return runtimeFilesUnder(dir, suffix);
  } catch (error) {
    throw cliError(error);
  }
}

/** Options for {@link readInput}. */
export interface ReadInputOptions {
  /** `--stdin-filename`: the name standard input is reported under (default `<stdin>`). */
  readonly stdinFilename?: string;
}

/** Called with the absolute path of every file {@link readInput} reads (`--watch` watches them). */
let readListener: ((path: string) => void) | undefined;

/**
 * Calls `listener` with the absolute path of every file read from now on,
 * until the returned function is called: how `--watch` learns which files
 * a run depends on (the test files and the rules files they name included).
 */
export function recordReads(listener: (path: string) => void): () => void {
  readListener = listener;
  return () => {
    if (readListener === listener) readListener = undefined;
  };
}

/**
 * Reads one input as UTF-8 text (`-` reads standard input). A leading byte
 * order mark is dropped so editors that add one do not cause a syntax error
 * (`bom` says it was there, so a rewrite can put it back).
 * An unreadable file is a usage error; bytes that are not UTF-8 are an input error.
 */
export function readInput(path: string, options: ReadInputOptions = {}): InputFile {
  if (path !== '-') readListener?.(resolve(path));
  try {
    return readTextFile(path, options);
  } catch (error) {
    throw cliError(error);
  }
}

/**
 * The runtime's {@link FileInputError} as the CLI reports it: bytes that are
 * not text are the file's fault (an input error, exit 1); a missing or
 * unreadable file, or a glob that matches nothing, a usage error (exit 2).
 * Anything else is returned as it is.
 */
export function cliError(error: unknown): unknown {
  if (!(error instanceof FileInputError)) return error;
  return error.problem === 'not-text' ? new InputError(error.file, error.message) : new UsageError(error.message);
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
 * {@link writeFileAtomic} for large output made a piece at a time
 * (`compile -o`): the same checks and guarantees, but each megabyte is
 * written on Node's thread pool while the next is made.
 */
export async function writeFileAtomicPieces(path: string, pieces: Iterable<string>): Promise<void> {
  const existing = existingFile(path);
  try {
    await atomicWriteOverlapped(existing?.target ?? path, pieces, { keepOwner: true });
  } catch (error) {
    throw new WriteError(path, describeFsError(error));
  }
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
