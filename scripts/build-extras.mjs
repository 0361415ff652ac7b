// Builds what embeds the language, after `tsc -b`:
//   - the language server, bundled into one file that needs no node_modules
//     (packages/language-server/dist/wbrules-language-server.cjs);
//   - the VS Code extension: its client bundled with vscode-languageclient,
//     the server, the TextMate grammar and the rule-test JSON Schema
//     copied beside it (packages/vscode/dist/);
//   - the playground page, built with Vite, with the language server's
//     Web Worker beside it (packages/playground/dist/);
//   - the grammar files @wbrules/dsl ships (packages/dsl/grammar/: the
//     TextMate grammar, the EBNF and the railroad-diagram page, copied from
//     the repository's grammar/ folder, which stays the one to edit).
//
// `node scripts/build-extras.mjs` builds all four; `--server`, `--vscode`,
// `--playground` or `--grammar` builds only those (tests use them to rebuild
// what is missing). Files are written to temporary names and renamed, so a test that
// spawns the server never sees a half-written bundle.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function writeAtomically(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, contents);
  renameSync(temp, path);
}

function copyAtomically(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  const temp = `${to}.${process.pid}.tmp`;
  copyFileSync(from, temp);
  renameSync(temp, to);
}

async function bundle(options) {
  const result = await build({
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    conditions: ['wbrules-source'],
    minify: true,
    legalComments: 'eof',
    write: false,
    logLevel: 'warning',
    ...options,
  });
  for (const file of result.outputFiles) writeAtomically(file.path, file.contents);
}

/** The language server as one CommonJS file (vscode-languageserver is CommonJS). */
export async function bundleLanguageServer() {
  await bundle({
    entryPoints: [join(root, 'packages/language-server/src/main.ts')],
    outfile: join(root, 'packages/language-server/dist/wbrules-language-server.cjs'),
    banner: { js: '#!/usr/bin/env node' },
  });
}

/** The extension's client (the `vscode` module is VS Code's own), the server, the grammar and the test-file schema. */
export async function bundleVscodeExtension() {
  const dist = join(root, 'packages/vscode/dist');
  await bundle({
    entryPoints: [join(root, 'packages/vscode/src/extension.ts')],
    outfile: join(dist, 'extension.cjs'),
    external: ['vscode'],
  });
  copyAtomically(join(root, 'packages/language-server/dist/wbrules-language-server.cjs'), join(dist, 'server.cjs'));
  copyAtomically(join(root, 'grammar/wbrules.tmLanguage.json'), join(dist, 'wbrules.tmLanguage.json'));
  // For `yamlValidation` (read by Red Hat's YAML extension): *.wbrules-test.yaml files get completion and checks.
  copyAtomically(join(root, 'schemas/wbrules-test.schema.json'), join(dist, 'wbrules-test.schema.json'));
}

/** The files of grammar/ that @wbrules/dsl ships, relative to grammar/. */
export const shippedGrammarFiles = ['wbrules.tmLanguage.json', 'wbrules.ebnf', 'diagrams.html', 'diagrams'];

/** Copies the shipped grammar files into packages/dsl/grammar/ (replacing what was there). */
export function copyGrammar() {
  const target = join(root, 'packages/dsl/grammar');
  const temp = `${target}.${process.pid}.tmp`;
  rmSync(temp, { recursive: true, force: true });
  for (const name of shippedGrammarFiles) cpSync(join(root, 'grammar', name), join(temp, name), { recursive: true });
  rmSync(target, { recursive: true, force: true });
  renameSync(temp, target);
}

/** The playground page and its language-server worker; prints the gzipped size of their JavaScript. */
export function buildPlayground() {
  const playground = join(root, 'packages/playground');
  const vite = join(playground, 'node_modules/vite/bin/vite.js');
  const run = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: playground,
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error(`vite build failed with status ${run.status}`);
  const report = JSON.parse(readFileSync(join(playground, 'dist/bundle-size.json'), 'utf8'));
  console.log(
    `playground: ${report.file} ${(report.bytes / 1024).toFixed(1)} kB, ${(report.gzipBytes / 1024).toFixed(1)} kB gzipped (target < 400 kB)`,
  );
  if (report.worker !== undefined) {
    console.log(
      `playground: ${report.worker.file} (the language server) ${(report.worker.bytes / 1024).toFixed(1)} kB, ${(report.worker.gzipBytes / 1024).toFixed(1)} kB gzipped`,
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const only = process.argv.slice(2);
  const want = (name) => only.length === 0 || only.includes(`--${name}`);
  if (want('server') || want('vscode')) await bundleLanguageServer();
  if (want('vscode')) await bundleVscodeExtension();
  if (want('playground')) buildPlayground();
  if (want('grammar')) copyGrammar();
}
