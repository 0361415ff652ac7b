import { checkFiles, compileFiles } from '@wbrules/runtime/files';
import { describe, expect, test } from 'vitest';
import { run } from '../main.js';
import { toJsonDiagnostics } from '../output.js';
import { SourceTexts } from '../source-texts.js';
import { ensureBundle, root, tempDir, wbrules } from './harness.js';

ensureBundle();

/**
 * `checkFiles` and `compileFiles` (`@wbrules/runtime/files`) are what
 * `wbrules check` and `wbrules compile` print, for the same paths, and `run`
 * embeds the command without touching `process.exitCode`.
 */

describe('the file API gives what the command prints', () => {
  test.each([['examples'], ['examples/**/*.wbrules'], ['examples/*.wbrules', 'examples/receivers']])(
    'check %s: the diagnostics of check --format json --notes',
    (...patterns) => {
      const printed = wbrules(['check', '--format', 'json', '--notes', ...patterns], { cwd: root });
      expect(printed.status).toBe(0);
      const { files, diagnostics, texts, rules } = checkFiles(patterns, { cwd: root });
      expect(files.length).toBeGreaterThan(1);
      expect(toJsonDiagnostics(diagnostics, SourceTexts.of(texts), files[0] ?? '')).toEqual(JSON.parse(printed.stdout));
      expect(printed.stderr).toBe(`checked ${files.length} files: ${rules} rules, 0 errors, 0 warnings\n`);
    },
  );

  test.each([['examples'], ['examples/**/*.wbrules']])('compile %s: the same bytes', (pattern) => {
    const printed = wbrules(['compile', pattern], { cwd: root });
    expect(printed.status).toBe(0);
    const { automations, diagnostics } = compileFiles([pattern], { cwd: root });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(`${JSON.stringify(automations, null, 2)}\n`).toBe(printed.stdout);
  });
});

describe('run in-process', () => {
  test('resolves to the exit code and leaves process.exitCode alone', async () => {
    const dir = tempDir({ 'bad.wbrules': 'on run ->\n' });
    const out: string[] = [];
    const io = { stdout: (t: string) => void out.push(t), stderr: (t: string) => void out.push(t), color: false };
    const before = process.exitCode;
    expect(await run(['check', `${dir}/bad.wbrules`], io)).toBe(1);
    expect(await run(['check', `${dir}/missing.wbrules`], io)).toBe(2);
    expect(await run(['--version'], io)).toBe(0);
    expect(process.exitCode).toBe(before);
    expect(process.exitCode).toBeUndefined();
    expect(out.join('')).toContain(`wbrules: cannot read "${dir}/missing.wbrules": no such file or directory\n`);
  });
});

/** A rule in canonical layout (so `fmt --check` passes it). */
const rule = (project: string, name: string) =>
  `in project "${project}"\n\nautomation "${name}"\non run state failed\n  -> nothing\n`;
const unformatted = 'in project "acme/b"\nautomation "b"\non run   state failed   -> nothing\n';

describe('quoted globs, in every command that takes files', () => {
  const files = {
    'rules/a.wbrules': rule('acme/a', 'a'),
    'rules/deep/b.wbrules': unformatted,
    'rules/notes.md': '# not rules\n',
    'tests/a.wbrules-test.yaml': `rules: [../rules/a.wbrules]
tests:
  - name: a failed run fires
    runs:
      - { name: r1, states: ["running@0", "failed@3"] }
    expect:
      - { fires: a, run: r1, step: 3 }
`,
  };

  test('check', () => {
    const dir = tempDir(files);
    expect(wbrules(['check', 'rules/**/*.wbrules'], { cwd: dir })).toEqual({
      status: 0,
      stdout: '',
      stderr: 'checked 2 files: 2 rules, 0 errors, 0 warnings\n',
    });
  });

  test('compile: the files in path order', () => {
    const dir = tempDir(files);
    const result = wbrules(['compile', 'rules/**/*.wbrules'], { cwd: dir });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).map((a: { file: string }) => a.file)).toEqual([
      'rules/a.wbrules',
      'rules/deep/b.wbrules',
    ]);
  });

  test('fmt --check', () => {
    const dir = tempDir(files);
    expect(wbrules(['fmt', '--check', 'rules/**/*.wbrules'], { cwd: dir })).toEqual({
      status: 1,
      stdout: '',
      stderr: 'rules/deep/b.wbrules: not formatted\n1 file not formatted; run "wbrules fmt --write" to fix\n',
    });
  });

  test('test', () => {
    const dir = tempDir(files);
    const result = wbrules(['test', 'tests/*.wbrules-test.yaml'], { cwd: dir });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout).toContain('tests/a.wbrules-test.yaml\n  ✓ a failed run fires');
  });

  test('a glob that matches nothing is a usage error naming it, like a missing file', () => {
    const dir = tempDir(files);
    for (const command of ['check', 'compile', 'fmt', 'parse', 'test']) {
      const args = command === 'fmt' ? [command, '--check'] : [command];
      expect(wbrules([...args, 'nowhere/**/*.wbrules'], { cwd: dir })).toEqual({
        status: 2,
        stdout: '',
        stderr: 'wbrules: no files match "nowhere/**/*.wbrules"\n',
      });
    }
  });
});

