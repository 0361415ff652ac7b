// Bundles the `wbrules` command: packages/cli/dist/cjs/*.cjs, and dist/wbrules.mjs for the API.
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
import { createHash } from 'node:crypto';
import { createRequire, isBuiltin } from 'node:module';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const minify = process.env.WBRULES_BUNDLE_MINIFY !== '0';
const cli = join(root, 'packages/cli');
const outdir = join(cli, 'dist');
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

// fdir (tinyglobby's walker) probes at load time for a picomatch installed beside it, for a feature
// tinyglobby does not use; the probe searches node_modules directories on every start (~1 ms). Not in the bundle.
const noPicomatchProbe = {
  name: 'no-picomatch-probe',
  setup(b) {
    b.onLoad({ filter: /[\\/]fdir[\\/]dist[\\/]index\.mjs$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const probe =
        /try\s*\{\s*__require\.resolve\("picomatch"\);\s*pm = __require\("picomatch"\);\s*\}\s*catch\s*\{\s*\}/;
      if (!probe.test(text))
        throw new Error(`${args.path}: the picomatch probe changed; update scripts/bundle-cli.mjs`);
      return { contents: text.replace(probe, ''), loader: 'js' };
    });
  },
};

// Every file of dist/cjs is a function script, strict as the ES module it was.
const wrap = (code) =>
  `(function (exports, require, module, __filename, __dirname, __wbrulesImportMetaUrl) {'use strict';${code}\n})`;
