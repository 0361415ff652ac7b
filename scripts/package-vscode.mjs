// `pnpm package:vscode`: the VS Code extension as an installable .vsix
// (packages/vscode/dist/wbrules-vscode-VERSION.vsix). The server is bundled
// (scripts/build-extras.mjs), so packaging runs with `--no-dependencies` and
// needs no node_modules in the extension folder.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleLanguageServer, bundleVscodeExtension } from './build-extras.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const extension = join(root, 'packages/vscode');

/** Bundles and packages the extension into `out` (default: dist/NAME-VERSION.vsix); returns its path. */
export async function packageVscode(out) {
  const { name, version } = JSON.parse(readFileSync(join(extension, 'package.json'), 'utf8'));
  const target = out ?? join(extension, 'dist', `${name}-${version}.vsix`);
  await bundleLanguageServer();
  await bundleVscodeExtension();
  const vsce = join(extension, 'node_modules/@vscode/vsce/vsce');
  const run = spawnSync(
    process.execPath,
    [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', target],
    { cwd: extension, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (run.status !== 0) throw new Error(`vsce package failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  return target;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await packageVscode(process.argv[2]));
}
