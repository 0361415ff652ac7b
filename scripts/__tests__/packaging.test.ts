/**
 * The packages as a user gets them: every package that is not private is
 * packed with pnpm (as `pnpm publish` would pack it), the tarballs are
 * installed with npm into a fresh project outside the repository, and used
 * there as a user would: plain Node ESM imports, a TypeScript check against
 * the installed types, the `wbrules` command, and each package README's
 * example. Packages are found by reading packages/*\/package.json, so a
 * package added later is covered without editing this file.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '@wbrules/compiler';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const pnpm = ['-y', 'pnpm@12.4.2'];
/** The most the `wbrules` package may take on disk once installed. */
const maxCliUnpackedBytes = 3 * 1024 * 1024;

interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly license?: string;
  readonly main?: string;
  readonly types?: string;
  readonly bin?: string | Readonly<Record<string, string>>;
  readonly exports?: unknown;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly [key: string]: unknown;
}

/** One packed package: its folder, tarball, the files in it and the manifest as packed. */
interface Packed {
  readonly dir: string;
  readonly name: string;
  readonly tarball: string;
  readonly files: readonly string[];
  readonly manifest: Manifest;
  readonly packedBytes: number;
  readonly unpackedBytes: number;
}

const published = readdirSync(join(root, 'packages'))
  .map((name) => `packages/${name}`)
  .filter((dir) => {
    try {
      return (JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as Manifest).private !== true;
    } catch {
      return false;
    }
  })
  .sort();

const work = mkdtempSync(join(tmpdir(), 'wbrules-packaging-'));
const tarballs = join(work, 'tarballs');
const consumer = join(work, 'consumer');
const packed = new Map<string, Packed>();

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function mustRun(command: string, args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): string {
  const result = run(command, args, cwd, env);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** Every file below `dir`, relative to it, with its size. */
function listFiles(dir: string, base = dir): { path: string; bytes: number }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path, base) : [{ path: relative(base, path), bytes: statSync(path).size }];
  });
}

/** Every file path an `exports` value names (conditions and subpaths flattened). */
function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(exportTargets);
}

/** The first fenced block of a language in a Markdown text. */
function firstBlock(markdown: string, language: string): string | undefined {
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(markdown);
  return match?.[1];
}

