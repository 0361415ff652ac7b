// Bundles the `wbrules` command: packages/cli/dist/wbrules.mjs plus chunks.
// The same file is the package's API (`import { run } from 'wbrules'`): it
// exports what src/index.ts does, so the published package has no
// dependencies at all.
//
// Why: importing chevrotain (and its lodash-es) unbundled costs ~300 ms, so
// the command would start slowly. Each command is its own chunk, loaded when
// it runs, so `wbrules parse` never compiles the compiler's code. The
// sibling packages are bundled from source through the `wbrules-source`
// export condition, so the bundle does not depend on `tsc -b` having run.
// The CLI's version is inlined so `--version` reads no file.
// The JSON Schemas of schemas/ are copied into packages/cli/schemas/.
//
// Files are written to temporary names and renamed, chunks before the entry,
// so a concurrent run of the command (or of this script, as the CLI tests
// may do) never sees a half-written bundle.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages/cli');
const outdir = join(cli, 'dist');
const chunks = join(outdir, 'chunks');
const { version } = JSON.parse(readFileSync(join(cli, 'package.json'), 'utf8'));
// SARIF rules link to docs/diagnostics.md on the repository's web page (root package.json's repository).
const { repository } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const repositoryWeb = repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
const diagnosticsUrl = `${repositoryWeb}/blob/main/docs/diagnostics.md`;
// `wbrules init` writes these (packages/cli/templates/); inlined, since the bundle reads no file of its own.
const templatesDir = join(cli, 'templates');
const templateNames = readdirSync(templatesDir).sort();
const templates = Object.fromEntries(
  templateNames.map((name) => [name, readFileSync(join(templatesDir, name), 'utf8')]),
);

// commander requires node:child_process at load time, for executable subcommands, which wbrules has
// none of; loading it (with net and dgram) costs every start a millisecond or two: load it on first use.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-builtin' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({
      contents: "let m;module.exports={spawn:(...a)=>(m??=require('node:child_process')).spawn(...a)};",
      loader: 'js',
    }));
  },
};

const result = await build({
  absWorkingDir: root,
  entryPoints: { wbrules: join(cli, 'src/index.ts') },
  outdir,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['wbrules-source'],
  minify: true,
  // For debugging here; the published package leaves the maps out (see its `files`).
  sourcemap: 'external',
  legalComments: 'eof',
  // commander is CommonJS and calls require() for Node built-ins, which an ES module does not have.
  banner: {
    js: "import{createRequire as __wbrulesRequire}from'node:module';const require=__wbrulesRequire(import.meta.url);",
  },
  define: {
    __WBRULES_VERSION__: JSON.stringify(version),
    __WBRULES_DIAGNOSTICS_URL__: JSON.stringify(diagnosticsUrl),
    // A JSON string (init.ts parses it): an object here would become a module every chunk initializes.
    __WBRULES_INIT_TEMPLATES__: JSON.stringify(JSON.stringify(templates)),
  },
  plugins: [lazyChildProcess],
  write: false,
  metafile: true,
  logLevel: 'warning',
}).catch(() => {
  // esbuild has already printed the errors with their locations.
  process.exit(1);
});

// The workspace sources the bundle was built from, so a test can tell when it is stale.
const inputs = Object.keys(result.metafile.inputs)
  .filter((path) => !path.includes('node_modules/'))
  .concat(['scripts/bundle-cli.mjs', 'packages/cli/package.json', 'package.json'])
  .concat(templateNames.map((name) => `packages/cli/templates/${name}`))
  .sort();

const entry = join(outdir, 'wbrules.mjs');
const order = [...result.outputFiles].sort(
  (a, b) => Number(a.path.startsWith(entry)) - Number(b.path.startsWith(entry)),
);
mkdirSync(chunks, { recursive: true });
const inputsFile = join(outdir, 'wbrules.inputs.json');
writeFileSync(`${inputsFile}.${process.pid}.tmp`, `${JSON.stringify(inputs, null, 2)}\n`);
renameSync(`${inputsFile}.${process.pid}.tmp`, inputsFile);
for (const file of order) {
  const temp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(temp, file.contents);
  renameSync(temp, file.path);
}
// Chunks of earlier builds (their names hash their content) are no longer referenced.
const current = new Set(result.outputFiles.map((file) => file.path));
for (const name of readdirSync(chunks)) {
  const path = join(chunks, name);
  if (!current.has(path) && !name.endsWith('.tmp')) rmSync(path, { force: true });
}

// The JSON Schemas of the files wbrules reads (schemas/, the ones to edit) ship
// in the package as wbrules/schemas/*.json, for editors and validators.
const schemasFrom = join(root, 'schemas');
const schemasTo = join(cli, 'schemas');
mkdirSync(schemasTo, { recursive: true });
for (const name of readdirSync(schemasFrom).filter((n) => n.endsWith('.schema.json'))) {
  const temp = join(schemasTo, `${name}.${process.pid}.tmp`);
  writeFileSync(temp, readFileSync(join(schemasFrom, name)));
  renameSync(temp, join(schemasTo, name));
}
