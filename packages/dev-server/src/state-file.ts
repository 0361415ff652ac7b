import { existsSync, readFileSync } from 'node:fs';
import { linkTarget, removeStaleTempFiles } from '@wbrules/runtime';
import { emptyData } from './data.js';
import { lockDataFile } from './data-lock.js';
import { defaultApiKey, SeedError, storeFromSeed } from './seed.js';
import { DevStore } from './store.js';

/**
 * Where the local server's state comes from at start-up: an existing
 * `--data` file is loaded as it is (a `--seed` is then ignored, so a restart
 * never wipes what was created); a missing one is created from the seed (or
 * empty); without `--data` the state lives in memory only.
 *
 * A data file is locked while a store has it open (see `data-lock.ts`), so
 * a second server on it is refused. A `--data` path that is a symbolic link
 * is followed: the state is written to the file the link names, and the link
 * stays. Temporary files a killed server left beside the data file (copies
 * of the state, API keys included) are removed when it is opened.
 */

/** Options for {@link openDevStore}. */
export interface OpenDevStoreOptions {
  /** The `--data` file. */
  readonly dataFile?: string;
  /** The `--seed` fixture file. */
  readonly seedFile?: string;
  readonly now?: () => Date;
}

/** How the state was obtained (the server prints it). */
export type StoreOrigin = 'loaded' | 'seeded' | 'created' | 'memory-seeded' | 'memory';

/** The opened store and where it came from. */
export interface OpenedStore {
  readonly store: DevStore;
  readonly origin: StoreOrigin;
  /** True when a seed was given but the data file already existed. */
  readonly seedIgnored: boolean;
  /** The file the state is written to: the data file, its symbolic links followed (absolute). */
  readonly dataFile?: string;
  /** The stale temporary files removed beside the data file (names). */
  readonly removedTempFiles: readonly string[];
  /** Releases the data file's lock (call it once the server has stopped). */
  close(): void;
}

/**
 * Opens the state; throws `DataFileInUseError` when another server
 * has the data file, {@link SeedError} for an unreadable or invalid seed,
 * and the file system's errors as they are.
 */
export function openDevStore(options: OpenDevStoreOptions): OpenedStore {
  const now = options.now === undefined ? {} : { now: options.now };
  if (options.dataFile === undefined) {
    const seeded = options.seedFile === undefined ? undefined : storeFromSeed(readSeed(options.seedFile), now);
    return {
      store: seeded ?? new DevStore(emptyData([defaultApiKey]), now),
      origin: seeded === undefined ? 'memory' : 'memory-seeded',
      seedIgnored: false,
      removedTempFiles: [],
      close: () => {},
    };
  }
  const dataFile = linkTarget(options.dataFile);
  const lock = lockDataFile(dataFile);
  try {
    const removedTempFiles = removeStaleTempFiles(dataFile);
    const opened = { dataFile, removedTempFiles, close: () => lock.release() };
    if (existsSync(dataFile)) {
      return {
        store: DevStore.load(dataFile, now),
        origin: 'loaded',
        seedIgnored: options.seedFile !== undefined,
        ...opened,
      };
    }
    const seeded = options.seedFile === undefined ? undefined : storeFromSeed(readSeed(options.seedFile), now);
    const store = new DevStore(seeded?.data ?? emptyData([defaultApiKey]), { ...now, file: dataFile });
    store.save();
    return { store, origin: seeded === undefined ? 'created' : 'seeded', seedIgnored: false, ...opened };
  } catch (error) {
    lock.release();
    throw error;
  }
}

function readSeed(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SeedError([`cannot read the seed: ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SeedError([`the seed is not valid JSON: ${error instanceof Error ? error.message : String(error)}`]);
  }
}
