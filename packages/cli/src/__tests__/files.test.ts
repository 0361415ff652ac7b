import { chmodSync, lstatSync, readFileSync, readlinkSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { WriteError, writeFileAtomic } from '../files.js';
import { listFiles, tempDir } from './harness.js';

// The temporary file's name is random (Math.random, 8 hex digits a call); to plant something at it,
// the test fixes the numbers.
const predicted = '.out.json.0123456789abcdef.tmp';
const halves = [0x01234567 / 2 ** 32, 0x89abcdef / 2 ** 32];

/** Math.random spells `predicted` for the next temporary name, or for every one. */
function fixRandom(every: 'next' | 'every'): void {
  let calls = 0;
  const real = Math.random;
  vi.spyOn(Math, 'random').mockImplementation(() => {
    calls++;
    return every === 'next' && calls > 2 ? real() : (halves[(calls - 1) % 2] as number);
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

/** A directory holding `out.json`, a victim file elsewhere, and a symlink to the victim at the predicted temporary name. */
function planted(): { dir: string; victim: string } {
  const dir = tempDir({ 'out.json': 'old\n', 'elsewhere/victim.txt': 'victim\n' });
  const victim = join(dir, 'elsewhere/victim.txt');
  symlinkSync(victim, join(dir, predicted));
  return { dir, victim };
}

describe('writeFileAtomic', () => {
  test('never writes through a symlink planted at its temporary name: it takes another name', () => {
    const { dir, victim } = planted();
    fixRandom('next');
    writeFileAtomic(join(dir, 'out.json'), ['new', '\n']);
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe('new\n');
    expect(readFileSync(victim, 'utf8')).toBe('victim\n');
    // What it did not create, it does not remove.
    expect(lstatSync(join(dir, predicted)).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, predicted))).toBe(victim);
    expect(listFiles(dir)).toEqual(['.out.json.0123456789abcdef.tmp', 'elsewhere/victim.txt', 'out.json']);
  });

  test('gives up, changing nothing, when every name it tries is taken', () => {
    const { dir, victim } = planted();
    fixRandom('every');
    expect(() => writeFileAtomic(join(dir, 'out.json'), 'new\n')).toThrow(WriteError);
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe('old\n');
    expect(readFileSync(victim, 'utf8')).toBe('victim\n');
    expect(lstatSync(join(dir, predicted)).isSymbolicLink()).toBe(true);
  });

  test('refuses to replace a file without write permission bits, even for root', () => {
    const dir = tempDir({ 'out.json': 'old\n' });
    const path = join(dir, 'out.json');
    chmodSync(path, 0o440);
    expect(() => writeFileAtomic(path, 'new\n')).toThrow(`cannot write "${path}": the file is read-only (mode 0440)`);
    expect(readFileSync(path, 'utf8')).toBe('old\n');
    expect(listFiles(dir)).toEqual(['out.json']);
  });

  test('creates a missing file and leaves no temporary file', () => {
    const dir = tempDir();
    writeFileAtomic(join(dir, 'new.json'), 'text\n');
    expect(readFileSync(join(dir, 'new.json'), 'utf8')).toBe('text\n');
    expect(listFiles(dir)).toEqual(['new.json']);
  });
});
