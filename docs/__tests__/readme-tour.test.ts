import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { type DevServerProcess, startDevServerProcess } from '../../packages/cli/src/__tests__/dev-server-process.js';
import { ensureBundle, root, tempDir, wbrules } from '../../packages/cli/src/__tests__/harness.js';
import { type Block, section } from './markdown.js';

/**
 * The README's five-minute tour, run as written: in a fresh folder holding a
 * copy of examples/, each file the tour says to save is saved, and each
 * command of its `console` blocks is run in order with the real bundled
 * command (`npx -y pnpm@12.4.2 wbrules` becomes `node packages/cli/bin/wbrules.cjs`).
 * `wbrules dev-server` is started in the background on a free port, which
 * replaces `127.0.0.1:8080` in later commands and in the output shown. Every
 * command must exit 0 and print what the README shows: a line `…` stands for
 * any lines, and `…` inside a line for any text (a duration, say).
 */

ensureBundle();

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const tourTitle = 'A five-minute tour';
const launcher = ['npx', '-y', 'pnpm@12.4.2', 'wbrules'];
const shownPort = '127.0.0.1:8080';

/** One thing the tour tells the reader to do. */
type Step =
  | { readonly kind: 'save'; readonly path: string; readonly text: string; readonly line: number }
  | { readonly kind: 'run'; readonly command: string; readonly shown: readonly string[]; readonly line: number };

/** The shell words of a command line: quotes, backslash escapes, and a `#` comment. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) throw new Error(`unclosed quote in: ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      for (; j < line.length && line[j] !== '"'; j++) text += line[j] === '\\' ? (line[++j] ?? '') : line[j];
      if (j >= line.length) throw new Error(`unclosed quote in: ${line}`);
      word = (word ?? '') + text;
      i = j;
    } else if (c === '\\') word = (word ?? '') + (line[++i] ?? '');
    else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '#' && word === undefined) break;
    else word = (word ?? '') + c;
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** The tour's steps, in order, from its prose ("Save this as `PATH`:") and its `console` blocks. */
function tourSteps(blocks: readonly Block[]): Step[] {
  const steps: Step[] = [];
  let saveAs: string | undefined;
  for (const block of blocks) {
    if (block.kind === 'text') {
      const prose = block.lines.join('\n').trimEnd();
      saveAs = /Save this as `([^`]+)`:$/.exec(prose)?.[1];
      continue;
    }
    if (block.info === 'console') {
      for (const [i, line] of block.lines.entries()) {
        if (line.startsWith('$ ')) {
          steps.push({ kind: 'run', command: line.slice(2), shown: [], line: block.line + 1 + i });
        } else {
          const last = steps[steps.length - 1];
          if (last?.kind !== 'run') throw new Error(`README.md:${block.line + 1 + i}: output before any "$ " command`);
          (last.shown as string[]).push(line);
        }
      }
    } else if (saveAs !== undefined) {
      steps.push({ kind: 'save', path: saveAs, text: `${block.lines.join('\n')}\n`, line: block.line });
    } else {
      throw new Error(
        `README.md:${block.line}: a tour code block is either a file ("Save this as \`PATH\`:" before it) or a \`console\` session`,
      );
    }
    saveAs = undefined;
  }
  return steps;
}

/** A regular expression for the output shown: `…` alone is any lines, `…` in a line any text. */
function shownPattern(shown: readonly string[]): RegExp {
  const lines = [...shown];
  while (lines.length > 0 && (lines[lines.length - 1] as string).trim() === '') lines.pop();
  const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const body = lines
    .map((line) => (line.trim() === '…' ? '(?:[^\\n]*\\n)*?' : `${line.split('…').map(escapeRegExp).join('.*?')}\\n`))
    .join('');
  return new RegExp(`^${body}$`);
}

const steps = tourSteps(section(readme, tourTitle));
const cwd = tempDir();
cpSync(join(root, 'examples'), join(cwd, 'examples'), { recursive: true });
// A clean slate: no key, server, wandb settings or proxy from the machine running the test.
const env: Record<string, string> = {
  HOME: tempDir(),
  NETRC: '',
  WANDB_API_KEY: '',
  WANDB_BASE_URL: '',
  WANDB_CONFIG_DIR: tempDir(),
  HTTP_PROXY: '',
  HTTPS_PROXY: '',
  http_proxy: '',
  https_proxy: '',
};
let server: DevServerProcess | undefined;
afterAll(async () => {
  await server?.stop();
});

/** `127.0.0.1:8080` as the tour shows it, made the port of the server the test started. */
const here = (text: string) => (server === undefined ? text : text.replaceAll(shownPort, server.baseUrl.slice(7)));
/** The other way round, for comparing output with what the tour shows. */
const asShown = (text: string) => (server === undefined ? text : text.replaceAll(server.baseUrl.slice(7), shownPort));

describe("README.md's five-minute tour", () => {
  test('starts with the two commands, and the tour saves files, checks, tests, serves, plans and applies', () => {
    expect(readme.split('\n').slice(0, 5).join('\n')).toMatch(
      /^# .*\n\n```sh\nnpx -y pnpm@12\.4\.2 install --frozen-lockfile && npx -y pnpm@12\.4\.2 demo .*\nnpx -y pnpm@12\.4\.2 install --frozen-lockfile && npx -y pnpm@12\.4\.2 test .*$/,
    );
    const commands = steps.flatMap((s) =>
      s.kind === 'run' && s.command.startsWith(`${launcher.join(' ')} `) ? [shellWords(s.command)[4]] : [],
    );
    expect(steps.some((s) => s.kind === 'save')).toBe(true);
    expect(commands).toEqual(expect.arrayContaining(['check', 'test', 'dev-server', 'plan', 'apply']));
  });

  for (const step of steps) {
    if (step.kind === 'save') {
      test(`line ${step.line}: save ${step.path}`, () => {
        mkdirSync(dirname(join(cwd, step.path)), { recursive: true });
        writeFileSync(join(cwd, step.path), step.text);
      });
      continue;
    }
    test(`line ${step.line}: $ ${step.command}`, async () => {
      const words = shellWords(step.command);
      if (words[0] === 'export') {
        for (const assignment of words.slice(1)) {
          const eq = assignment.indexOf('=');
          expect(eq, `not an assignment: ${assignment}`).toBeGreaterThan(0);
          env[assignment.slice(0, eq)] = assignment.slice(eq + 1);
        }
        return;
      }
      expect(words.slice(0, 4), 'a tour command runs wbrules (or is an export)').toEqual(launcher);
      const args = words.slice(4);
      let output: string;
      if (args[0] === 'dev-server') {
        // In the background, on a free port (the test's --port 0 replaces the tour's --port).
        const rest = args.slice(1).filter((arg, i, all) => arg !== '--port' && all[i - 1] !== '--port');
        server = await startDevServerProcess(rest, cwd);
        output = server.stdout();
      } else {
        const resolvedEnv = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, here(v)]));
        const result = wbrules(args.map(here), { cwd, env: resolvedEnv });
        expect(result.status, `exit status; stderr:\n${result.stderr}`).toBe(0);
        output = result.stdout + result.stderr;
      }
      if (step.shown.some((line) => line.trim() !== '')) {
        expect(`${asShown(output).trimEnd()}\n`).toMatch(shownPattern(step.shown));
      }
    });
  }
});
