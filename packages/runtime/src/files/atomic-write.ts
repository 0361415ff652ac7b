import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  openSync,
  readdirSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { linkTarget } from './link-target.js';

/**
 * Replacing a file so that no reader, crash or other process ever sees it
 * half written, and so that nobody can redirect the write. The bytes go to
 * a temporary file beside the target (same directory, so the same file
 * system and an atomic rename), named `.<name>.<16 random hex digits>.tmp`
 * and created with `O_CREAT | O_EXCL`: a name nobody can predict, and a
 * file that must not exist yet — a symbolic link planted there makes the
 * open fail instead of writing through it. The file is flushed (`fsync`),
 * renamed over the target, and the directory flushed so the rename itself
 * survives a crash.
 */

/** Options for {@link writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /**
   * The permission bits of a file that does not exist yet (filtered by the
   * umask, as `open` does). Default `0o666`; `0o600` for secrets.
   */
  readonly mode?: number;
  /**
   * Whether a file that exists keeps its permission bits exactly (no umask).
   * Default true; when false, the replaced file gets `mode` as a new one would.
   */
  readonly keepMode?: boolean;
  /**
   * Whether a file that exists keeps its owner and group, as far as this
   * user may set them (root: both; otherwise the group, if the user is in
   * it; silently as far as it goes). Default false.
   */
  readonly keepOwner?: boolean;
}

/** Attempts at an unused temporary name (one clash in 2^64 is already unheard of). */
const nameAttempts = 8;

/**
 * Replaces the file at `path` with `data` (text as UTF-8, bytes, or pieces
 * of either written in turn), synchronously and atomically: readers see the
 * old file or the new one, never part of one. A symbolic link at `path` is
 * followed to the file it names (see {@link linkTarget}), which is replaced,
 * so the link stays a link, as `fs.writeFile` would leave it. On failure the
 * target is as it was, the temporary file is removed, and the file system's
 * error is thrown as it is (`ENOENT` for a missing directory, …).
 */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array | Iterable<string | Uint8Array>,
  options: WriteFileAtomicOptions = {},
): void {
  const target = linkTarget(path);
  let existing: Stats | undefined;
  if (options.keepMode !== false || options.keepOwner === true) {
    try {
      existing = statSync(target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  const kept = options.keepMode !== false && existing !== undefined ? existing.mode & 0o7777 : undefined;
  const { temp, fd: opened } = createTemp(target, kept ?? options.mode ?? 0o666);
  let fd: number | undefined = opened;
  try {
    if (options.keepOwner === true && existing !== undefined) keepOwner(fd, existing);
    // The mode given to open is filtered by the umask (and a change of owner clears set-id bits): set it exactly.
    if (kept !== undefined) fchmodSync(fd, kept);
    const pieces = typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
    for (const piece of pieces) {
      const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, target);
  } catch (error) {
    try {
      if (fd !== undefined) closeSync(fd);
      unlinkSync(temp);
    } catch {
      // Already renamed, or removed with its directory.
    }
    throw error;
  }
  syncDirectory(dirname(target));
}

/**
 * Removes the temporary files {@link writeFileAtomic} leaves beside `path`
 * when its process is killed mid-write (full or partial copies of the data,
 * perhaps secrets), including those of earlier wbrules versions
 * (`.<name>.<pid>-<n>.tmp`); returns their names. Only for a caller that
 * knows no other process is writing `path` (one holding a lock on it):
 * another writer's temporary file would be removed under it. A symbolic link
 * at `path` is followed, as the writer follows it.
 */
export function removeStaleTempFiles(path: string): string[] {
  const target = linkTarget(path);
  const dir = dirname(target);
  const pattern = tempPattern(basename(target));
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return removed;
    throw error;
  }
  for (const name of names) {
    if (!pattern.test(name)) continue;
    const file = join(dir, name);
    try {
      if (lstatSync(file).isDirectory()) continue;
      unlinkSync(file);
      removed.push(name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return removed;
}

/** Gives the new file the replaced one's owner and group, as far as this user may (silently otherwise). */
function keepOwner(fd: number, was: Stats): void {
  const made = fstatSync(fd);
  if (made.uid === was.uid && made.gid === was.gid) return;
  try {
    fchownSync(fd, was.uid, was.gid);
  } catch {
    try {
      // Not root: the group can still be kept if the user is in it.
      fchownSync(fd, made.uid, was.gid);
    } catch {
      // The file becomes the user's, as any new file would.
    }
  }
}

/** A new, exclusively created temporary file beside `target`. */
function createTemp(target: string, mode: number): { temp: string; fd: number } {
  for (let attempt = 1; ; attempt++) {
    const temp = join(dirname(target), `.${basename(target)}.${randomBytes(8).toString('hex')}.tmp`);
    try {
      return { temp, fd: openSync(temp, 'wx', mode) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt === nameAttempts) throw error;
    }
  }
}

/** The names of `name`'s temporary files: this writer's random hex, or an earlier `<pid>-<n>`. */
function tempPattern(name: string): RegExp {
  return new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(?:[0-9a-f]{16}|\\d+-\\d+)\\.tmp$`);
}

/** Flushes a directory's entries, so a rename in it survives a crash; not every platform can (Windows), which is harmless. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort: the data itself is already flushed.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
