// Loads the `wbrules` bundle (dist/cjs, see scripts/bundle-cli.mjs) for the command (bin/wbrules.cjs)
// and the package's API (dist/wbrules.mjs): each file a function script, run through node:vm with a V8
// code cache kept between runs, which Node 20 offers only to scripts (docs/contributing.md, "Start-up").
'use strict';
const { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dist = join(__dirname, '..', 'dist', 'cjs');

/**
 * Where compiled code is kept between runs: WBRULES_COMPILE_CACHE names a
 * directory, or `0` turns the cache off; by default the user's cache
 * directory. Keyed by V8 version, architecture and flags, as V8 rejects another's.
 * A directory another user could write is not used: its contents would run.
 */
function cacheDirectory(launcherFlags) {
  const env = process.env;
  const setting = env.WBRULES_COMPILE_CACHE;
  if (setting === '0' || setting === 'false' || setting === 'off') return undefined;
  let base = setting;
  if (base === undefined || base === '') {
    // os.homedir() is $HOME where that is set; reading it spares loading node:os at every start.
    const home = (process.platform !== 'win32' && env.HOME) || require('node:os').homedir();
    if (process.platform === 'win32') base = join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'wbrules');
    else if (process.platform === 'darwin') base = join(home, 'Library', 'Caches', 'wbrules');
    else base = join(env.XDG_CACHE_HOME || join(home, '.cache'), 'wbrules');
    base = join(base, 'compile-cache');
  }
  // Node and V8 flags change what V8 compiles (and V8 rejects a cache made under other flags): one folder per set.
  const flags = `${process.execArgv.join(' ')} ${env.NODE_OPTIONS ?? ''} ${launcherFlags}`.trim();
  return join(base, `${process.versions.v8}-${process.arch}${flags === '' ? '' : `-${fnv1a(flags)}`}`);
}

/** A short hash of `text` (32-bit FNV-1a, hex): to name a folder, not to keep secrets. */
function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

/** Set by {@link loadBundle}. */
const cache = { directory: undefined, usable: undefined, fresh: [] };

/** Whether the cache directory exists and only this user can write it (always, on Windows). */
function cacheUsable() {
  if (cache.usable !== undefined) return cache.usable;
  try {
    const stat = statSync(cache.directory);
    cache.usable =
      stat.isDirectory() &&
      (process.getuid === undefined || (stat.uid === process.getuid() && (stat.mode & 0o022) === 0));
  } catch {
    cache.usable = false;
  }
  return cache.usable;
}

const modules = new Map();

/**
 * Runs dist/cjs/NAME once (CommonJS semantics: a module's exports are
 * shared, cycles see partial exports) with the compiled code cached for it,
 * if there is any; `require` of `./…` loads a sibling, anything else is a
 * Node built-in (the bundle has no other dependencies).
 */
function load(name) {
  const known = modules.get(name);
  if (known !== undefined) return known.exports;
  const vm = require('node:vm');
  const file = join(dist, name);
  const module = { exports: {} };
  modules.set(name, module);
  // The build writes ASCII only (esbuild escapes the rest): latin1 reads it exactly, faster than UTF-8.
  const source = readFileSync(file, 'latin1');
  const cacheFile = cache.directory === undefined ? undefined : join(cache.directory, `${name}.v8`);
  let cachedData;
  if (cacheFile !== undefined && cacheUsable()) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {}
  }
  const script = new vm.Script(source, { filename: file, cachedData });
  if (cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected)) {
    if (cache.fresh.length === 0) process.once('exit', saveCache);
    cache.fresh.push({ script, cacheFile });
  }
  // The bundle's only other requires are Node built-ins (the build checks); `node:` skips a path search for "fs".
  const requireHere = (specifier) =>
    specifier.startsWith('./')
      ? load(specifier.slice(2))
      : require(specifier.startsWith('node:') ? specifier : `node:${specifier}`);
  script.runInThisContext()(
    module.exports,
    requireHere,
    module,
    file,
    dist,
    // `import.meta.url`, for the files that use it (the build makes each use a call).
    () => require('node:url').pathToFileURL(file).href,
  );
  return module.exports;
}

/**
 * Writes the code V8 compiled for the scripts that had no cache: at exit, so
 * it holds every function the command ran. Written to a temporary name and
 * renamed, so a concurrent run never reads half a file. Never fails the command.
 */
function saveCache() {
  try {
    mkdirSync(cache.directory, { recursive: true, mode: 0o700 });
    cache.usable = undefined;
    if (!cacheUsable()) return;
    for (const { script, cacheFile } of cache.fresh) {
      const temp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
      renameSync(temp, cacheFile);
    }
  } catch {}
}

/**
 * The bundle's entry (what src/index.ts exports), or `undefined` when the
 * package has not been built. `flags`: the V8 flags the caller set with
 * `v8.setFlagsFromString` (they key the cache).
 */
function loadBundle({ flags = '' } = {}) {
  if (modules.size === 0) cache.directory = cacheDirectory(flags);
  let entry;
  try {
    entry = readFileSync(join(dist, 'entry'), 'utf8').trim();
  } catch {
    return undefined;
  }
  return load(entry);
}

module.exports = { loadBundle };