/** `text` with every character beyond printable ASCII spelled as a `\\u` escape (see below). */
const asciiOnly = (text) => text.replace(/[^\t\n\r -~]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

// re2js (150 kB, Unicode tables built on load) checks `matches` patterns, and most patterns are plain
// enough not to need it (checks/filter-regex.ts): the command loads it on first use. It is a file of its
// own, dist/cjs/re2js-HASH.cjs, and the bundle imports a stand-in that requires it when first called.
const re2jsBuild = await build({
  absWorkingDir: root,
  entryPoints: [createRequire(join(root, 'packages/compiler/package.json')).resolve('re2js')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify,
  legalComments: 'eof',
  write: false,
  logLevel: 'warning',
});
const re2jsText = asciiOnly(wrap(re2jsBuild.outputFiles[0].text));
const re2jsName = `re2js-${createHash('sha256').update(re2jsText).digest('base64url').slice(0, 12)}.cjs`;
const lazyRe2js = {
  name: 'lazy-re2js',
  setup(b) {
    b.onResolve({ filter: /^re2js$/ }, () => ({ path: 're2js', namespace: 'lazy-re2js' }));
    b.onResolve({ filter: /^\.\/re2js-[\w-]+\.cjs$/ }, (args) => ({ path: args.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-re2js' }, () => ({
      contents: [
        'let real;',
        `const load = () => (real ??= require('./${re2jsName}'));`,
        // What the compiler and the evaluator use: RE2JS's statics, and RE2JSSyntaxException for instanceof.
        'export const RE2JS = new Proxy({}, { get: (_, key) => load().RE2JS[key] });',
        'export const RE2JSSyntaxException = { [Symbol.hasInstance]: (error) => error instanceof load().RE2JSSyntaxException };',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

// Chevrotain (with lodash, ~135 kB) is needed only to report a syntax error: a well-formed file is
// parsed by the fast path (packages/dsl/src/fast-parser.ts) and never builds the Chevrotain parser.
// So grammar-parser.ts is an entry of its own, dist/cjs/grammar-parser-HASH.cjs with Chevrotain in
// the files it loads, and parse.ts imports a stand-in that requires it when the first parser is built.
const lazyGrammarParser = {
  name: 'lazy-grammar-parser',
  setup(b) {
    b.onResolve({ filter: /^\.\/grammar-parser\.js$/ }, (args) =>
      /[\\/]packages[\\/]dsl[\\/]src[\\/]parse\.ts$/.test(args.importer)
        ? { path: 'grammar-parser', namespace: 'lazy-grammar-parser' }
        : undefined,
    );
    b.onResolve({ filter: /^wbrules-entry:/ }, (args) => ({ path: args.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-grammar-parser' }, () => ({
      contents: [
        'let real;',
        // Renamed to the entry's file below (its name is the hash of its text, known after the build).
        "const load = () => (real ??= require('wbrules-entry:grammar-parser'));",
        // What parse.ts uses: the class, to construct the parser.
        'export function WbrulesParser(options) { return new (load().WbrulesParser)(options); }',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

const result = await build({
  absWorkingDir: root,
  entryPoints: {
    wbrules: join(cli, 'src/index.ts'),
    'grammar-parser': join(root, 'packages/dsl/src/grammar-parser.ts'),
  },
  outdir,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['wbrules-source'],
  // WBRULES_BUNDLE_MINIFY=0 keeps names, for reading a --cpu-prof profile (docs/contributing.md, "Start-up").
  minify,
  legalComments: 'eof',
  define: {
    __WBRULES_VERSION__: JSON.stringify(version),
    __WBRULES_DIAGNOSTICS_URL__: JSON.stringify(diagnosticsUrl),
    // A JSON string (init.ts parses it): an object here would become a module every chunk initializes.
    __WBRULES_INIT_TEMPLATES__: JSON.stringify(JSON.stringify(templates)),
  },
  plugins: [lazyChildProcess, noPicomatchProbe, lazyRe2js, lazyGrammarParser],
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
const inputsFile = join(outdir, 'wbrules.inputs.json');
writeFileSync(`${inputsFile}.${process.pid}.tmp`, `${JSON.stringify(inputs, null, 2)}\n`);
renameSync(`${inputsFile}.${process.pid}.tmp`, inputsFile);
// Earlier builds wrote the ES module chunks themselves here, with source maps.
rmSync(join(outdir, 'chunks'), { recursive: true, force: true });
rmSync(`${entry}.map`, { force: true });

// What ships: every file esbuild emitted, as a CommonJS function script
// dist/cjs/NAME-HASH.cjs, which bin/load.cjs runs through node:vm with a V8
// code cache (Node 20 has none for ES modules: compiling the ~600 kB a
// `check` loads costs ~17 ms of every start, reading the cache ~3 ms).
// Each file is named by the hash of its content, so a cached compilation is
// never used for other code: V8 itself checks only the source's length.
// dist/cjs/entry names the entry's file; dist/wbrules.mjs, the package's API
// (`import { run } from 'wbrules'`), re-exports it. docs/contributing.md, "Start-up".
const cjsDir = join(outdir, 'cjs');
const esmFiles = result.outputFiles.filter((file) => file.path.endsWith('.mjs'));
const cjsCode = new Map();
for (const file of esmFiles) {
  // commander calls require() for Node built-ins: the function script gets Node's `require` as a parameter.
  const { code } = await transform(file.text, {
    format: 'cjs',
    target: 'node20',
    // `import()` of a chunk becomes a `require` in a promise: the loader serves it from dist/cjs.
    supported: { 'dynamic-import': false },
    define: { 'import.meta.url': '__wbrulesImportMetaUrl' },
    minify,
    legalComments: 'eof',
    logLevel: 'warning',
  });
  // `import.meta.url` becomes a call: the launcher works the URL out only for the few files that ask
  // (node:url and a path-to-URL conversion for every file cost a check ~0.5 ms).
  cjsCode.set(file.path, code.replace(/\b__wbrulesImportMetaUrl\b/g, '__wbrulesImportMetaUrl()'));
}
// Each file's final text (its requires renamed) and name: NAME-HASH.cjs, HASH of that text. Files
// are named after the files they require, so a change anywhere renames every file that loads it.
const cjsFiles = new Map();
const nameOf = (path) => {
  const known = cjsFiles.get(path);
  if (known !== undefined) return known.name;
  const code = cjsCode
    .get(path)
    .replace(/require\("(\.{1,2}\/[^"]+\.mjs)"\)/g, (_, specifier) => {
      const target = join(dirname(path), specifier);
      if (!cjsCode.has(target))
        throw new Error(`${relative(root, path)} requires ${specifier}, which the build did not emit`);
      return `require("./${nameOf(target)}")`;
    })
    // A stand-in's require of another entry (lazyGrammarParser).
    .replace(/"wbrules-entry:([\w-]+)"/g, (_, name) => {
      const target = join(outdir, `${name}.mjs`);
      if (!cjsCode.has(target))
        throw new Error(`${relative(root, path)} requires the entry ${name}, which the build did not emit`);
      return `"./${nameOf(target)}"`;
    });
  const codeOnly = code
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""')
    .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  if (/\bimport\(|\bimport\.meta\b/.test(codeOnly))
    throw new Error(`${relative(root, path)} keeps an import() or import.meta, which a function script cannot run`);
  for (const [, specifier] of code.matchAll(/\brequire\("([^"]+)"\)/g)) {
    if (!specifier.startsWith('./') && !isBuiltin(specifier))
      throw new Error(
        `${relative(root, path)} requires "${specifier}": the launcher serves only chunks and Node built-ins`,
      );
  }
  // bin/load.cjs reads the files as latin1: esbuild's default charset escapes anything beyond ASCII in
  // code, which leaves legal comments (a name in a license header): spelled as \u escapes there too.
  const text = asciiOnly(wrap(code));
  const hash = createHash('sha256').update(text).digest('base64url').slice(0, 12);
  const name = `${basename(path, '.mjs').replace(/-[A-Z0-9]{8}$/, '')}-${hash}.cjs`;
  cjsFiles.set(path, { name, text });
  return name;
};
mkdirSync(cjsDir, { recursive: true });
// re2js's file first (its name, the hash of its text, was fixed before the bundle was built).
writeFileSync(join(cjsDir, `${re2jsName}.${process.pid}.tmp`), re2jsText);
renameSync(join(cjsDir, `${re2jsName}.${process.pid}.tmp`), join(cjsDir, re2jsName));
for (const file of esmFiles) nameOf(file.path);
// The entry after every file it loads, and the `entry` pointer last.
for (const file of [...esmFiles.filter((f) => f.path !== entry), esmFiles.find((f) => f.path === entry)]) {
  const { name, text } = cjsFiles.get(file.path);
  writeFileSync(join(cjsDir, `${name}.${process.pid}.tmp`), text);
  renameSync(join(cjsDir, `${name}.${process.pid}.tmp`), join(cjsDir, name));
}
writeFileSync(join(cjsDir, `entry.${process.pid}.tmp`), `${cjsFiles.get(entry).name}\n`);
renameSync(join(cjsDir, `entry.${process.pid}.tmp`), join(cjsDir, 'entry'));
// The API: an ES module re-exporting the entry's exports, loaded as the command loads them.
const exported = result.metafile.outputs[relative(root, entry)]?.exports;
if (exported === undefined || exported.length === 0) throw new Error('the entry exports nothing');
writeFileSync(
  `${entry}.${process.pid}.tmp`,
  [
    "import { createRequire } from 'node:module';",
    "const bundle = createRequire(import.meta.url)('../bin/load.cjs').loadBundle();",
    ...exported.map((name) => `export const ${name} = bundle.${name};`),
    '',
  ].join('\n'),
);
renameSync(`${entry}.${process.pid}.tmp`, entry);
const currentCjs = new Set([...[...cjsFiles.values()].map((file) => file.name), re2jsName, 'entry']);
for (const name of readdirSync(cjsDir)) {
  if (!currentCjs.has(name) && !name.endsWith('.tmp')) rmSync(join(cjsDir, name), { force: true });
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
