import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll } from 'vitest';

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** An entry module that imports a `.wbrules` file and re-exports its automations. */
export const entryText = "import automations from './alerts.wbrules';\nexport default automations;\n";

/** The quickstart example with its integration `ci` declared but unused: warning WR3025. */
export const unusedIntegration =
  'webhook ci = "github-dispatch"\nin project "acme/vision"\n\nautomation "failed" on run state failed -> nothing\n';

/** A file with one syntax error, at 3:22 (WR1101). */
export const syntaxError = 'in project "acme/vision"\n\non run metric "loss" -> nothing\n';

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/**
 * A fresh project folder: `entry.js` importing `alerts.wbrules`, which holds
 * `alerts` (default: examples/quickstart.wbrules).
 */
export function project(alerts?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'wbrules-unplugin-'));
  temps.push(dir);
  writeFileSync(join(dir, 'entry.js'), entryText);
  if (alerts === undefined) copyFileSync(join(root, 'examples/quickstart.wbrules'), join(dir, 'alerts.wbrules'));
  else writeFileSync(join(dir, 'alerts.wbrules'), alerts);
  return dir;
}

/** What `wbrules compile <args>` prints, run by the real command in `cwd`, parsed. */
export function cliCompile(cwd: string, args: readonly string[]): unknown {
  if (!existsSync(join(root, 'packages/cli/dist/wbrules.mjs'))) {
    execFileSync(process.execPath, [join(root, 'scripts/bundle-cli.mjs')], { stdio: 'inherit' });
  }
  const bin = join(root, 'packages/cli/bin/wbrules.cjs');
  return JSON.parse(
    execFileSync(process.execPath, [bin, 'compile', ...args], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

let bundles = 0;

/** The default export of an ES module bundle, imported from a file in `dir`. */
export async function defaultExport(dir: string, code: string): Promise<unknown> {
  const out = join(dir, 'out');
  mkdirSync(out, { recursive: true });
  const file = join(out, `bundle-${bundles++}.mjs`);
  writeFileSync(file, code);
  return ((await import(/* @vite-ignore */ pathToFileURL(file).href)) as { default: unknown }).default;
}
