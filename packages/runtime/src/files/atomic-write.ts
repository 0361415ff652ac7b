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
  write,
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

/** The largest buffer text pieces are encoded into (3 bytes per character); a longer piece gets a buffer of its own. */
const maxScratch = 16 << 20;

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
  const file = openTemp(path, options);
  try {
    const pieces = typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
    // Text is encoded into one buffer, reused piece after piece: no new buffer (and garbage) per piece.
    let scratch: Buffer | undefined;
    for (const piece of pieces) {
      let bytes: Uint8Array;
      let length: number;
      if (typeof piece === 'string' && piece.length * 3 <= maxScratch) {
        if (scratch === undefined || scratch.length < piece.length * 3) {
          scratch = Buffer.allocUnsafe(Math.max(piece.length * 3, 1 << 16));
        }
        bytes = scratch;
        length = scratch.write(piece, 'utf8');
      } else {
        bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
        length = bytes.length;
      }
      let written = 0;
      while (written < length) written += writeSync(file.fd, bytes, written, length - written);
    }
  } catch (error) {
    abandon(file);
    throw error;
  }
  commit(file);
}

/**
 * {@link writeFileAtomic} for output made a piece at a time (`wbrules compile
 * -o`'s JSON): the same file, the same guarantees, but each megabyte or so
 * is written by a thread of Node's pool while the next pieces are made, so
 * making the output and writing it overlap. `pieces` is read one piece ahead
 * of the writing, no further: memory stays at two buffers.
 */
export async function writeFileAtomicOverlapped(
  path: string,
  pieces: Iterable<string | Uint8Array>,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const file = openTemp(path, options);
  let writing: Promise<void> = Promise.resolve();
  try {
    let current = Buffer.allocUnsafe(overlapBuffer);
    let spare = Buffer.allocUnsafe(overlapBuffer);
    let used = 0;
    const flush = async (): Promise<void> => {
      await writing;
      writing = writeAllAsync(file.fd, current, used);
      // Errors surface when `writing` is next awaited; until then none is left unhandled.
      writing.catch(() => {});
      [current, spare] = [spare, current];
      used = 0;
    };
    for (const piece of pieces) {
      // UTF-8 takes at most 3 bytes per UTF-16 code unit (4 per surrogate pair): room for the worst case.
      const room = typeof piece === 'string' ? piece.length * 3 : piece.length;
      if (used > 0 && used + room > current.length) await flush();
      if (room > current.length) {
        // Too big for the buffers: written from a buffer of its own.
        const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
        await writing;
        writing = writeAllAsync(file.fd, bytes, bytes.length);
        writing.catch(() => {});
        continue;
      }
      if (typeof piece === 'string') used += current.write(piece, used, 'utf8');
      else {
        current.set(piece, used);
        used += piece.length;
      }
      if (used >= overlapFlushAt) await flush();
    }
    await flush();
    await writing;
  } catch (error) {
    // A write still in flight must end before its file descriptor is closed (and its number reused).
    await writing.catch(() => {});
    abandon(file);
    throw error;
  }
  commit(file);
}

/** The temporary file being written, beside the file it will replace. */
interface OpenTemp {
  readonly target: string;
  readonly temp: string;
  readonly fd: number;
}

/** Creates the temporary file for `path` (see {@link writeFileAtomic}), with the mode and owner it is to have. */
function openTemp(path: string, options: WriteFileAtomicOptions): OpenTemp {
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
  const { temp, fd } = createTemp(target, kept ?? options.mode ?? 0o666);
  const file = { target, temp, fd };
  try {
    if (options.keepOwner === true && existing !== undefined) keepOwner(fd, existing);
    // The mode given to open is filtered by the umask (and a change of owner clears set-id bits): set it exactly.
    if (kept !== undefined) fchmodSync(fd, kept);
  } catch (error) {
    abandon(file);
    throw error;
  }
  return file;
}

/** Flushes the written temporary file and renames it over its target, then flushes the directory. */
function commit(file: OpenTemp): void {
  let open = true;
  try {
    fsyncSync(file.fd);
    open = false;
    closeSync(file.fd);
    renameSync(file.temp, file.target);
  } catch (error) {
    abandon(file, open);
    throw error;
  }
  syncDirectory(dirname(file.target));
}

/** Closes (unless already closed) and removes a temporary file that will not be renamed. */
function abandon(file: OpenTemp, open = true): void {
  try {
    if (open) closeSync(file.fd);
    unlinkSync(file.temp);
  } catch {
    // Already renamed, or removed with its directory.
  }
}

/** How much {@link writeFileAtomicOverlapped} gathers before a write, and the size of its buffers. */
const overlapFlushAt = 1 << 20;
const overlapBuffer = 4 << 20;

/** Writes `length` bytes of `bytes` at the file's position, on Node's thread pool, however many calls it takes. */
async function writeAllAsync(fd: number, bytes: Uint8Array, length: number): Promise<void> {
  let written = 0;
  while (written < length) {
    written += await new Promise<number>((resolve, reject) => {
      write(fd, bytes, written, length - written, null, (error, n) => (error === null ? resolve(n) : reject(error)));
    });
  }
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

/**
 * 16 random hex digits. Math.random, not node:crypto: the name need only be
 * unlikely to collide (the file is created exclusively, `wx`, and a
 * collision retried), and loading node:crypto costs every `check` ~2 ms.
 */
function randomHex16(): string {
  const half = () =>
    Math.floor(Math.random() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, '0');
  return half() + half();
}

/** A new, exclusively created temporary file beside `target`. */
function createTemp(target: string, mode: number): { temp: string; fd: number } {
  for (let attempt = 1; ; attempt++) {
    const temp = join(dirname(target), `.${basename(target)}.${randomHex16()}.tmp`);
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
