import { chmodSync, chownSync, linkSync, readFileSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ensureBundle, listFiles, tempDir, wbrules } from './harness.js';

ensureBundle();

const messy = 'in project "acme/x"\non run state failed   ->   nothing\n';
const tidy = 'in project "acme/x"\n\non run state failed -> nothing\n';
const crlf = (text: string): string => text.replaceAll('\n', '\r\n');
const bom = '\ufeff';
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

  test('a read-only file is refused and left as it was, even for root; the others are rewritten (exit 1)', () => {
    const cwd = tempDir({ 'a.wbrules': messy, 'ro.wbrules': messy, 'z.wbrules': messy });
    chmodSync(join(cwd, 'ro.wbrules'), 0o444);
    age(cwd, 'ro.wbrules');
    expect(wbrules(['fmt', '--write', '.'], { cwd })).toEqual({
      status: 1,
      stdout: '',
      stderr: 'ro.wbrules: not rewritten: the file is read-only (mode 0444)\n1 file not rewritten\n',
    });
    expect(readFileSync(join(cwd, 'ro.wbrules'), 'utf8')).toBe(messy);
    expect(mtime(cwd, 'ro.wbrules')).toBe(past.getTime());
    expect(statSync(join(cwd, 'ro.wbrules')).mode & 0o777).toBe(0o444);
    expect(readFileSync(join(cwd, 'a.wbrules'), 'utf8')).toBe(tidy);
    expect(readFileSync(join(cwd, 'z.wbrules'), 'utf8')).toBe(tidy);
    expect(listFiles(cwd)).toEqual(['a.wbrules', 'ro.wbrules', 'z.wbrules']);
    // --check only reads: a read-only file is listed like any other.
    expect(wbrules(['fmt', '--check', 'ro.wbrules'], { cwd }).status).toBe(1);
  });

  test('--write keeps a byte order mark', () => {
    const cwd = tempDir({ 'a.wbrules': bom + messy, 'b.wbrules': bom + tidy });
    age(cwd, 'b.wbrules');
    expect(wbrules(['fmt', '--check', 'b.wbrules'], { cwd })).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(wbrules(['fmt', '--write', '.'], { cwd })).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(cwd, 'a.wbrules'), 'utf8')).toBe(bom + tidy);
    expect(mtime(cwd, 'b.wbrules')).toBe(past.getTime());
  });

  test('a CRLF file is compared and rewritten with CRLF line breaks', () => {
    const cwd = tempDir({ 'a.wbrules': crlf(messy), 'b.wbrules': crlf(tidy), 'c.wbrules': bom + crlf(tidy) });
    age(cwd, 'b.wbrules', 'c.wbrules');
    expect(wbrules(['fmt', '--check', 'b.wbrules', 'c.wbrules'], { cwd })).toEqual({
      status: 0,
      stdout: '',
      stderr: '',
    });
    expect(wbrules(['fmt', '--write', '.'], { cwd })).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(cwd, 'a.wbrules'), 'utf8')).toBe(crlf(tidy));
    expect(mtime(cwd, 'b.wbrules')).toBe(past.getTime());
    expect(mtime(cwd, 'c.wbrules')).toBe(past.getTime());
  });

  test("a file that mixes line breaks is not formatted, and takes its first line's", () => {
    const mixed = `${crlf('in project "acme/x"\n\n')}on run state failed -> nothing\n`;
    const cwd = tempDir({ 'a.wbrules': mixed });
    expect(wbrules(['fmt', '--check', 'a.wbrules'], { cwd }).status).toBe(1);
    expect(wbrules(['fmt', '--write', 'a.wbrules'], { cwd }).status).toBe(0);
    expect(readFileSync(join(cwd, 'a.wbrules'), 'utf8')).toBe(crlf(tidy));
  });

  test('printing to stdout uses \\n line breaks and no byte order mark, whatever the file has', () => {
    const cwd = tempDir({ 'a.wbrules': bom + crlf(messy) });
    expect(wbrules(['fmt', 'a.wbrules'], { cwd })).toEqual({ status: 0, stdout: tidy, stderr: '' });
    expect(wbrules(['fmt', '-'], { input: bom + crlf(messy) })).toEqual({ status: 0, stdout: tidy, stderr: '' });
  });

  test('--write overwrites a hard-linked file in place, so every link sees the new text', () => {
    const cwd = tempDir({ 'a.wbrules': messy });
    linkSync(join(cwd, 'a.wbrules'), join(cwd, 'copy.txt'));
    chmodSync(join(cwd, 'a.wbrules'), 0o640);
    const before = statSync(join(cwd, 'a.wbrules'));
    expect(wbrules(['fmt', '--write', 'a.wbrules'], { cwd })).toEqual({ status: 0, stdout: '', stderr: '' });
    const after = statSync(join(cwd, 'a.wbrules'));
    expect(readFileSync(join(cwd, 'copy.txt'), 'utf8')).toBe(tidy);
    expect([after.ino, after.nlink, after.mode & 0o777]).toEqual([before.ino, 2, 0o640]);
    expect(listFiles(cwd)).toEqual(['a.wbrules', 'copy.txt']);
  });

  test('--write overwrites a hard-linked file shorter than it was, cutting the old tail', () => {
    const long = `${messy}\n\n\n\n`;
    const cwd = tempDir({ 'a.wbrules': long });
    linkSync(join(cwd, 'a.wbrules'), join(cwd, 'copy.txt'));
    expect(wbrules(['fmt', '--write', 'a.wbrules'], { cwd }).status).toBe(0);
    expect(readFileSync(join(cwd, 'copy.txt'), 'utf8')).toBe(tidy);
  });

  test.runIf(process.getuid?.() === 0)('--write keeps the owner and group of a file (as root)', () => {
    const cwd = tempDir({ 'a.wbrules': messy });
    chownSync(join(cwd, 'a.wbrules'), 4321, 4322);
    chmodSync(join(cwd, 'a.wbrules'), 0o2640);
    expect(wbrules(['fmt', '--write', 'a.wbrules'], { cwd })).toEqual({ status: 0, stdout: '', stderr: '' });
    const after = statSync(join(cwd, 'a.wbrules'));
    expect(readFileSync(join(cwd, 'a.wbrules'), 'utf8')).toBe(tidy);
    expect([after.uid, after.gid, after.mode & 0o7777]).toEqual([4321, 4322, 0o2640]);
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
