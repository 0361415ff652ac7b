import { readFileSync } from 'node:fs';
import { format } from '@wbrules/dsl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureServerBundle, type LspSession, spawnServer } from './lsp-client.js';

/**
 * The real server process over its protocol: a JSON-RPC client spawns
 * `node <bin> --stdio` and asserts the messages the server sends.
 */

interface PublishParams {
  readonly uri: string;
  readonly version?: number;
  readonly diagnostics: readonly {
    range: unknown;
    severity: number;
    code: string;
    message: string;
    relatedInformation?: unknown;
  }[];
}

const uri = 'file:///work/rules.wbrules';
const text = [
  'webhook ci = "github-dispatch"',
  'slack alerts = "#ml-alerts"',
  'in project "acme/vision"',
  'on run metric "😀loss" changes by 10% within 5 -> webhook cj',
  'automation "floor"',
  'on run metric "val/acc" avg over 5 < 0.8 -> slack alerts severity warn',
  '',
].join('\n');

const range = (l1: number, c1: number, l2: number, c2: number) => ({
  start: { line: l1, character: c1 },
  end: { line: l2, character: c2 },
});

let server: LspSession;
let opened: PublishParams;

beforeAll(async () => {
  await ensureServerBundle();
  server = spawnServer();
  const init = await server.connection.sendRequest<{ capabilities: Record<string, unknown>; serverInfo: unknown }>(
    'initialize',
    { processId: process.pid, rootUri: null, capabilities: {} },
  );
  // The version is the package's (src/package-version.ts is generated from package.json; see sync-packages).
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  expect(init.serverInfo).toEqual({ name: 'wbrules-language-server', version: manifest.version });
  expect(init.capabilities).toMatchObject({
    textDocumentSync: 2,
    hoverProvider: true,
    definitionProvider: true,
    referencesProvider: true,
    documentSymbolProvider: true,
    documentFormattingProvider: true,
    codeActionProvider: { codeActionKinds: ['quickfix'] },
  });
  await server.connection.sendNotification('initialized', {});
  const published = server.next<PublishParams>('textDocument/publishDiagnostics', (p) => p.uri === uri);
  await server.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'wbrules', version: 1, text },
  });
  opened = await published;
}, 30_000);

afterAll(async () => {
  expect(await server.close()).toBe(0);
});

