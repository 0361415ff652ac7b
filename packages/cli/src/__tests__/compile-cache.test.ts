// The launcher (bin/wbrules.cjs) runs the bundle's function scripts (dist/cjs) with a V8 code
// cache kept between runs: the same output with or without it, never trusting a cache it should not.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureBundle, root, tempDir, wbrules } from './harness.js';

ensureBundle();

const cjs = join(root, 'packages/cli/dist/cjs');
const quickstart = join(root, 'examples/quickstart.wbrules');
const checkArgs = ['check', quickstart];
/**
 * Where the launcher keeps the cache under WBRULES_COMPILE_CACHE=base: a folder
 * per V8 version, architecture and set of Node flags (none: no suffix).
 */
function cacheIn(base: string): string {
  const folders = existsSync(base) ? readdirSync(base) : [];
  const prefix = `${process.versions.v8}-${process.arch}`;
  expect(folders.every((name) => name === prefix || name.startsWith(`${prefix}-`))).toBe(true);
  expect(folders.length).toBeLessThanOrEqual(1);
  return join(base, folders[0] ?? 'none');
}
const cacheFiles = (base: string) => (existsSync(cacheIn(base)) ? readdirSync(cacheIn(base)).sort() : []);

describe('the compile cache', () => {
  const uncached = wbrules(checkArgs, { env: { WBRULES_COMPILE_CACHE: '0' } });

  it('is written on the first run, for the files the command loaded, and read after', () => {
    const base = tempDir();
    const first = wbrules(checkArgs, { env: { WBRULES_COMPILE_CACHE: base } });
    expect(first).toEqual(uncached);
    const files = cacheFiles(base);
    const entry = readFileSync(join(cjs, 'entry'), 'utf8').trim();
    expect(files).toContain(`${entry}.v8`);
    expect(files.some((name) => name.startsWith('check-'))).toBe(true);
    // The server code is not loaded by check, so not cached; nor re2js, for a plain pattern ("^prod-");
    // nor Chevrotain's parser, for a file without a syntax error.
    expect(files.filter((name) => /^(undici|apply|re2js|grammar-parser)-/.test(name))).toEqual([]);
    expect(statSync(cacheIn(base)).mode & 0o777).toBe(0o700);
    const written = files.map((name) => statSync(join(cacheIn(base), name)).mtimeMs);
    // V8 accepts it: the second run rewrites nothing and prints the same.
    expect(wbrules(checkArgs, { env: { WBRULES_COMPILE_CACHE: base } })).toEqual(uncached);
    expect(files.map((name) => statSync(join(cacheIn(base), name)).mtimeMs)).toEqual(written);
  });

  it('is replaced when V8 rejects it', () => {
    const base = tempDir();
    wbrules(checkArgs, { env: { WBRULES_COMPILE_CACHE: base } });
    const entry = join(cacheIn(base), `${readFileSync(join(cjs, 'entry'), 'utf8').trim()}.v8`);
    writeFileSync(entry, 'not a code cache');
    expect(wbrules(checkArgs, { env: { WBRULES_COMPILE_CACHE: base } })).toEqual(uncached);
    expect(readFileSync(entry).length).toBeGreaterThan(100);
  });

  it('is neither read nor written where other users could write', () => {
    const base = tempDir();
    wbrules(checkArgs, { env: { WBRULES_COMPILE_CACHE: base } });
    const entry = join(cacheIn(base), `${readFileSync(join(cjs, 'entry'), 'utf8').trim()}.v8`);
    writeFileSync(entry, 'planted');
    chmodSync(cacheIn(base), 0o777);
    expect(wbrules(checkArgs, { env: { WBRULES_COMPILE_CACHE: base } })).toEqual(uncached);
    expect(readFileSync(entry, 'utf8')).toBe('planted');
  });

  it('is off with WBRULES_COMPILE_CACHE=0, and a cache it cannot write costs nothing but time', () => {
    expect(uncached.status).toBe(0);
    expect(uncached.stderr).toBe('checked 1 file: 3 rules, 0 errors, 0 warnings\n');
    const dir = tempDir({ 'not-a-directory': 'x' });
    const blocked = wbrules(checkArgs, { env: { WBRULES_COMPILE_CACHE: join(dir, 'not-a-directory') } });
    expect(blocked).toEqual(uncached);
    expect(readFileSync(join(dir, 'not-a-directory'), 'utf8')).toBe('x');
  });
});

