import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { writeFileAtomicOverlapped } from '../files/index.js';
import { linkTarget, removeStaleTempFiles, writeFileAtomic } from '../index.js';

/** Math.random's next results, when a test wants to know the temporary names (8 hex digits a call). */
const forcedRandom: number[] = [];
const realRandom = Math.random;
vi.spyOn(Math, 'random').mockImplementation(() => forcedRandom.shift() ?? realRandom());
/** The two Math.random results that make a temporary name of 16 `pair`s of hex digits. */
const nameOf = (pair: number) => Array(2).fill((pair * 0x01010101) / 2 ** 32) as number[];

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wbrules-atomic-'));
  dirs.push(dir);
  return dir;
}

describe('writeFileAtomic', () => {
  test('writes text, bytes or pieces of both, and leaves nothing beside the file', () => {
    const dir = tempDir();
    const file = join(dir, 'out.json');
    writeFileAtomic(file, 'first\n');
    expect(readFileSync(file, 'utf8')).toBe('first\n');
    writeFileAtomic(file, new TextEncoder().encode('bytes\n'));
    expect(readFileSync(file, 'utf8')).toBe('bytes\n');
    writeFileAtomic(file, ['a', new TextEncoder().encode('β'), 'c\n']);
    expect(readFileSync(file, 'utf8')).toBe('aβc\n');
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  test('a new file gets `mode` (0o600 for secrets); an existing one keeps its bits, unless told not to', () => {
    const dir = tempDir();
    const secret = join(dir, 'secret.json');
    writeFileAtomic(secret, '{}', { mode: 0o600 });
    expect(statSync(secret).mode & 0o777).toBe(0o600);
    const shared = join(dir, 'shared.json');
    writeFileSync(shared, 'old');
    chmodSync(shared, 0o640);
    writeFileAtomic(shared, 'new', { mode: 0o600 });
    expect(statSync(shared).mode & 0o777).toBe(0o640);
    writeFileAtomic(shared, 'newer', { mode: 0o600, keepMode: false });
    expect(statSync(shared).mode & 0o777).toBe(0o600);
  });

  test('the temporary name is random and created exclusively: a link planted there is not written through', () => {
    const dir = tempDir();
    const file = join(dir, 'state.json');
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'untouched');
    // The first name tried is known in advance and taken by a link to the victim; the next one is free.
    forcedRandom.push(...nameOf(0xab), ...nameOf(0xcd));
    const planted = join(dir, `.state.json.${'ab'.repeat(8)}.tmp`);
    symlinkSync(victim, planted);
    writeFileAtomic(file, 'secret state');
    expect(forcedRandom).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe('secret state');
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(lstatSync(planted).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['.state.json.abababababababab.tmp', 'state.json', 'victim']);
  });

  test('a symbolic link is written through: its target is replaced, the link stays (a dangling one creates its target)', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real/data.json'), 'old');
    symlinkSync('real/data.json', join(dir, 'link.json'));
    symlinkSync('link.json', join(dir, 'link2.json'));
    writeFileAtomic(join(dir, 'link2.json'), 'new');
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dir, 'link2.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real/data.json'), 'utf8')).toBe('new');
    symlinkSync('real/later.json', join(dir, 'dangling.json'));
    writeFileAtomic(join(dir, 'dangling.json'), 'created');
    expect(lstatSync(join(dir, 'dangling.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real/later.json'), 'utf8')).toBe('created');
    expect(readdirSync(join(dir, 'real')).sort()).toEqual(['data.json', 'later.json']);
  });

  test('a failure throws the file system error and leaves the target as it was, with no temporary file', () => {
    const dir = tempDir();
    expect(() => writeFileAtomic(join(dir, 'missing/out.json'), 'x')).toThrow(
      expect.objectContaining({ code: 'ENOENT' }),
    );
    // Renaming a file over a directory fails after the temporary file was written.
    mkdirSync(join(dir, 'taken'));
    expect(() => writeFileAtomic(join(dir, 'taken'), 'x')).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/^(EISDIR|EPERM|ENOTEMPTY|EEXIST)$/) }),
    );
    expect(readdirSync(dir)).toEqual(['taken']);
  });
});

describe('writeFileAtomicOverlapped', () => {
  test('writes the pieces in order, small and large, text and bytes, and leaves nothing beside the file', async () => {
    const dir = tempDir();
    const file = join(dir, 'out.json');
    writeFileSync(file, 'old');
    chmodSync(file, 0o640);
    const pieces: (string | Uint8Array)[] = ['[', new TextEncoder().encode('β'), ','];
    // Pieces past the buffers' 4 MB, pieces of about 1 MB, and characters of 2, 3 and 4 bytes at the edges.
    for (let i = 0; i < 12; i++) pieces.push(`${'é'.repeat(i)}${'x'.repeat(i % 5 === 0 ? 5_000_000 : 900_000 + i)}€😀`);
    pieces.push(new Uint8Array(3_000_000).fill(0x61), ']\n');
    await writeFileAtomicOverlapped(file, pieces);
    const expected = Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    expect(readFileSync(file).equals(expected)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['out.json']);
    await writeFileAtomicOverlapped(file, []);
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  test('a failure, of the file system or of the pieces, leaves the target as it was, with no temporary file', async () => {
    const dir = tempDir();
    await expect(writeFileAtomicOverlapped(join(dir, 'missing/out.json'), ['x'])).rejects.toThrow(
      expect.objectContaining({ code: 'ENOENT' }),
    );
    const file = join(dir, 'out.json');
    writeFileSync(file, 'old');
    function* failing(): Generator<string> {
      for (let i = 0; i < 5; i++) yield 'y'.repeat(1_500_000);
      throw new Error('no more');
    }
    await expect(writeFileAtomicOverlapped(file, failing())).rejects.toThrow('no more');
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['out.json']);
  });
});

describe('removeStaleTempFiles', () => {
  test("removes the file's temporary files, this version's and earlier ones', and nothing else", () => {
    const dir = tempDir();
    const names = [
      'state.json',
      '.state.json.0123456789abcdef.tmp',
      '.state.json.4242-7.tmp',
      '.state.json.tmp',
      '.state.json.0123456789abcdef.tmp.keep',
      '.state.jsonx.0123456789abcdef.tmp',
      '.other.json.0123456789abcdef.tmp',
      'state.json.lock',
    ];
    for (const name of names) writeFileSync(join(dir, name), 'x');
    expect(removeStaleTempFiles(join(dir, 'state.json')).sort()).toEqual([
      '.state.json.0123456789abcdef.tmp',
      '.state.json.4242-7.tmp',
    ]);
    expect(readdirSync(dir).sort()).toEqual(
      names.filter((n) => !['.state.json.0123456789abcdef.tmp', '.state.json.4242-7.tmp'].includes(n)).sort(),
    );
    expect(removeStaleTempFiles(join(dir, 'nowhere/state.json'))).toEqual([]);
  });
});

describe('linkTarget', () => {
  test('follows a chain of links, relative to each link, to a file that may not exist; a cycle is ELOOP', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    symlinkSync('../end.json', join(dir, 'sub/b'));
    symlinkSync('sub/b', join(dir, 'a'));
    expect(linkTarget(join(dir, 'a'))).toBe(join(dir, 'end.json'));
    expect(linkTarget(join(dir, 'plain.json'))).toBe(join(dir, 'plain.json'));
    symlinkSync('loop2', join(dir, 'loop1'));
    symlinkSync('loop1', join(dir, 'loop2'));
    expect(() => linkTarget(join(dir, 'loop1'))).toThrow(expect.objectContaining({ code: 'ELOOP' }));
  });
});