describe('language server over stdio', () => {
  it('publishes every diagnostic with its code, UTF-16 range, severity and hints', () => {
    expect(opened.version).toBe(1);
    expect(opened.diagnostics).toEqual([
      {
        range: range(0, 8, 0, 10),
        severity: 2,
        code: 'WR3025',
        source: 'wbrules',
        message: 'the webhook integration "ci" is declared but no rule uses it',
      },
      {
        range: range(3, 3, 3, 46),
        severity: 3,
        code: 'WR2001',
        source: 'wbrules',
        message:
          'this rule\'s automation is named "loss-changes-by-10pct-within-5-webhook-cj"\nhint: The name is derived from the rule, so editing the rule renames the automation; write automation "NAME" to fix it.',
      },
      // The emoji is two UTF-16 units: "cj" starts at character 58 (57 code points in).
      {
        range: range(3, 58, 3, 60),
        severity: 1,
        code: 'WR3019',
        source: 'wbrules',
        message: 'unknown webhook integration "cj"\nhint: Did you mean "ci"?',
      },
    ]);
  });

  it('offers the fix a diagnostic carries as a quick fix', async () => {
    const actions = await server.connection.sendRequest<{ title: string; edit: unknown }[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: range(3, 58, 3, 60),
      context: { diagnostics: [] },
    });
    expect(actions.map((a) => a.title)).toEqual(['Change to "ci"']);
    expect(actions[0]?.edit).toEqual({ changes: { [uri]: [{ range: range(3, 58, 3, 60), newText: 'ci' }] } });
  });

  it('re-checks after an incremental change and reports related places', async () => {
    const next = server.next<PublishParams>('textDocument/publishDiagnostics', (p) => p.version === 2);
    // "cj" -> "alerts": a Slack integration used by a webhook action.
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: range(3, 58, 3, 60), text: 'alerts' }],
    });
    const published = await next;
    const wrongKind = published.diagnostics.find((d) => d.code === 'WR3020');
    expect(wrongKind).toEqual({
      range: range(3, 58, 3, 64),
      severity: 1,
      code: 'WR3020',
      source: 'wbrules',
      message:
        '"alerts" is a slack integration, but "-> webhook" needs a webhook integration\nhint: Use "-> slack alerts", or declare a webhook integration for this action.',
      relatedInformation: [
        { location: { uri, range: range(1, 0, 1, 27) }, message: '"alerts" is declared as a slack here' },
      ],
    });
    expect(published.diagnostics.some((d) => d.code === 'WR3019')).toBe(false);
    // Back to the original text for the tests that follow.
    const back = server.next<PublishParams>('textDocument/publishDiagnostics', (p) => p.version === 3);
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [{ range: range(3, 58, 3, 64), text: 'ci' }],
    });
    expect((await back).diagnostics.map((d) => d.code)).toEqual(['WR2001']);
  });

  it('completes keywords the grammar allows, integration names, severities and template variables', async () => {
    const labels = async (line: number, character: number) =>
      (
        await server.connection.sendRequest<{ label: string }[]>('textDocument/completion', {
          textDocument: { uri },
          position: { line, character },
        })
      ).map((i) => i.label);
    expect(await labels(3, 3)).toEqual(['run', 'artifact', 'alias', 'tag', 'collection']);
    // After "-> slack " only Slack integrations; after "severity " the three severities.
    expect(await labels(5, 50)).toEqual(['alerts']);
    expect(await labels(5, 66)).toEqual(['info', 'warn', 'error']);
    // Inside a word, the words that may stand there.
    expect(await labels(5, 65)).toEqual([
      'title',
      'message',
      'severity',
      'webhook',
      'slack',
      'in',
      'automation',
      'description',
      'disabled',
      'on',
    ]);
    const scratch = 'file:///work/scratch.wbrules';
    const body = 'webhook ci = "x"\non alias added in team "t" -> webhook ci { "v": "${art';
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: scratch, languageId: 'wbrules', version: 1, text: body },
    });
    const items = await server.connection.sendRequest<{ label: string; textEdit: unknown }[]>(
      'textDocument/completion',
      { textDocument: { uri: scratch }, position: { line: 1, character: 54 } },
    );
    expect(items.map((i) => i.label)).toEqual([
      'automation_name',
      'event_type',
      'event_author',
      'entity_name',
      'project_name',
      'artifact_collection_name',
      'artifact_version',
      'artifact_version_string',
      'artifact_version_index',
      'alias',
      'artifact_metadata.KEY',
    ]);
    expect(items[6]?.textEdit).toEqual({ range: range(1, 51, 1, 54), newText: 'artifact_version}' });
  });

  it('hovers a rule with the W&B event, scope, action, defaults and decoded eventFilter', async () => {
    const result = await server.connection.sendRequest<{ contents: { kind: string; value: string }; range: unknown }>(
      'textDocument/hover',
      { textDocument: { uri }, position: { line: 3, character: 30 } },
    );
    expect(result.range).toEqual(range(3, 0, 3, 60));
    const value = result.contents.value;
    expect(result.contents.kind).toBe('markdown');
    expect(value).toContain('**automation "loss-changes-by-10pct-within-5-webhook-ci"** (name derived from the rule)');
    expect(value).toContain('- **event** `RUN_METRIC_CHANGE` (run metric)');
    expect(value).toContain('  - agg_op `"AVERAGE"` (default)');
    expect(value).toContain('  - prior_window_size `5` (default)');
    expect(value).toContain('  - current_window_size `5`\n');
    expect(value).toContain(
      '- **scope** `PROJECT` project "acme/vision" (entity "acme", from the `in` default on line 3)',
    );
    expect(value).toContain('- **action** `GENERIC_WEBHOOK` via webhook "github-dispatch" of entity "acme"');
    expect(value).toContain(
      '{\n  "run_filter": {\n    "$and": []\n  },\n  "run_metric_filter": {\n    "change_filter": {',
    );
    expect(value).toContain('"change_amount": 0.1,');
  });

  it('hovers an integration name with its declaration, and navigates to it', async () => {
    const result = await server.connection.sendRequest<{ contents: { value: string } }>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 3, character: 59 },
    });
    expect(result.contents.value).toBe(
      '```wbrules\nwebhook ci = "github-dispatch"\n```\n\nGeneric webhook integration "github-dispatch", looked up in the entity that owns each rule’s scope.',
    );
    const definition = await server.connection.sendRequest('textDocument/definition', {
      textDocument: { uri },
      position: { line: 3, character: 59 },
    });
    expect(definition).toEqual([{ uri, range: range(0, 8, 0, 10) }]);
    const references = await server.connection.sendRequest('textDocument/references', {
      textDocument: { uri },
      position: { line: 0, character: 9 },
      context: { includeDeclaration: true },
    });
    expect(references).toEqual([
      { uri, range: range(0, 8, 0, 10) },
      { uri, range: range(3, 58, 3, 60) },
    ]);
  });

  it('lists one symbol per automation, named as on the server', async () => {
    const symbols = await server.connection.sendRequest<{ name: string; detail: string; range: unknown }[]>(
      'textDocument/documentSymbol',
      { textDocument: { uri } },
    );
    expect(symbols.map((s) => [s.name, s.detail, s.range])).toEqual([
      [
        'loss-changes-by-10pct-within-5-webhook-ci',
        'RUN_METRIC_CHANGE in project "acme/vision" (derived name)',
        range(3, 0, 3, 60),
      ],
      ['floor', 'RUN_METRIC in project "acme/vision"', range(4, 0, 5, 70)],
    ]);
  });

  it('formats the whole document with one minimal edit', async () => {
    const messy = 'in   project "a/b"\non run state   failed ->  nothing\n';
    const doc = 'file:///work/messy.wbrules';
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: doc, languageId: 'wbrules', version: 1, text: messy },
    });
    const edits = await server.connection.sendRequest<{ range: unknown; newText: string }[]>(
      'textDocument/formatting',
      {
        textDocument: { uri: doc },
        options: { tabSize: 2, insertSpaces: true },
      },
    );
    expect(format(messy)).toBe('in project "a/b"\n\non run state failed -> nothing\n');
    expect(edits).toEqual([{ range: range(0, 3, 1, 25), newText: 'project "a/b"\n\non run state failed ->' }]);
  });
});
