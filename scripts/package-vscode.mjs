// `pnpm package:vscode`: the VS Code extension as an installable .vsix
// (packages/vscode/dist/wbrules-vscode-VERSION.vsix). The server is bundled
// (scripts/build-extras.mjs), so packaging runs with `--no-dependencies` and
// needs no node_modules in the extension folder.
//
// vsce packs a staging folder, not packages/vscode itself: its manifest is
// the extension's package.json without `devDependencies` and `scripts` (the
// workspace's `workspace:*` specifiers mean nothing to VS Code), with the
// repository links of the root package.json, and only the files the
// extension needs beside it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleLanguageServer, bundleVscodeExtension } from './build-extras.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const extension = join(root, 'packages/vscode');

/** What goes into the .vsix besides package.json, relative to packages/vscode. */
const extensionFiles = [
  'README.md',
  'LICENSE',
  'language-configuration.json',
  'dist/extension.cjs',
  'dist/server.cjs',
  'dist/wbrules.tmLanguage.json',
  'dist/wbrules-test.schema.json',
];

/** The manifest the .vsix carries: the extension's own, less what only the workspace reads. */
export function vsixManifest() {
  const manifest = JSON.parse(readFileSync(join(extension, 'package.json'), 'utf8'));
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const { devDependencies: _dev, scripts: _scripts, private: _private, ...rest } = manifest;
  return {
    ...rest,
    repository: { ...rootManifest.repository, directory: 'packages/vscode' },
    homepage: rootManifest.homepage,
    bugs: rootManifest.bugs,
  };
}

/** Bundles and packages the extension into `out` (default: dist/NAME-VERSION.vsix); returns its path. */
export async function packageVscode(out) {
  const manifest = vsixManifest();
  const target = out ?? join(extension, 'dist', `${manifest.name}-${manifest.version}.vsix`);
  await bundleLanguageServer();
  await bundleVscodeExtension();
  const stage = mkdtempSync(join(tmpdir(), 'wbrules-vsix-stage-'));
  try {
    writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    for (const file of extensionFiles) {
      mkdirSync(dirname(join(stage, file)), { recursive: true });
      copyFileSync(join(extension, file), join(stage, file));
    }
    const vsce = join(extension, 'node_modules/@vscode/vsce/vsce');
    const run = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', target], {
      cwd: stage,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (run.status !== 0) throw new Error(`vsce package failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  return target;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await packageVscode(process.argv[2]));
}
