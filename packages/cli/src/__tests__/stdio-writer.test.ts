// Output goes straight to the file descriptors until it cannot (io.ts, StdioWriter): never lost,
// never reordered, failures reported as before, and a check's start-up spared Node's stdio streams.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type StdioStream, StdioWriter } from '../io.js';
import { bin, ensureBundle, tempDir, wbrulesAsync } from './harness.js';

ensureBundle();

/** A rule file with `n` broken rules: `check` prints a three-line report for each (on stdout). */
function brokenRules(n: number): string {
  return Array.from({ length: n }, (_, i) => `on run metric "m${i}" -> nothing\n`).join('');
}

describe('StdioWriter', () => {
  it('writes to the descriptor, and after a failed write, the rest and everything after to the stream', () => {
    const dir = tempDir();
    const file = join(dir, 'out.txt');
    writeFileSync(file, '');
    const streamed: string[] = [];
    const stream = { write: (chunk: string | Uint8Array) => streamed.push(Buffer.from(chunk).toString('utf8')) };
    const fd = openSync(file, 'a');
    try {
      const writer = new StdioWriter(fd, () => stream as unknown as StdioStream);
      writer.write('first ✓\n');
      expect(readFileSync(file, 'utf8')).toBe('first ✓\n');
      expect(streamed).toEqual([]);
    } finally {
      closeSync(fd);
    }
    // A read-only descriptor refuses the write (EBADF): the text goes to the stream, and so does what follows.
    const readOnly = openSync(file, 'r');
    try {
      const writer = new StdioWriter(readOnly, () => stream as unknown as StdioStream);
      writer.write('second ✓\n');
      writer.write('third\n');
      expect(streamed).toEqual(['second ✓\n', 'third\n']);
      expect(readFileSync(file, 'utf8')).toBe('first ✓\n');
    } finally {
      closeSync(readOnly);
    }
  });

  it('sends everything through the stream once the stream is asked for (paced output)', () => {
    const streamed: string[] = [];
    const stream = { write: (chunk: string) => streamed.push(chunk) };
    const writer = new StdioWriter(-1, () => stream as unknown as StdioStream);
    expect(writer.toStream()).toBe(stream);
    writer.write('a');
    expect(streamed).toEqual(['a']);
  });
});

describe('wbrules output', () => {
  it('reaches a slow reader whole and in order, as it reaches a file', async () => {
    // ~170 KB of reports: more than a pipe holds, so the writer meets a full pipe while nobody reads.
    const dir = tempDir({ 'rules.wbrules': `in project "a/b"\n${brokenRules(1500)}` });
    const outFile = join(dir, 'out.txt');
    const out = openSync(outFile, 'w');
    try {
      spawnSync(process.execPath, [bin, 'check', 'rules.wbrules'], { cwd: dir, stdio: ['ignore', out, 'ignore'] });
    } finally {
      closeSync(out);
    }
    const expected = readFileSync(outFile, 'utf8');
    expect(expected.length).toBeGreaterThan(150_000);
    const { status, stdout, stderr } = await wbrulesAsync(['check', 'rules.wbrules'], { cwd: dir, readAfterMs: 300 });
    expect({ status, stderr, same: stdout === expected }).toEqual({ status: 1, stderr: '', same: true });
  });

  it('spares a check of a well-formed file the stdio streams (and the net module a pipe needs)', () => {
    const dir = tempDir({
      'loaded.cjs':
        "process.on('exit', () => require('fs').writeFileSync(process.env.LOADED_LIST, process.moduleLoadList.join('\\n')));\n",
    });
    const list = join(dir, 'loaded.txt');
    const run = (file: string) =>
      spawnSync(process.execPath, ['-r', join(dir, 'loaded.cjs'), bin, 'check', file], {
        cwd: join(bin, '../../../..'),
        encoding: 'utf8',
        env: { ...process.env, LOADED_LIST: list, WBRULES_COMPILE_CACHE: '0' },
      });
    const clean = run('examples/quickstart.wbrules');
    expect({ status: clean.status, stdout: clean.stdout, stderr: clean.stderr }).toEqual({
      status: 0,
      stdout: '',
      stderr: 'checked 1 file: 3 rules, 0 errors, 0 warnings\n',
    });
    expect(readFileSync(list, 'utf8').split('\n')).not.toContain('NativeModule net');
  });
});
