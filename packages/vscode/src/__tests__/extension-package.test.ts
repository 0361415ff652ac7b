import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../../../language-server/src/__tests__/lsp-client.js';
import { readZip } from './read-zip.js';

/**
 * The extension as VS Code would install it: the manifest's contributions,
 * and the .vsix that `pnpm package:vscode` builds, whose bundled server
 * starts and answers with nothing else beside it (no node_modules).
 */

const root = join(import.meta.dirname, '../../../..');
const manifest = JSON.parse(readFileSync(join(root, 'packages/vscode/package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'wbrules-vsix-'));
let files: Map<string, Buffer>;

beforeAll(async () => {
  const { packageVscode } = (await import(join(root, 'scripts/package-vscode.mjs'))) as {
    packageVscode: (out: string) => Promise<string>;
  };
  const vsix = await packageVscode(join(work, 'wbrules.vsix'));
  files = readZip(readFileSync(vsix));
}, 60_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('VS Code extension manifest', () => {
  it('registers the wbrules language for .wbrules files with comments and brackets', () => {
    expect(manifest.contributes.languages).toEqual([
      {
        id: 'wbrules',
        aliases: ['wbrules', 'W&B rules'],
        extensions: ['.wbrules'],
        configuration: './language-configuration.json',
      },
    ]);
    const config = JSON.parse(readFileSync(join(root, 'packages/vscode/language-configuration.json'), 'utf8'));
    expect(config.comments).toEqual({ lineComment: '#' });
    expect(config.brackets).toEqual([
      ['{', '}'],
      ['[', ']'],
      ['(', ')'],
    ]);
  });

  it('contributes the TextMate grammar and activates on the language', () => {
    expect(manifest.contributes.grammars).toEqual([
      { language: 'wbrules', scopeName: 'source.wbrules', path: './dist/wbrules.tmLanguage.json' },
    ]);
    expect(manifest.activationEvents).toEqual(['onLanguage:wbrules']);
    // Red Hat's YAML extension reads this: rule-test files get the schema's completion and checks.
    expect(manifest.contributes.yamlValidation).toEqual([
      { fileMatch: '*.wbrules-test.yaml', url: './dist/wbrules-test.schema.json' },
    ]);
    expect(manifest.main).toBe('./dist/extension.cjs');
    expect(manifest.engines.vscode).toBe('^1.91.0');
  });
});

describe('the packaged .vsix', () => {
  it('holds the manifest, the bundles and the grammar, and no node_modules', () => {
    expect([...files.keys()].sort()).toEqual([
      '[Content_Types].xml',
      'extension.vsixmanifest',
      'extension/LICENSE.txt',
      'extension/dist/extension.cjs',
      'extension/dist/server.cjs',
      'extension/dist/wbrules-test.schema.json',
      'extension/dist/wbrules.tmLanguage.json',
      'extension/language-configuration.json',
      'extension/package.json',
      'extension/readme.md',
    ]);
    const packagedText = (files.get('extension/package.json') as Buffer).toString('utf8');
    const packaged = JSON.parse(packagedText);
    expect(packaged.contributes).toEqual(manifest.contributes);
    // What VS Code reads: the workspace's version, no development-only fields or workspace specifiers.
    expect(packaged.version).toBe(manifest.version);
    expect(packaged).not.toHaveProperty('devDependencies');
    expect(packaged).not.toHaveProperty('scripts');
    expect(packagedText).not.toContain('workspace:');
    expect(files.get('extension.vsixmanifest')?.toString('utf8')).toContain(
      `Id="wbrules-vscode" Version="${manifest.version}"`,
    );
    // The grammar is the project's own, unchanged, at the path the manifest names.
    const grammarPath = `extension/${packaged.contributes.grammars[0].path.replace('./', '')}`;
    expect(files.get(grammarPath)?.toString('utf8')).toBe(
      readFileSync(join(root, 'grammar/wbrules.tmLanguage.json'), 'utf8'),
    );
    expect(JSON.parse(files.get(grammarPath)?.toString('utf8') ?? '{}').scopeName).toBe('source.wbrules');
    // The rule-test schema is the repository's own, at the path yamlValidation names.
    expect(files.get('extension/dist/wbrules-test.schema.json')?.toString('utf8')).toBe(
      readFileSync(join(root, 'schemas/wbrules-test.schema.json'), 'utf8'),
    );
    // The client starts the bundled server by that name.
    expect(files.get('extension/dist/extension.cjs')?.toString('utf8')).toContain('server.cjs');
  });

  it('starts its bundled server alone and answers over stdio', async () => {
    const alone = join(work, 'server-alone');
    const bin = join(alone, 'server.cjs');
    rmSync(alone, { recursive: true, force: true });
    mkdirSync(alone);
    writeFileSync(bin, files.get('extension/dist/server.cjs') as Buffer);
    const server = spawnServer(bin);
    const init = await server.connection.sendRequest<{ serverInfo: { name: string; version: string } }>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
    });
    // The bundled server reports the language server package's version.
    const serverManifest = JSON.parse(readFileSync(join(root, 'packages/language-server/package.json'), 'utf8'));
    expect(init.serverInfo).toEqual({ name: 'wbrules-language-server', version: serverManifest.version });
    await server.connection.sendNotification('initialized', {});
    const uri = 'file:///x.wbrules';
    const published = server.next<{ diagnostics: { code: string }[] }>('textDocument/publishDiagnostics');
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'wbrules', version: 1, text: 'on run state failed -> nothing\n' },
    });
    expect((await published).diagnostics.map((d) => d.code)).toEqual(['WR2001', 'WR3002']);
    expect(await server.close()).toBe(0);
  });
});
