import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
/** The real command, as `package.json`'s `bin` names it. */
export const bin = join(root, 'packages/cli/bin/wbrules.cjs');
const bundle = join(root, 'packages/cli/dist/wbrules.mjs');
const inputsList = join(root, 'packages/cli/dist/wbrules.inputs.json');

/**
 * Whether the bundle is missing or older than any workspace file it was built
 * from (the build script lists them in `dist/wbrules.inputs.json`). An input
 * that no longer exists means the sources moved on: rebuild.
 */
function bundleIsStale(): boolean {
  let built: number;
  let inputs: string[];
  try {
    built = statSync(bundle).mtimeMs;
    inputs = JSON.parse(readFileSync(inputsList, 'utf8')) as string[];
  } catch {
    return true;
  }
  return inputs.some((input) => {
    try {
      return statSync(join(root, input)).mtimeMs > built;
    } catch {
      return true;
    }
  });
}

/**
 * Builds the bundle when it is stale, so the tests run the code under test on
 * a clean clone and after every edit. Test files may run this at once; the
 * build script renames complete files into place, so a concurrent build is
 * only wasted work.
 */
export function ensureBundle(): void {
  if (bundleIsStale()) execFileSync(process.execPath, [join(root, 'scripts/bundle-cli.mjs')], { stdio: 'inherit' });
}

/** What one run of the command did. */
export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options for {@link wbrules}. */
export interface RunOptions {
  readonly cwd?: string;
  /** Written to the command's stdin. */
  readonly input?: string;
  /** Added to a clean environment (no colour variables, no debug flag). */
  readonly env?: Readonly<Record<string, string>>;
  /** Another copy of the launcher to run (default: the package's `bin/wbrules.cjs`). */
  readonly bin?: string;
}

/**
 * Variables of the developer's environment a test must not inherit: colour
 * and debug switches, and what points the command at a server or a proxy
 * (a developer's HTTP_PROXY would otherwise route the local server's requests).
 */
const isolatedVariables = [
  'NO_COLOR',
  'FORCE_COLOR',
  'WBRULES_DEBUG',
  'WBRULES_COMPILE_CACHE',
  'NODE_OPTIONS',
  'TERM',
  'WANDB_ENTITY',
  'WANDB_BASE_URL',
  'WANDB_CONFIG_DIR',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
];

/** This process's environment less {@link isolatedVariables}, plus `extra`. */
function commandEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of isolatedVariables) delete env[name];
  return { ...env, ...extra };
}

/** Options for {@link wbrulesAsync}. */
export interface AsyncRunOptions extends Omit<RunOptions, 'input'> {
  /** Stop the command (SIGTERM; status `null`) if it has not exited after this long. Default 20 s. */
  readonly timeoutMs?: number;
  /** Read nothing of stdout for this long first (a slow reader: the pipe fills and the command waits). */
  readonly readAfterMs?: number;
}

/**
 * Runs the real `wbrules` binary without blocking this process, so a server
 * running in this process (a proxy, a stand-in W&B) can answer it; the same
 * environment rules as {@link wbrules}.
 */
export function wbrulesAsync(args: readonly string[], options: AsyncRunOptions = {}): Promise<RunResult> {
  const child = spawn(process.execPath, [options.bin ?? bin, ...args], {
    cwd: options.cwd,
    env: commandEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  if (options.readAfterMs !== undefined) {
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), options.readAfterMs);
  }
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs ?? 20_000);
  return new Promise((resolve) => {
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Runs the real `wbrules` binary with `node`, as a user would. */
export function wbrules(args: readonly string[], options: RunOptions = {}): RunResult {
  const result = spawnSync(process.execPath, [options.bin ?? bin, ...args], {
    cwd: options.cwd,
    input: options.input ?? '',
    env: commandEnv(options.env),
    encoding: 'utf8',
  });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/**
 * A fresh temporary directory holding `files` (relative paths → contents),
 * removed after the test file. Tests run the command with this as `cwd`, so
 * paths in its output are the short relative ones written here.
 */
export function tempDir(files: Readonly<Record<string, string>> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'wbrules-cli-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Every file under `dir`, as sorted relative paths (to prove no temporary file was left behind). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (path: string, prefix: string): void => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) walk(join(path, entry.name), rel);
      else out.push(rel);
    }
  };
  walk(dir, '');
  return out.sort();
}