describe('standard input: -, and --stdin-filename for its name', () => {
  const broken = 'on run metric "x" > -> nothing\n';
  const frame = (name: string) => `${name}:1:21: error[WR1101]: expected a number after ">", found "->"
1 | on run metric "x" > -> nothing
  |                     ^^

1 error
`;

  test('check - names it <stdin>, or what --stdin-filename says', () => {
    expect(wbrules(['check', '-'], { input: broken })).toEqual({ status: 1, stdout: frame('<stdin>'), stderr: '' });
    expect(wbrules(['check', '-', '--stdin-filename', 'rules/a.wbrules'], { input: broken })).toEqual({
      status: 1,
      stdout: frame('rules/a.wbrules'),
      stderr: '',
    });
  });

  test('compile - prints the payloads; its errors name --stdin-filename', () => {
    const ok = wbrules(['compile', '-', '--stdin-filename', 'rules/a.wbrules'], { input: rule('acme/a', 'a') });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).map((a: { name: string; file: string }) => [a.name, a.file])).toEqual([
      ['a', 'rules/a.wbrules'],
    ]);
    expect(wbrules(['compile', '-', '--stdin-filename', 'rules/a.wbrules'], { input: broken })).toEqual({
      status: 1,
      stdout: '',
      stderr: frame('rules/a.wbrules'),
    });
  });

  test('fmt - prints it formatted; its errors name --stdin-filename', () => {
    expect(wbrules(['fmt', '-', '--stdin-filename', 'rules/b.wbrules'], { input: unformatted })).toEqual({
      status: 0,
      stdout: 'in project "acme/b"\n\nautomation "b"\non run state failed\n  -> nothing\n',
      stderr: '',
    });
    expect(wbrules(['fmt', '-', '--stdin-filename', 'rules/a.wbrules'], { input: broken })).toEqual({
      status: 1,
      stdout: '',
      stderr: frame('rules/a.wbrules'),
    });
  });

  test('- among files: read in its place', () => {
    const dir = tempDir({ 'a.wbrules': rule('acme/a', 'a') });
    const result = wbrules(['compile', 'a.wbrules', '-', '--stdin-filename', 'b.wbrules'], {
      cwd: dir,
      input: rule('acme/b', 'b'),
    });
    expect(JSON.parse(result.stdout).map((a: { file: string }) => a.file)).toEqual(['a.wbrules', 'b.wbrules']);
  });

  test.each([
    [
      ['check', 'a.wbrules', '--stdin-filename', 'x.wbrules'],
      '--stdin-filename names standard input: give - among the files',
    ],
    [['check', '-', '--watch'], '--watch cannot watch standard input ("-")'],
    [
      ['compile', 'a.wbrules', '--watch'],
      'compile --watch needs -o FILE: the JSON of each run would run together on stdout',
    ],
  ])('%j is a usage error', (args, message) => {
    const dir = tempDir({ 'a.wbrules': rule('acme/a', 'a') });
    expect(wbrules(args, { cwd: dir })).toEqual({ status: 2, stdout: '', stderr: `wbrules: ${message}\n` });
  });
});
