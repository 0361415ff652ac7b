import { chmodSync, readFileSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ensureBundle, listFiles, tempDir, wbrules } from './harness.js';

ensureBundle();

const messy = 'in project "acme/x"\non run state failed   ->   nothing\n';
const tidy = 'in project "acme/x"\n\non run state failed -> nothing\n';
const broken = 'in project "acme/x"\non run metric "loss"   -> nothing\n';
const brokenFrame = `broken.wbrules:2:24: error[WR1101]: expected a comparison such as "> 0.5" or "changes by 10%" after the metric name, found "->"
2 | on run metric "loss"   -> nothing
  |                        ^^

1 error
`;

/** A time well in the past, so a rewrite (which sets mtime to now) is visible. */
const past = new Date('2020-01-01T00:00:00Z');

function age(dir: string, ...names: string[]): void {
  for (const name of names) utimesSync(join(dir, name), past, past);
}

function mtime(dir: string, name: string): number {
  return statSync(join(dir, name)).mtimeMs;
}

describe('wbrules fmt', () => {
  test('prints one file formatted to stdout and changes nothing', () => {
    const cwd = tempDir({ 'messy.wbrules': messy });
    expect(wbrules(['fmt', 'messy.wbrules'], { cwd })).toEqual({ status: 0, stdout: tidy, stderr: '' });
    expect(readFileSync(join(cwd, 'messy.wbrules'), 'utf8')).toBe(messy);
  });

  test('formats standard input', () => {
    expect(wbrules(['fmt', '-'], { input: messy })).toEqual({ status: 0, stdout: tidy, stderr: '' });
  });

  test('a file with syntax errors is reported, not printed (exit 1)', () => {
    const cwd = tempDir({ 'broken.wbrules': broken });
    expect(wbrules(['fmt', 'broken.wbrules'], { cwd })).toEqual({ status: 1, stdout: '', stderr: brokenFrame });
  });

  test('several files need --write or --check (exit 2)', () => {
    const cwd = tempDir({ 'a.wbrules': tidy, 'b.wbrules': tidy });
    expect(wbrules(['fmt', 'a.wbrules', 'b.wbrules'], { cwd })).toEqual({
      status: 2,
      stdout: '',
      stderr: 'wbrules: formatting 2 files needs --write (rewrite them) or --check (list them)\n',
    });
  });

  test('--check lists the unformatted files on stderr and exits 1; changes nothing', () => {
    const cwd = tempDir({ 'a.wbrules': messy, 'b.wbrules': tidy, 'sub/c.wbrules': messy, 'notes.txt': messy });
    age(cwd, 'a.wbrules', 'sub/c.wbrules');
    expect(wbrules(['fmt', '--check', '.'], { cwd })).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'a.wbrules: not formatted\nsub/c.wbrules: not formatted\n2 files not formatted; run "wbrules fmt --write" to fix\n',
    });
    expect(readFileSync(join(cwd, 'a.wbrules'), 'utf8')).toBe(messy);
    expect(mtime(cwd, 'a.wbrules')).toBe(past.getTime());
  });

  test('--check is silent and exits 0 when everything is formatted', () => {
    const cwd = tempDir({ 'b.wbrules': tidy });
    expect(wbrules(['fmt', '--check', 'b.wbrules'], { cwd })).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  test('--check reports syntax errors too (exit 1)', () => {
    const cwd = tempDir({ 'broken.wbrules': broken, 'b.wbrules': tidy });
    expect(wbrules(['fmt', '--check', 'b.wbrules', 'broken.wbrules'], { cwd })).toEqual({
      status: 1,
      stdout: '',
      stderr: brokenFrame,
    });
  });

  test('--write rewrites unformatted files atomically, keeps their mode, and leaves no temporary file', () => {
    const cwd = tempDir({ 'a.wbrules': messy, 'sub/c.wbrules': messy });
    chmodSync(join(cwd, 'sub/c.wbrules'), 0o640);
    expect(wbrules(['fmt', '--write', 'a.wbrules', 'sub'], { cwd })).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(cwd, 'a.wbrules'), 'utf8')).toBe(tidy);
    expect(readFileSync(join(cwd, 'sub/c.wbrules'), 'utf8')).toBe(tidy);
    expect(statSync(join(cwd, 'sub/c.wbrules')).mode & 0o777).toBe(0o640);
    expect(listFiles(cwd)).toEqual(['a.wbrules', 'sub/c.wbrules']);
  });

  test('--write leaves formatted files and files with syntax errors untouched', () => {
    const cwd = tempDir({ 'a.wbrules': messy, 'b.wbrules': tidy, 'broken.wbrules': broken });
    age(cwd, 'a.wbrules', 'b.wbrules', 'broken.wbrules');
    expect(wbrules(['fmt', '--write', '.'], { cwd })).toEqual({ status: 1, stdout: '', stderr: brokenFrame });
    expect(readFileSync(join(cwd, 'a.wbrules'), 'utf8')).toBe(tidy);
    expect(mtime(cwd, 'a.wbrules')).toBeGreaterThan(past.getTime());
    expect(mtime(cwd, 'b.wbrules')).toBe(past.getTime());
    expect(readFileSync(join(cwd, 'broken.wbrules'), 'utf8')).toBe(broken);
    expect(mtime(cwd, 'broken.wbrules')).toBe(past.getTime());
    expect(listFiles(cwd)).toEqual(['a.wbrules', 'b.wbrules', 'broken.wbrules']);
  });

  test('--write through a symlink rewrites the target and keeps the link', () => {
    const cwd = tempDir({ 'real/a.wbrules': messy });
    symlinkSync(join(cwd, 'real/a.wbrules'), join(cwd, 'link.wbrules'));
    expect(wbrules(['fmt', '--write', 'link.wbrules'], { cwd }).status).toBe(0);
    expect(readFileSync(join(cwd, 'real/a.wbrules'), 'utf8')).toBe(tidy);
    expect(statSync(join(cwd, 'link.wbrules')).isFile()).toBe(true);
    expect(listFiles(cwd)).toEqual(['link.wbrules', 'real/a.wbrules']);
  });

  test('--write refuses standard input, and --check with --write is a usage error (exit 2)', () => {
    expect(wbrules(['fmt', '--write', '-'], { input: messy })).toEqual({
      status: 2,
      stdout: '',
      stderr: 'wbrules: standard input ("-") cannot be rewritten; "wbrules fmt -" prints it formatted\n',
    });
    const cwd = tempDir({ 'a.wbrules': messy });
    expect(wbrules(['fmt', '--check', '--write', 'a.wbrules'], { cwd })).toEqual({
      status: 2,
      stdout: '',
      stderr: `wbrules: option '--check' cannot be used with option '--write'\n(run "wbrules fmt --help" for usage)\n`,
    });
    expect(readFileSync(join(cwd, 'a.wbrules'), 'utf8')).toBe(messy);
  });

  test('a missing file stops --write before anything is rewritten', () => {
    const cwd = tempDir({ 'a.wbrules': messy });
    expect(wbrules(['fmt', '--write', 'a.wbrules', 'missing.wbrules'], { cwd })).toEqual({
      status: 2,
      stdout: '',
      stderr: 'wbrules: cannot read "missing.wbrules": no such file or directory\n',
    });
    expect(readFileSync(join(cwd, 'a.wbrules'), 'utf8')).toBe(messy);
  });
});