describe('the function scripts', () => {
  it('are named by the hash of their content (V8 checks only a source length)', () => {
    const names = readdirSync(cjs).filter((name) => name.endsWith('.cjs'));
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) {
      const hash = createHash('sha256')
        .update(readFileSync(join(cjs, name)))
        .digest('base64url')
        .slice(0, 12);
      expect(name).toBe(name.replace(/-[\w-]{12}\.cjs$/, `-${hash}.cjs`));
    }
  });
});

describe('the cache folder', () => {
  it('is one per set of Node flags, so runs with other flags do not replace each other’s', () => {
    const base = tempDir();
    wbrules(checkArgs, { env: { WBRULES_COMPILE_CACHE: base } });
    wbrules(checkArgs, { env: { WBRULES_COMPILE_CACHE: base, NODE_OPTIONS: '--max-old-space-size=512' } });
    const folders = readdirSync(base);
    expect(folders).toHaveLength(2);
    expect(new Set(folders.map((name) => readdirSync(join(base, name)).length)).size).toBe(1);
  });
});

describe('re2js', () => {
  it('loads when a pattern needs it, and reports what it finds', () => {
    const base = tempDir();
    const dir = tempDir({ 'rules.wbrules': 'in project "a/b"\non alias added where alias matches "v(" -> nothing\n' });
    const result = wbrules(['check', 'rules.wbrules'], { cwd: dir, env: { WBRULES_COMPILE_CACHE: base } });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      'error[WR3018]: this pattern is not a valid RE2 regular expression: missing closing )',
    );
    expect(cacheFiles(base).filter((name) => name.startsWith('re2js-'))).toHaveLength(1);
  });
});

describe('the Chevrotain parser', () => {
  it('loads at the first syntax error, and reports it and the rules after it', () => {
    const base = tempDir();
    const dir = tempDir({
      'rules.wbrules':
        'in project "a/b"\non run state failed -> nothing\non run metric "x" -> nothing\non alias added -> oops\n',
    });
    const result = wbrules(['check', 'rules.wbrules'], { cwd: dir, env: { WBRULES_COMPILE_CACHE: base } });
    expect(result.status).toBe(1);
    expect(result.stdout.split('\n').filter((line) => line.includes('error['))).toEqual([
      'rules.wbrules:3:19: error[WR1101]: expected a comparison such as "> 0.5" or "changes by 10%" after the metric name, found "->"',
      'rules.wbrules:4:19: error[WR1101]: expected an action: webhook NAME, slack NAME, aria "PROMPT" or nothing after "->", found the name "oops"',
    ]);
    expect(cacheFiles(base).filter((name) => name.startsWith('grammar-parser-'))).toHaveLength(1);
  });
});

describe('where the cache lives by default', () => {
  // Linux and the like (macOS and Windows have their own folders).
  it.skipIf(process.platform === 'win32' || process.platform === 'darwin')(
    'is $XDG_CACHE_HOME/wbrules/compile-cache, else ~/.cache/wbrules/compile-cache',
    () => {
      const home = tempDir();
      const xdg = tempDir();
      expect(wbrules(checkArgs, { env: { HOME: home, XDG_CACHE_HOME: '' } }).status).toBe(0);
      expect(cacheFiles(join(home, '.cache/wbrules/compile-cache')).length).toBeGreaterThan(0);
      expect(wbrules(checkArgs, { env: { HOME: home, XDG_CACHE_HOME: xdg } }).status).toBe(0);
      expect(cacheFiles(join(xdg, 'wbrules/compile-cache')).length).toBeGreaterThan(0);
    },
  );
});
