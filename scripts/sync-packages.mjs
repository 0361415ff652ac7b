// `node scripts/sync-packages.mjs [--check]`: what every published package
// takes from the root, written once there and copied here so it cannot drift.
//
//   - `license`, `repository` (with the package's `directory`), `homepage`,
//     `bugs`, `engines` and `author` from the root package.json;
//   - `publishConfig.access: public`;
//   - the root LICENSE, as each package's LICENSE file;
//   - for packages that report their own version at run time (the language
//     server's `serverInfo`), `src/package-version.ts` from their package.json.
//
// Without `--check` it writes what differs and says which files; with
// `--check` it writes nothing and exits 1 listing them (a test runs that).
// `pnpm release:dry` runs it after `changeset version` bumps the versions.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Packages whose version is compiled into their code, and where. */
const versionModules = { '@wbrules/language-server': 'src/package-version.ts' };

/** Every workspace package: its folder (relative to the root), manifest and whether it is published. */
export function workspacePackages() {
  return readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = `packages/${entry.name}`;
      const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
      return { dir, manifest, published: manifest.private !== true };
    })
    .sort((a, b) => a.dir.localeCompare(b.dir));
}

/** The text of a package's generated version module. */
export function versionModule(version) {
  return [
    '// Generated from package.json by scripts/sync-packages.mjs (run by `pnpm release:dry`',
    '// after `changeset version`); a test fails while the two differ. Do not edit.',
    '',
    '/** The version of this package, as its package.json gives it. */',
    `export const packageVersion: string = '${version}';`,
    '',
  ].join('\n');
}

/** The files that differ from what the root says, each with its wanted text. */
export function packageSyncChanges() {
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const license = readFileSync(join(root, 'LICENSE'), 'utf8');
  const changes = [];
  const want = (path, text) => {
    let current;
    try {
      current = readFileSync(join(root, path), 'utf8');
    } catch {
      current = undefined;
    }
    if (current !== text) changes.push({ path, text });
  };
  for (const { dir, manifest, published } of workspacePackages()) {
    const versionFile = versionModules[manifest.name];
    if (versionFile !== undefined) want(join(dir, versionFile), versionModule(manifest.version));
    if (!published) continue;
    const synced = { ...manifest };
    synced.license = rootManifest.license;
    synced.author = rootManifest.author;
    synced.repository = { ...rootManifest.repository, directory: dir };
    synced.homepage = rootManifest.homepage;
    synced.bugs = rootManifest.bugs;
    synced.engines = { ...manifest.engines, node: rootManifest.engines.node };
    synced.publishConfig = { ...manifest.publishConfig, access: 'public' };
    want(join(dir, 'package.json'), `${JSON.stringify(orderKeys(synced), null, 2)}\n`);
    want(join(dir, 'LICENSE'), license);
  }
  return changes;
}

/** package.json keys in the order npm's docs list them, the rest after in their own order. */
function orderKeys(manifest) {
  const order = [
    'name',
    'version',
    'description',
    'keywords',
    'homepage',
    'bugs',
    'license',
    'author',
    'repository',
    'type',
    'sideEffects',
    'engines',
    'bin',
    'exports',
    'files',
    'scripts',
    'dependencies',
    'devDependencies',
    'publishConfig',
  ];
  const ordered = {};
  for (const key of order) if (key in manifest) ordered[key] = manifest[key];
  for (const key of Object.keys(manifest)) if (!(key in ordered)) ordered[key] = manifest[key];
  return ordered;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const changes = packageSyncChanges();
  if (check) {
    if (changes.length > 0) {
      console.error(`out of date with the root (run "node scripts/sync-packages.mjs"):`);
      for (const { path } of changes) console.error(`  ${path}`);
      process.exitCode = 1;
    }
  } else {
    for (const { path, text } of changes) {
      writeFileSync(join(root, path), text);
      console.log(`updated ${path}`);
    }
  }
}
