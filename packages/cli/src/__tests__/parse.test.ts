import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@wbrules/dsl';
import { describe, expect, test } from 'vitest';
import { ensureBundle, tempDir, wbrules } from './harness.js';

ensureBundle();

const good = `webhook ci = "github-dispatch"
in project "acme/vision"
automation "loss-watch"
on run metric "loss" changes by 10% within 5 -> webhook ci
`;

const bad = `webhook ci = "github-dispatch"
in project "acme/vision"
on run metric "loss" -> webhook ci
`;

const badFrame = `bad.wbrules:3:22: error[WR1101]: expected a comparison such as "> 0.5" or "changes by 10%" after the metric name, found "->"
3 | on run metric "loss" -> webhook ci
  |                      ^^

1 error
`;

describe('wbrules parse', () => {
  test('prints a one-line summary for a file that parses', () => {
    const cwd = tempDir({ 'good.wbrules': good });
    expect(wbrules(['parse', 'good.wbrules'], { cwd })).toEqual({ status: 0, stdout: 'ok: 3 items\n', stderr: '' });
  });

  test('reads standard input for "-" and says "item" for one', () => {
    expect(wbrules(['parse', '-'], { input: 'in team "acme"\n' })).toEqual({
      status: 0,
      stdout: 'ok: 1 item\n',
      stderr: '',
    });
  });

  test('a syntax error is a code frame on stderr, nothing on stdout, exit 1', () => {
    const cwd = tempDir({ 'bad.wbrules': bad });
    expect(wbrules(['parse', 'bad.wbrules'], { cwd })).toEqual({ status: 1, stdout: '', stderr: badFrame });
  });

  test('every error of a file is reported, separated by blank lines, then counted', () => {
    const cwd = tempDir({ 'two.wbrules': 'in project "acme/x"\non run state -> nothing\non alias added -> \n' });
    expect(wbrules(['parse', 'two.wbrules'], { cwd })).toEqual({
      status: 1,
      stdout: '',
      stderr: expect.stringMatching(
        /^two\.wbrules:2:14: error\[WR1101\]: [^\n]+\n2 \| on run state -> nothing\n {2}\| {14}\^\^\n\ntwo\.wbrules:3:\d+: error\[WR110\d\]: [^\n]+\n3 \| on alias added ->\n {2}\| +\^\n\n2 errors\n$/,
      ),
    });
  });

  test('stdin diagnostics are reported as <stdin>', () => {
    const result = wbrules(['parse', '-'], { input: bad });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(badFrame.replace('bad.wbrules', '<stdin>'));
  });

  test('--json prints the AST with 2-space indentation', () => {
    const cwd = tempDir({ 'good.wbrules': good });
    const result = wbrules(['parse', '--json', 'good.wbrules'], { cwd });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${JSON.stringify(parse(good).ast, null, 2)}\n`);
    const ast = JSON.parse(result.stdout);
    expect(ast.kind).toBe('Document');
    expect(ast.items.map((item: { kind: string }) => item.kind)).toEqual(['IntegrationDecl', 'ScopeDefault', 'Rule']);
    const at = good.indexOf('"loss-watch"');
    expect(ast.items[2].name).toMatchObject({ value: 'loss-watch', span: { start: at, end: at + 12 } });
  });

  test('--json still prints the partial AST of a file with errors, and exits 1', () => {
    const cwd = tempDir({ 'bad.wbrules': bad });
    const result = wbrules(['parse', '--json', 'bad.wbrules'], { cwd });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(badFrame);
    expect(JSON.parse(result.stdout).items.map((item: { kind: string }) => item.kind)).toEqual([
      'IntegrationDecl',
      'ScopeDefault',
    ]);
  });

  test('--format json prints the diagnostics as a JSON array on stderr', () => {
    const cwd = tempDir({ 'bad.wbrules': bad });
    const result = wbrules(['parse', '--format', 'json', 'bad.wbrules'], { cwd });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(JSON.parse(result.stderr)).toEqual([
      {
        file: 'bad.wbrules',
        line: 3,
        column: 22,
        endLine: 3,
        endColumn: 24,
        code: 'WR1101',
        severity: 'error',
        message: 'expected a comparison such as "> 0.5" or "changes by 10%" after the metric name, found "->"',
        hints: [],
        related: [],
      },
    ]);
    expect(result.stderr.split('\n')[1]).toBe('  {');
  });

  test('--format json prints an empty array when the file is clean', () => {
    const cwd = tempDir({ 'good.wbrules': good });
    expect(wbrules(['parse', '--format', 'json', 'good.wbrules'], { cwd })).toEqual({
      status: 0,
      stdout: 'ok: 3 items\n',
      stderr: '[]\n',
    });
  });

  test('a leading byte order mark is ignored', () => {
    const cwd = tempDir({ 'bom.wbrules': `\ufeff${good}` });
    expect(wbrules(['parse', 'bom.wbrules'], { cwd })).toEqual({ status: 0, stdout: 'ok: 3 items\n', stderr: '' });
  });

  test('bytes that are not UTF-8 are an input error (exit 1)', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'latin1.wbrules'), Buffer.from([0x69, 0x6e, 0x20, 0xe9, 0x0a]));
    expect(wbrules(['parse', 'latin1.wbrules'], { cwd })).toEqual({
      status: 1,
      stdout: '',
      stderr: 'latin1.wbrules: error: the file is not valid UTF-8 text\n',
    });
  });

  test('a directory: every *.wbrules under it, one line each naming the file', () => {
    const cwd = tempDir({ 'rules/a.wbrules': good, 'rules/sub/b.wbrules': 'in team "acme"\n', 'rules/c.txt': 'x' });
    expect(wbrules(['parse', 'rules'], { cwd })).toEqual({
      status: 0,
      stdout: 'rules/a.wbrules: ok: 3 items\nrules/sub/b.wbrules: ok: 1 item\n',
      stderr: '',
    });
  });

  test('several files: a line for each that parses; errors for the others; --json an array of {file, ast}', () => {
    const cwd = tempDir({ 'a.wbrules': good, 'b.wbrules': bad });
    const result = wbrules(['parse', 'a.wbrules', 'b.wbrules'], { cwd });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('a.wbrules: ok: 3 items\n');
    expect(result.stderr).toContain('b.wbrules:');
    const json = JSON.parse(wbrules(['parse', '--json', 'a.wbrules', 'b.wbrules'], { cwd }).stdout) as {
      file: string;
      ast: { kind: string };
    }[];
    expect(json.map((entry) => [entry.file, entry.ast.kind])).toEqual([
      ['a.wbrules', 'Document'],
      ['b.wbrules', 'Document'],
    ]);
  });

  test('-o writes the output to a file instead of stdout', () => {
    const cwd = tempDir({ 'a.wbrules': good });
    expect(wbrules(['parse', '--json', 'a.wbrules', '-o', 'ast.json'], { cwd })).toEqual({
      status: 0,
      stdout: '',
      stderr: '',
    });
    expect(JSON.parse(readFileSync(join(cwd, 'ast.json'), 'utf8')).kind).toBe('Document');
  });
});

describe('colour', () => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences are what these tests look for.
  const ansi = /\x1b\[[0-9;]*m/g;

  test('is off when stderr is not a terminal', () => {
    const cwd = tempDir({ 'bad.wbrules': bad });
    expect(wbrules(['parse', 'bad.wbrules'], { cwd }).stderr).not.toMatch(ansi);
  });

  test('FORCE_COLOR turns it on; the text is the same without the escapes', () => {
    const cwd = tempDir({ 'bad.wbrules': bad });
    const { stderr } = wbrules(['parse', 'bad.wbrules'], { cwd, env: { FORCE_COLOR: '1' } });
    expect(stderr).toContain('\x1b[1m\x1b[31merror[WR1101]\x1b[0m');
    expect(stderr.replace(ansi, '')).toBe(badFrame);
  });

  test('NO_COLOR wins over FORCE_COLOR', () => {
    const cwd = tempDir({ 'bad.wbrules': bad });
    const result = wbrules(['parse', 'bad.wbrules'], { cwd, env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(result).toEqual({ status: 1, stdout: '', stderr: badFrame });
  });

  test('an empty NO_COLOR does not count (no-color.org), and FORCE_COLOR=0 means off', () => {
    const cwd = tempDir({ 'bad.wbrules': bad });
    expect(wbrules(['parse', 'bad.wbrules'], { cwd, env: { FORCE_COLOR: '1', NO_COLOR: '' } }).stderr).toMatch(ansi);
    expect(wbrules(['parse', 'bad.wbrules'], { cwd, env: { FORCE_COLOR: '0' } }).stderr).toBe(badFrame);
  });
});
