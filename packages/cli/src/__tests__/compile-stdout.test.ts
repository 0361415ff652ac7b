/**
 * `wbrules compile` to a pipe: its JSON goes out a piece at a time as the
 * reader takes it, so a slow reader never makes the output pile up in the
 * command's memory, and a reader that stops early (`| head -c 100`) ends it
 * quietly.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { bin, ensureBundle, tempDir, wbrules } from './harness.js';

ensureBundle();

/** About 8 MB of JSON: 8,000 rules, each with a payload of about 600 characters. */
function bigSource(): string {
  const lines = ['webhook ci = "github-dispatch"', 'in project "acme/vision"'];
  for (let i = 0; i < 8_000; i++) {
    lines.push(
      `automation "rule-${i}" on run metric "loss" changes by 10% within 5 -> webhook ci { "note": "${'p'.repeat(600)}", "n": ${i} }`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Preloaded into the command: says when stdout is first written to, and on
 * exit the most bytes ever queued in `process.stdout` (written but not yet
 * taken by the reader).
 */
const queuedPreload = `let max = 0;
let first = true;
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (...args) => {
  const result = write(...args);
  max = Math.max(max, process.stdout.writableLength);
  if (first) process.stderr.write('first-write\\n');
  first = false;
  return result;
};
process.on('exit', () => process.stderr.write(\`max-queued \${max}\\n\`));
`;

/** Node's environment less what would change the command (colour, debug, options). */
function env(): NodeJS.ProcessEnv {
  const copy = { ...process.env };
  for (const name of ['NODE_OPTIONS', 'NO_COLOR', 'FORCE_COLOR', 'WBRULES_DEBUG']) delete copy[name];
  return copy;
}

describe('compile to a pipe', () => {
  test('a slow reader gets the whole output while at most about a megabyte waits in the command', async () => {
    const dir = tempDir({ 'rules.wbrules': bigSource(), 'queued.mjs': queuedPreload });
    expect(wbrules(['compile', 'rules.wbrules', '-o', 'out.json'], { cwd: dir }).status).toBe(0);
    const expected = readFileSync(join(dir, 'out.json'), 'utf8');
    expect(expected.length).toBeGreaterThan(6e6);

    const child = spawn(
      process.execPath,
      ['--import', pathToFileURL(join(dir, 'queued.mjs')).href, bin, 'compile', 'rules.wbrules'],
      { cwd: dir, env: env(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    const firstWrite = new Promise<void>((resolve) => {
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        if (stderr.includes('first-write\n')) resolve();
      });
    });
    const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
    // Nothing is read until well after the first write: a command that did not wait would queue everything meanwhile.
    await firstWrite;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const pieces: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => pieces.push(chunk));
    expect(await closed).toBe(0);
    expect(Buffer.concat(pieces).toString('utf8')).toBe(expected);
    const queued = Number(/max-queued (\d+)/.exec(stderr)?.[1]);
    expect(queued).toBeGreaterThan(0);
    expect(queued).toBeLessThan(3 * 2 ** 20);
  }, 30_000);

  test('a reader that stops after 100 bytes (| head -c 100) ends the command quietly, exit 0', async () => {
    const dir = tempDir({ 'rules.wbrules': bigSource() });
    const child = spawn(process.execPath, [bin, 'compile', 'rules.wbrules'], {
      cwd: dir,
      env: env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    let head = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      head += chunk;
      if (head.length >= 100) child.stdout.destroy();
    });
    const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(head.startsWith('[\n  {\n    "name": "rule-0",\n    "file": "rules.wbrules",\n')).toBe(true);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
  }, 30_000);
});
