import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, test } from 'vitest';

/**
 * The runtime's folders and which way their imports point. Each folder's
 * index.ts says what the folder owns and what it may import; this table is
 * the same rule in a form a test can hold the code to. Imports are read by
 * esbuild (which parses every source file and resolves each import to a
 * file), so a comment that mentions a path is not mistaken for an import.
 */

const src = fileURLToPath(new URL('..', import.meta.url));

type Folder = 'schema' | 'validate' | 'client' | 'plan' | 'files';

/** What each folder may import: sibling folders, and packages (`node:` modules included) by pattern. */
const allowed: Readonly<Record<Folder, { readonly folders: readonly Folder[]; readonly packages: RegExp }>> = {
  schema: { folders: [], packages: /^graphql$/ },
  validate: { folders: ['schema'], packages: /^(graphql|@wbrules\/compiler|@wbrules\/dsl)$/ },
  client: { folders: [], packages: /^(node:.+|undici|graphql)$/ },
  plan: { folders: ['client', 'validate', 'schema'], packages: /^(node:.+|@wbrules\/compiler|@wbrules\/dsl)$/ },
  files: { folders: [], packages: /^(node:.+|tinyglobby|@wbrules\/compiler|@wbrules\/dsl)$/ },
};
const folders = Object.keys(allowed) as Folder[];

/** Every source file (tests excluded), relative to src/ with `/` separators. */
function sourceFiles(dir = src): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(src, path).split(sep).join('/')] : [];
  });
}

/** One import of a source file: a file of src/ (relative to it) or, when `external`, the package named. */
interface Import {
  readonly path: string;
  readonly external: boolean;
}

let imports: Map<string, Import[]>;

beforeAll(async () => {
  const files = sourceFiles();
  const result = await build({
    absWorkingDir: src,
    entryPoints: files,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    outdir: 'out',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const metafile: Metafile = result.metafile;
  imports = new Map(
    Object.entries(metafile.inputs).map(([file, input]) => [
      file,
      input.imports.map((i) => ({ path: i.path.split(sep).join('/'), external: i.external === true })),
    ]),
  );
  expect([...imports.keys()].sort()).toEqual(files.sort());
});

describe('the runtime is laid out by concern', () => {
  test('every source file but the entry is in one of the folders', () => {
    expect(
      sourceFiles().filter((f) => !folders.some((folder) => f.startsWith(`${folder}/`)) && f !== 'index.ts'),
    ).toEqual([]);
  });

  test.each(folders)('%s/index.ts opens with what the folder owns and what it may import', (folder) => {
    const text = readFileSync(join(src, folder, 'index.ts'), 'utf8');
    expect(text.startsWith(`/**\n * \`${folder}/\`: `)).toBe(true);
    expect(text.slice(0, text.indexOf('*/'))).toContain('May import:');
  });

  test.each(folders)('%s/ imports only what it may', (folder) => {
    const rule = allowed[folder];
    const refused: string[] = [];
    for (const [file, targets] of imports) {
      if (!file.startsWith(`${folder}/`)) continue;
      for (const { path, external } of targets) {
        const ok = external
          ? rule.packages.test(path)
          : [folder, ...rule.folders].some((f) => path.startsWith(`${f}/`));
        if (!ok) refused.push(`${file} imports ${path}`);
      }
    }
    expect(refused).toEqual([]);
  });

  test('the folders import each other one way only: no cycle', () => {
    for (const folder of folders) {
      for (const other of allowed[folder].folders)
        expect(allowed[other].folders, `${other} → ${folder}`).not.toContain(folder);
    }
    // Only the package's entry imports `plan/`.
    expect(folders.filter((f) => allowed[f].folders.includes('plan'))).toEqual([]);
  });
});
