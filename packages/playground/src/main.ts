import { lintGutter } from '@codemirror/lint';
import { EditorView, basicSetup } from 'codemirror';
import { compileDocument } from '@wbrules/compiler';
import { format } from '@wbrules/dsl';
import { languageClient, type PlacedDiagnostic } from './language-client.js';
import { renderDiagnostics, renderPayloads } from './output-view.js';
import { decodeSource, encodeSource } from './share-link.js';
import { wbrulesLanguage } from './wbrules-language.js';
import { WorkerConnection } from './worker-connection.js';

/**
 * The playground page: an editor, the diagnostics, the compiled payloads.
 * Everything runs in the browser with the same dsl and compiler the command
 * line uses. Diagnostics, hover and completion come from the language
 * server, running in a Web Worker (`lsp-worker.js`, built from
 * `@wbrules/language-server/browser`); the payloads are compiled here. The
 * source lives in the URL so a link shares it.
 */

const examples = Object.fromEntries(
  Object.entries(
    import.meta.glob<string>('../../../examples/*.wbrules', { query: '?raw', import: 'default', eager: true }),
  ).map(([path, text]) => [path.replace(/^.*\//, ''), text]),
);
const defaultExample = 'quickstart.wbrules';

function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`the page has no #${id}`);
  return node as T;
}

const picker = byId<HTMLSelectElement>('examples');
const status = byId<HTMLElement>('status');
const diagnosticList = byId<HTMLElement>('diagnostics');
const payloadPane = byId<HTMLElement>('payloads');

let view: EditorView;
let compileTimer: ReturnType<typeof setTimeout> | undefined;
let urlTimer: ReturnType<typeof setTimeout> | undefined;

const server = new WorkerConnection(new Worker(new URL('lsp-worker.js', document.baseURI)));
let published = 0;

/** Lists the diagnostics the server published for the editor's current text (it marks them itself). */
function showDiagnostics(diagnostics: readonly PlacedDiagnostic[], version: number): void {
  renderDiagnostics(diagnosticList, diagnostics, (from, to) => {
    view.dispatch({ selection: { anchor: from, head: to }, scrollIntoView: true });
    view.focus();
  });
  byId('diagnostic-count').textContent = `(${diagnostics.length})`;
  // For the browser tests: which document version the list shows, and that the worker sent it.
  diagnosticList.dataset.version = String(version);
  document.body.dataset.lspPublished = String(++published);
  document.body.dataset.lspMessages = String(server.received);
}

const client = languageClient(server, showDiagnostics);

/** Compiles the editor's text and refreshes the payloads. */
function refresh(): void {
  const text = view.state.doc.toString();
  const result = compileDocument({ file: 'playground.wbrules', text });
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  byId('payload-count').textContent = `(${result.automations.length})`;
  renderPayloads(payloadPane, result.automations, errors);
  document.body.dataset.state = errors > 0 ? 'errors' : 'compiled';
}

/** Keeps the URL's `#src=` in step with the editor, without adding history entries. */
function scheduleUrl(): void {
  clearTimeout(urlTimer);
  urlTimer = setTimeout(async () => {
    const hash = await encodeSource(view.state.doc.toString());
    history.replaceState(null, '', hash);
  }, 250);
}

function setSource(text: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

async function start(): Promise<void> {
  for (const name of Object.keys(examples).sort()) picker.append(new Option(name, name));
  const shared = await decodeSource(location.hash);
  picker.value = shared === undefined ? defaultExample : '';
  view = new EditorView({
    parent: byId('editor'),
    doc: shared ?? examples[defaultExample] ?? '',
    extensions: [
      basicSetup,
      wbrulesLanguage,
      lintGutter(),
      client.extensions,
      EditorView.updateListener.of((update) => {
        if (!update.docChanged) return;
        clearTimeout(compileTimer);
        compileTimer = setTimeout(refresh, 30);
        scheduleUrl();
      }),
    ],
  });
  picker.addEventListener('change', () => {
    const text = examples[picker.value];
    if (text !== undefined) setSource(text);
  });
  byId('format').addEventListener('click', () => {
    const text = view.state.doc.toString();
    const formatted = format(text);
    status.textContent = formatted === text ? 'Already formatted (or has a syntax error).' : 'Formatted.';
    if (formatted !== text) setSource(formatted);
  });
  byId('share').addEventListener('click', async () => {
    const hash = await encodeSource(view.state.doc.toString());
    history.replaceState(null, '', hash);
    try {
      await navigator.clipboard.writeText(location.href);
      status.textContent = 'Link copied.';
    } catch {
      status.textContent = 'Link is in the address bar.';
    }
  });
  window.addEventListener('hashchange', async () => {
    const text = await decodeSource(location.hash);
    if (text !== undefined && text !== view.state.doc.toString()) setSource(text);
  });
  refresh();
  await client.start(view);
  document.body.dataset.ready = 'true';
}

void start();
