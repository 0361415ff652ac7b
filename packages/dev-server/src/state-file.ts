import { existsSync, readFileSync } from 'node:fs';
import { emptyData } from './data.js';
import { defaultApiKey, SeedError, storeFromSeed } from './seed.js';
import { DevStore } from './store.js';

/**
 * Where the local server's state comes from at start-up: an existing
 * `--data` file is loaded as it is (a `--seed` is then ignored, so a restart
 * never wipes what was created); a missing one is created from the seed (or
 * empty); without `--data` the state lives in memory only.
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
}

/** Opens the state; throws {@link SeedError} for an unreadable or invalid seed, and the file system's errors as they are. */
export function openDevStore(options: OpenDevStoreOptions): OpenedStore {
  const now = options.now === undefined ? {} : { now: options.now };
  if (options.dataFile !== undefined && existsSync(options.dataFile)) {
    return {
      store: DevStore.load(options.dataFile, now),
      origin: 'loaded',
      seedIgnored: options.seedFile !== undefined,
    };
  }
  const seeded = options.seedFile === undefined ? undefined : storeFromSeed(readSeed(options.seedFile), now);
  const data = seeded?.data ?? emptyData([defaultApiKey]);
  if (options.dataFile === undefined) {
    return {
      store: seeded ?? new DevStore(data, now),
      origin: seeded === undefined ? 'memory' : 'memory-seeded',
      seedIgnored: false,
    };
  }
  const store = new DevStore(data, { ...now, file: options.dataFile });
  store.save();
  return { store, origin: seeded === undefined ? 'created' : 'seeded', seedIgnored: false };
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
