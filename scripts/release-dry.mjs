// `pnpm release:dry [--keep]`: a rehearsal of a release that changes nothing here.
//
// In a scratch copy of the work tree (tracked files and new ones that are not
// ignored, so pending changesets count):
//   1. `changeset version` bumps versions and writes changelogs from .changeset/*.md;
//   2. scripts/sync-packages.mjs carries the new versions into what compiles them in;
//   3. install, build (tsc, the CLI bundle, the language server, the grammar files);
//   4. `pnpm publish -r --dry-run`: what each published package would upload.
// Then it prints each package's version before and after, and removes the
// copy (or, with --keep, says where it is).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const pnpm = ['-y', 'pnpm@12.4.2'];

function step(title, command, args, cwd) {
  console.log(`\n== ${title}: ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: { ...process.env, CI: 'true' } });
  if (result.status !== 0) {
    console.error(`release:dry: "${title}" failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

function versions(dir) {
  const out = new Map();
  const listed = spawnSync('git', ['ls-files', '-co', '--exclude-standard', 'packages/*/package.json'], {
    cwd: root,
    encoding: 'utf8',
  });
  for (const file of listed.stdout.split('\n').filter(Boolean)) {
    const manifest = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    if (manifest.private !== true) out.set(manifest.name, manifest.version);
  }
  return out;
}

const scratch = mkdtempSync(join(tmpdir(), 'wbrules-release-dry-'));
const copy = join(scratch, 'repo');
const files = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' });
if (files.status !== 0) {
  console.error('release:dry: needs a git work tree (it copies the files git knows about)');
  process.exit(2);
}
for (const file of files.stdout.split('\0').filter(Boolean)) {
  mkdirSync(dirname(join(copy, file)), { recursive: true });
  try {
    cpSync(join(root, file), join(copy, file));
  } catch (error) {
    // A file deleted in the work tree but not yet in git's index.
    if (error.code !== 'ENOENT') throw error;
  }
}
console.log(`release:dry: scratch copy at ${copy}`);

const before = versions(copy);
step('install', 'npx', [...pnpm, 'install', '--frozen-lockfile', '--prefer-offline'], copy);
step('version', process.execPath, [join(copy, 'node_modules/@changesets/cli/bin.js'), 'version'], copy);
step('sync', process.execPath, ['scripts/sync-packages.mjs'], copy);
step('install', 'npx', [...pnpm, 'install', '--no-frozen-lockfile', '--prefer-offline'], copy);
step('build', process.execPath, ['node_modules/typescript/bin/tsc', '-b'], copy);
step('bundle', process.execPath, ['scripts/bundle-cli.mjs'], copy);
step('extras', process.execPath, ['scripts/build-extras.mjs', '--server', '--grammar'], copy);
step('publish (dry run)', 'npx', [...pnpm, 'publish', '-r', '--dry-run', '--no-git-checks'], copy);

const after = versions(copy);
console.log('\nrelease:dry: versions (nothing was published or changed in this work tree)');
for (const [name, version] of after) console.log(`  ${name.padEnd(26)} ${before.get(name)} -> ${version}`);
if (keep) console.log(`release:dry: the copy is kept at ${copy}`);
else rmSync(scratch, { recursive: true, force: true });
