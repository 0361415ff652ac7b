import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

/**
 * One server per data file. Two servers on one `--data` file would both
 * hand out the same next ID and each overwrite the other's saves, so a
 * server holds `<data file>.lock` while it runs: created exclusively
 * (`O_CREAT | O_EXCL`), holding its process ID, removed when it stops (or
 * when its process exits). A lock whose process is no longer alive was left
 * by a server that was killed, and is taken over.
 */

/** The data file is locked by a server that is still running. */
export class DataFileInUseError extends Error {
  override readonly name = 'DataFileInUseError';

  constructor(
    /** The lock file. */
    readonly lockFile: string,
    /** The process that holds it, when the lock names one. */
    readonly pid: number | undefined,
  ) {
    super(
      `another wbrules dev-server${pid === undefined ? '' : ` (process ${pid})`} is using this data file; stop it, or remove "${lockFile}" if no such server runs`,
    );
  }
}

/** A held lock. */
export interface DataLock {
  /** `<data file>.lock` */
  readonly file: string;
  /** Removes the lock file (once; later calls do nothing). */
  release(): void;
}

/** The lock files this process holds, removed when it exits, however it exits short of being killed. */
const held = new Set<string>();
let exitHookInstalled = false;

/** Takes the lock of `dataFile` (the file itself, links already followed); throws {@link DataFileInUseError} when a live server holds it, and the file system's errors as they are. */
export function lockDataFile(dataFile: string): DataLock {
  const file = `${dataFile}.lock`;
  if (!tryCreate(file)) {
    const owner = ownerOf(file);
    if (owner !== undefined && isAlive(owner, file)) throw new DataFileInUseError(file, owner);
    // Left by a server that is gone: take it over, unless another starting server just did.
    try {
      if (ownerOf(file) === owner) unlinkSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (!tryCreate(file)) throw new DataFileInUseError(file, ownerOf(file));
  }
  held.add(file);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const lock of held) removeQuietly(lock);
    });
  }
  return {
    file,
    release: () => {
      if (!held.delete(file)) return;
      removeQuietly(file);
    },
  };
}

/** Creates the lock file holding this process's ID; false when it exists. */
function tryCreate(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The process ID a lock file names; undefined when it names none (a write cut short). */
function ownerOf(file: string): number | undefined {
  try {
    const text = readFileSync(file, 'utf8').trim();
    return /^[1-9]\d{0,9}$/.test(text) ? Number(text) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the lock's process runs: this one only if it holds the lock (a restarted container reuses process IDs). */
function isAlive(pid: number, file: string): boolean {
  if (pid === process.pid) return held.has(file);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone (its directory removed, say).
  }
}