/** An environment in which npm and npx can reach no registry. */
const offline = { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false' };

beforeAll(() => {
  // What the packages ship must be built: the test command builds first, this
  // keeps the test right when run alone (each step is quick when up to date).
  mustRun(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b'], root);
  mustRun(process.execPath, [join(root, 'scripts/bundle-cli.mjs')], root);
  mustRun(process.execPath, [join(root, 'scripts/build-extras.mjs'), '--server', '--grammar'], root);

  mkdirSync(tarballs, { recursive: true });
  const filters = published.flatMap((dir) => ['--filter', `./${dir}`]);
  mustRun('npx', [...pnpm, '-r', ...filters, 'pack', '--pack-destination', tarballs], root);
  for (const dir of published) {
    const { name, version } = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as Manifest;
    const tarball = join(tarballs, `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`);
    const unpacked = join(work, 'unpacked', name);
    mkdirSync(unpacked, { recursive: true });
    mustRun('tar', ['-xzf', tarball, '-C', unpacked], root);
    const files = listFiles(join(unpacked, 'package'));
    packed.set(name, {
      dir,
      name,
      tarball,
      files: files.map((f) => f.path).sort(),
      manifest: JSON.parse(readFileSync(join(unpacked, 'package/package.json'), 'utf8')) as Manifest,
      packedBytes: statSync(tarball).size,
      unpackedBytes: files.reduce((sum, f) => sum + f.bytes, 0),
    });
  }

  // A fresh project outside the repository, with every tarball installed by
  // npm, and Node's types as a Node.js project has them (the runtime's types
  // name fetch's AbortSignal), at the repository's own version.
  mkdirSync(consumer);
  const consumerManifest = { name: 'consumer', private: true, type: 'module' };
  writeFileSync(join(consumer, 'package.json'), `${JSON.stringify(consumerManifest)}\n`);
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  const nodeTypes = `@types/node@${rootManifest.devDependencies['@types/node']}`;
  const tarballList = [...packed.values()].map((p) => p.tarball);
  mustRun('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', nodeTypes, ...tarballList], consumer);
  copyFileSync(join(root, 'examples/quickstart.wbrules'), join(consumer, 'quickstart.wbrules'));
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the workspace', () => {
  test('holds in every package what the root says (scripts/sync-packages.mjs --check)', () => {
    const check = run(process.execPath, [join(root, 'scripts/sync-packages.mjs'), '--check'], root);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});

describe('the packed packages', () => {
  test('are every package that is not private', () => {
    expect([...packed.keys()].sort()).toEqual(
      expect.arrayContaining([
        'wbrules',
        '@wbrules/compiler',
        '@wbrules/dev-server',
        '@wbrules/dsl',
        '@wbrules/evaluator',
        '@wbrules/language-server',
        '@wbrules/runtime',
        '@wbrules/unplugin',
        '@wbrules/webhooks',
      ]),
    );
    expect(packed.size).toBe(published.length);
  });

  test('each has a README, a LICENSE matching its license, and no test files', () => {
    for (const { name, files, manifest, dir } of packed.values()) {
      expect(files, name).toContain('README.md');
      expect(files, name).toContain('LICENSE');
      expect(manifest.license, name).toBe('MIT');
      expect(readFileSync(join(root, dir, 'LICENSE'), 'utf8'), name).toMatch(/^MIT License\n/);
      const tests = files.filter((f) => /(^|\/)__tests__\/|\.(test|spec)\.[cm]?[jt]s$/.test(f));
      expect(tests, name).toEqual([]);
    }
  });

  test('each names only shipped files in exports, bin, main and types, and no workspace: specifier', () => {
    for (const { name, files, manifest } of packed.values()) {
      const named = [
        ...exportTargets(manifest.exports),
        ...exportTargets(manifest.bin),
        ...[manifest.main, manifest.types].filter((f): f is string => typeof f === 'string'),
      ].map((f) => f.replace(/^\.\//, ''));
      expect(named.length, name).toBeGreaterThan(0);
      for (const file of named) expect(files, `${name} names ${file}`).toContain(file);
      expect(JSON.stringify(manifest), name).not.toContain('workspace:');
      expect(JSON.stringify(manifest), name).not.toContain('wbrules-source');
    }
  });

  test('each has the repository links, keywords, engines and public access of the root', () => {
    const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
    for (const { name, manifest, dir } of packed.values()) {
      expect(manifest.repository, name).toEqual({ ...(rootManifest.repository as object), directory: dir });
      expect(manifest.homepage, name).toBe(rootManifest.homepage);
      expect(manifest.bugs, name).toEqual(rootManifest.bugs);
      expect(manifest.engines, name).toEqual({ node: (rootManifest.engines as { node: string }).node });
      expect((manifest.keywords as string[]).length, name).toBeGreaterThan(2);
      expect(manifest.publishConfig, name).toEqual({ access: 'public' });
    }
  });

  test('ship source maps only with their sources embedded', () => {
    for (const { name, files, tarball } of packed.values()) {
      const unpacked = join(dirname(dirname(tarball)), 'unpacked', name, 'package');
      for (const file of files.filter((f) => f.endsWith('.map'))) {
        const map = JSON.parse(readFileSync(join(unpacked, file), 'utf8')) as {
          sources: string[];
          sourcesContent?: (string | null)[];
        };
        expect(map.sourcesContent?.length, `${name}/${file}`).toBe(map.sources.length);
        expect(
          map.sourcesContent?.every((s) => typeof s === 'string'),
          `${name}/${file}`,
        ).toBe(true);
      }
    }
  });

  test('wbrules: no dependencies, self-contained types, at most 3 MB unpacked', () => {
    const cli = packed.get('wbrules') as Packed;
    expect(cli.manifest.dependencies ?? {}).toEqual({});
    expect(cli.unpackedBytes).toBeLessThanOrEqual(maxCliUnpackedBytes);
    const unpacked = join(work, 'unpacked', 'wbrules', 'package');
    for (const file of cli.files.filter((f) => f.endsWith('.d.ts'))) {
      const text = readFileSync(join(unpacked, file), 'utf8');
      const specifiers = [...text.matchAll(/from\s+'([^']+)'|import\('([^']+)'\)/g)].map((m) => m[1] ?? m[2]);
      expect(
        specifiers.filter((s) => !s?.startsWith('./')),
        file,
      ).toEqual([]);
      expect(text, file).not.toMatch(/NodeJS\.|\/\/\/ <reference/);
    }
  });

  test('the grammar files ship in @wbrules/dsl, as the repository has them', () => {
    const dsl = join(consumer, 'node_modules/@wbrules/dsl');
    for (const file of ['wbrules.tmLanguage.json', 'wbrules.ebnf', 'diagrams.html']) {
      expect(readFileSync(join(dsl, 'grammar', file), 'utf8'), file).toBe(
        readFileSync(join(root, 'grammar', file), 'utf8'),
      );
    }
    // The diagram page's scripts are beside it.
    expect(readFileSync(join(dsl, 'grammar/diagrams.html'), 'utf8')).toContain(
      './diagrams/vendor/railroad-diagrams.js',
    );
    expect(statSync(join(dsl, 'grammar/diagrams/vendor/railroad-diagrams.js')).size).toBeGreaterThan(0);
    const script = `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const grammar = require('@wbrules/dsl/grammar/wbrules.tmLanguage.json');
console.log(grammar.scopeName);`;
    writeFileSync(join(consumer, 'grammar.mjs'), script);
    expect(mustRun(process.execPath, ['grammar.mjs'], consumer).trim()).toBe('source.wbrules');
  });

  test('the JSON Schemas ship in wbrules, as the repository has them, and resolve by their export', () => {
    const cli = join(consumer, 'node_modules/wbrules');
    const names = readdirSync(join(root, 'schemas')).filter((name) => name.endsWith('.schema.json'));
    expect(names.length).toBeGreaterThanOrEqual(4);
    for (const name of names) {
      expect(readFileSync(join(cli, 'schemas', name), 'utf8'), name).toBe(
        readFileSync(join(root, 'schemas', name), 'utf8'),
      );
    }
    const script = `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
console.log(require('wbrules/schemas/wbrules-test.schema.json').$id);`;
    writeFileSync(join(consumer, 'schemas.mjs'), script);
    expect(mustRun(process.execPath, ['schemas.mjs'], consumer).trim()).toBe(
      'https://raw.githubusercontent.com/wbrules/wbrules/main/schemas/wbrules-test.schema.json',
    );
  });

  test('sizes', () => {
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`.padStart(10);
    const lines = [...packed.values()].map(
      (p) =>
        `${p.name.padEnd(26)} packed ${kb(p.packedBytes)}  unpacked ${kb(p.unpackedBytes)}  ${p.files.length} files`,
    );
    console.log(`package sizes:\n${lines.join('\n')}`);
    expect(lines.length).toBe(packed.size);
  });
});

describe('a project that installed the tarballs with npm', () => {
  test('imports @wbrules/dsl and @wbrules/compiler from plain Node ESM and compiles an example', () => {
    const text = readFileSync(join(root, 'examples/quickstart.wbrules'), 'utf8');
    const expected = compile([{ file: 'quickstart.wbrules', text }]).automations.length;
    expect(expected).toBeGreaterThan(0);
    writeFileSync(
      join(consumer, 'use.mjs'),
      `import { readFileSync } from 'node:fs';
import { parse } from '@wbrules/dsl';
import { compile } from '@wbrules/compiler';
const text = readFileSync('quickstart.wbrules', 'utf8');
const parsed = parse(text, { file: 'quickstart.wbrules' });
const compiled = compile([{ file: 'quickstart.wbrules', text }]);
const errors = [...parsed.diagnostics, ...compiled.diagnostics].filter((d) => d.severity === 'error');
console.log(JSON.stringify({ items: parsed.ast.items.length, automations: compiled.automations.length, errors: errors.length }));
`,
    );
    const out = JSON.parse(mustRun(process.execPath, ['use.mjs'], consumer)) as Record<string, number>;
    expect(out).toEqual({ items: expect.any(Number), automations: expected, errors: 0 });
  });

  test.each(['node16', 'bundler'])('type-checks against the installed types with moduleResolution %s', (resolution) => {
    writeFileSync(
      join(consumer, `check-${resolution}.ts`),
      `/// <reference types="@wbrules/unplugin/client" />
import { type Diagnostic, parse } from '@wbrules/dsl';
import { type CompiledAutomation, compile } from '@wbrules/compiler';
import { validate } from '@wbrules/runtime';
import { validate as validateAlone } from '@wbrules/runtime/validate';
import { type CompileFilesResult, compileFiles } from '@wbrules/runtime/files';
import { type RunningDevServer, startDevServer, storeFromSeed } from '@wbrules/dev-server';
import { evaluate } from '@wbrules/evaluator';
import { serverInfo } from '@wbrules/language-server';
import { type SignatureExplanation, explainWandbSignature, verifyWandbSignature } from '@wbrules/webhooks';
import { ExitCode, run } from 'wbrules';
import imported from './quickstart.wbrules';

const diagnostics: readonly Diagnostic[] = parse('on run state failed -> nothing').diagnostics;
const automations: readonly CompiledAutomation[] = compile([{ file: 'a.wbrules', text: '' }]).automations;
const ok: boolean = validate(automations[0]?.input).ok && validateAlone(automations[0]?.input).ok;
const server: Promise<RunningDevServer> = startDevServer({ store: storeFromSeed({}), port: 0 });
const fired: number = evaluate(automations, { runs: [] }).firings.length;
const name: string = serverInfo.name;
const done: Promise<ExitCode> = run(['--version'], { stdout: () => {}, stderr: () => {}, color: false });
const compiled: CompileFilesResult = compileFiles(['quickstart.wbrules'], { cwd: '.' });
const code: number = ExitCode.usage;
const verified: Promise<boolean> = verifyWandbSignature(new Uint8Array(), null, 'secret');
const explained: Promise<SignatureExplanation> = explainWandbSignature('{}', 'sha256=00', 'secret');
// @wbrules/unplugin/client types every .wbrules import as the entries \`wbrules compile\` prints.
const scope: string | undefined = imported[0]?.input.scopeType;
export { code, compiled, diagnostics, done, explained, fired, name, ok, scope, server, verified };
`,
    );
    const module = resolution === 'node16' ? 'node16' : 'preserve';
    const config = {
      compilerOptions: {
        module,
        moduleResolution: resolution,
        target: 'es2022',
        lib: ['es2022'],
        types: ['node'],
        strict: true,
        noEmit: true,
        skipLibCheck: false,
      },
      files: [`check-${resolution}.ts`],
    };
    writeFileSync(join(consumer, `tsconfig.${resolution}.json`), JSON.stringify(config, null, 2));
    const tsc = run(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', `tsconfig.${resolution}.json`],
      consumer,
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  test('runs `npx wbrules` offline: --version and check on an example', () => {
    const version = (JSON.parse(readFileSync(join(root, 'packages/cli/package.json'), 'utf8')) as Manifest).version;
    expect(mustRun('npx', ['--offline', 'wbrules', '--version'], consumer, offline).trim()).toBe(version);
    const check = run('npx', ['--offline', 'wbrules', 'check', 'quickstart.wbrules'], consumer, offline);
    expect(check.stderr).toMatch(/^checked 1 file: \d+ rules, 0 errors, 0 warnings\n$/);
    expect(check.status).toBe(0);
    const bad = run('npx', ['--offline', 'wbrules', 'check', 'missing.wbrules'], consumer, offline);
    expect(bad.stderr).toBe('wbrules: cannot read "missing.wbrules": no such file or directory\n');
    expect(bad.status).toBe(2);
  });

  test('installs wbrules alone, offline, with nothing else: no runtime dependencies', () => {
    const alone = join(work, 'alone');
    mkdirSync(alone);
    writeFileSync(join(alone, 'package.json'), `${JSON.stringify({ name: 'alone', private: true })}\n`);
    mustRun(
      'npm',
      ['install', '--offline', '--no-audit', '--no-fund', (packed.get('wbrules') as Packed).tarball],
      alone,
    );
    const installed = readdirSync(join(alone, 'node_modules')).filter((n) => !n.startsWith('.'));
    expect(installed).toEqual(['wbrules']);
    copyFileSync(join(root, 'examples/quickstart.wbrules'), join(alone, 'quickstart.wbrules'));
    const compiled = mustRun('npx', ['--offline', 'wbrules', 'compile', 'quickstart.wbrules'], alone, offline);
    expect((JSON.parse(compiled) as unknown[]).length).toBeGreaterThan(0);
  });

  test('starts the bundled language server command', () => {
    const server = run(process.execPath, [join(consumer, 'node_modules/.bin/wbrules-language-server')], consumer);
    expect(server.stderr).toBe('usage: wbrules-language-server --stdio\n');
    expect(server.status).toBe(2);
  });

  test.each(published)("runs the example in %s's README", (dir) => {
    const readme = readFileSync(join(root, dir, 'README.md'), 'utf8');
    const example = firstBlock(readme, 'js');
    expect(example, `${dir}/README.md has a js example`).toBeDefined();
    const file = join(consumer, `readme-${dir.replace('/', '-')}.mjs`);
    writeFileSync(file, example as string);
    const result = run(process.execPath, [file], consumer);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).not.toBe('');
  });
});

describe('pnpm release:dry', () => {
  test('bumps versions in a scratch copy, builds and dry-runs the publish, changing nothing here', () => {
    // What a release bumps, were it done here (other tests may write elsewhere meanwhile).
    const bumped = ['packages', '.changeset', 'package.json', 'pnpm-lock.yaml'];
    const status = () => run('git', ['status', '--porcelain', '--', ...bumped], root).stdout;
    const before = status();
    const rehearsal = run(process.execPath, [join(root, 'scripts/release-dry.mjs'), '--keep'], root);
    const copy = /the copy is kept at (.+)$/m.exec(rehearsal.stdout)?.[1];
    try {
      expect(rehearsal.status, rehearsal.stdout + rehearsal.stderr).toBe(0);
      expect(copy).toBeDefined();
      // Every published package went through the dry-run publish at its new version.
      for (const { name, version } of published.map(
        (dir) => JSON.parse(readFileSync(join(copy as string, dir, 'package.json'), 'utf8')) as Manifest,
      )) {
        expect(rehearsal.stdout, name).toMatch(new RegExp(`${name.replace('/', '\\/')}\\s+\\S+ -> ${version}\\n`));
        expect(rehearsal.stdout + rehearsal.stderr, name).toContain(`${name}@${version}`);
      }
      // What compiles the version in follows the bump.
      const server = JSON.parse(
        readFileSync(join(copy as string, 'packages/language-server/package.json'), 'utf8'),
      ) as Manifest;
      expect(readFileSync(join(copy as string, 'packages/language-server/src/package-version.ts'), 'utf8')).toContain(
        `'${server.version}'`,
      );
      expect(status()).toBe(before);
    } finally {
      if (copy !== undefined) rmSync(dirname(copy), { recursive: true, force: true });
    }
  }, 120_000);
});
