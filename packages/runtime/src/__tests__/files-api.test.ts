import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, test } from 'vitest';
import {
  checkFiles,
  compileFiles,
  expandFiles,
  FileInputError,
  globBase,
  isGlob,
  readTextFile,
} from '../files/index.js';

/**
 * `@wbrules/runtime/files`: the file API `wbrules check` and `compile` are
 * made of (the CLI's tests show both give the same output), and an entry
 * that stays light: it must not load graphql or the client.
 */

const src = fileURLToPath(new URL('..', import.meta.url));
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tempDir(files: Readonly<Record<string, string | Uint8Array>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'wbrules-files-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const rule = (project: string) => `in project "${project}"\non run state failed -> nothing\n`;

describe('importing @wbrules/runtime/files', () => {
  test('loads neither graphql, undici nor the client, the schema or the plan', async () => {
    // Every module the entry loads, as esbuild resolves them with the same condition the workspace uses.
    const result = await build({
      absWorkingDir: src,
      entryPoints: ['files/index.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      conditions: ['wbrules-source'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const loaded = Object.keys(result.metafile.inputs);
    expect(loaded.some((path) => path.includes('tinyglobby'))).toBe(true);
    expect(loaded.filter((path) => /node_modules\/(\.pnpm\/)?(graphql|undici)[@/]/.test(path))).toEqual([]);
    expect(loaded.filter((path) => /(^|\/)runtime\/src\/(client|schema|plan|validate)\//.test(path))).toEqual([]);
    expect(loaded.filter((path) => /^(client|schema|plan|validate)\//.test(path))).toEqual([]);
  });
});

describe('expandFiles', () => {
  const cwd = tempDir({
    'rules/b.wbrules': rule('a/b'),
    'rules/a.wbrules': rule('a/a'),
    'rules/deep/c.wbrules': rule('a/c'),
    'rules/notes.md': '# notes\n',
    'docs/notes.md': '# notes\n',
    'rules/.hidden/d.wbrules': rule('a/d'),
    'rules/node_modules/e.wbrules': rule('a/e'),
    'odd[1].wbrules': rule('a/odd'),
  });

  test.each([
    [
      'a directory: every .wbrules under it, sorted',
      ['rules'],
      ['rules/a.wbrules', 'rules/b.wbrules', 'rules/deep/c.wbrules'],
    ],
    [
      'a glob: the files it matches, sorted',
      ['rules/**/*.wbrules'],
      ['rules/a.wbrules', 'rules/b.wbrules', 'rules/deep/c.wbrules'],
    ],
    ['a glob one level deep', ['rules/*.wbrules'], ['rules/a.wbrules', 'rules/b.wbrules']],
    [
      'files in the order given, duplicates dropped',
      ['rules/b.wbrules', 'rules', '-'],
      ['rules/b.wbrules', 'rules/a.wbrules', 'rules/deep/c.wbrules', '-'],
    ],
    ['a file whose name looks like a glob is itself', ['odd[1].wbrules'], ['odd[1].wbrules']],
    ['braces', ['rules/{a,b}.wbrules'], ['rules/a.wbrules', 'rules/b.wbrules']],
  ])('%s', (_name, patterns, expected) => {
    expect(expandFiles(patterns, { cwd })).toEqual(expected);
  });

  test.each([
    ['missing.wbrules', 'unreadable', 'cannot read "missing.wbrules": no such file or directory'],
    ['rules/**/*.yaml', 'no-match', 'no files match "rules/**/*.yaml"'],
    ['docs', 'unreadable', 'no .wbrules files in directory "docs"'],
  ])('%s is an error naming it', (pattern, problem, message) => {
    let thrown: unknown;
    try {
      expandFiles([pattern], { cwd });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FileInputError);
    expect({ file: (thrown as FileInputError).file, problem: (thrown as FileInputError).problem }).toEqual({
      file: pattern,
      problem,
    });
    expect((thrown as Error).message).toBe(message);
  });

  test('isGlob and globBase', () => {
    expect([
      isGlob('rules/*.wbrules', cwd),
      isGlob('odd[1].wbrules', cwd),
      isGlob('rules', cwd),
      isGlob('-', cwd),
    ]).toEqual([true, false, false, false]);
    expect([globBase('rules/**/*.wbrules'), globBase('*.wbrules'), globBase('/abs/x/*.wbrules')]).toEqual([
      'rules',
      '.',
      '/abs/x',
    ]);
  });
});

describe('readTextFile', () => {
  const cwd = tempDir({
    'bom.wbrules': `\ufeff${rule('a/b')}`,
    'latin1.wbrules': new Uint8Array([0x69, 0x6e, 0x20, 0xe9, 0x0a]),
  });

  test('drops a byte order mark and says it was there', () => {
    expect(readTextFile('bom.wbrules', { cwd })).toEqual({ file: 'bom.wbrules', text: rule('a/b'), bom: true });
  });

  test('bytes that are not UTF-8 are a not-text error', () => {
    expect(() => readTextFile('latin1.wbrules', { cwd })).toThrow(
      new FileInputError('latin1.wbrules', 'not-text', 'the file is not valid UTF-8 text'),
    );
  });

  test('standard input, given as text, under the name asked for', () => {
    expect(readTextFile('-', { stdin: 'x', stdinFilename: 'rules/a.wbrules' })).toEqual({
      file: 'rules/a.wbrules',
      text: 'x',
      bom: false,
    });
    expect(readTextFile('-', { stdin: 'x' }).file).toBe('<stdin>');
  });
});

describe('checkFiles and compileFiles', () => {
  const cwd = tempDir({ 'rules/a.wbrules': rule('acme/a'), 'rules/b.wbrules': rule('acme/b') });

  test('check: files, texts, rules and diagnostics', () => {
    const result = checkFiles(['rules/*.wbrules'], { cwd });
    expect(result.files).toEqual(['rules/a.wbrules', 'rules/b.wbrules']);
    expect([...result.texts]).toEqual([
      ['rules/a.wbrules', rule('acme/a')],
      ['rules/b.wbrules', rule('acme/b')],
    ]);
    expect(result.rules).toBe(2);
    expect(result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  test('compile: the entries wbrules compile prints, with the ID map', () => {
    const ids = { projects: { 'acme/a': 'UHJvamVjdDox', 'acme/b': 'UHJvamVjdDoy' } };
    const { automations } = compileFiles(['rules'], { cwd, ids });
    expect(automations.map((a) => Object.keys(a))).toEqual([
      ['name', 'file', 'line', 'scope', 'input'],
      ['name', 'file', 'line', 'scope', 'input'],
    ]);
    expect(automations.map((a) => (a as { input: { scopeID: string } }).input.scopeID)).toEqual([
      'UHJvamVjdDox',
      'UHJvamVjdDoy',
    ]);
  });

  test('compile: no automations when there is an error, and the error is a diagnostic', () => {
    const { automations, diagnostics } = compileFiles(['-'], { cwd, stdin: 'on run ->', stdinFilename: 'x.wbrules' });
    expect(automations).toEqual([]);
    expect(diagnostics.filter((d) => d.severity === 'error').length).toBeGreaterThan(0);
  });
});
